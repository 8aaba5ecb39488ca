"""The amplitude guard of the raw-input classifier: the measured noise ceiling holds for the published weights, the
noise level ignores earthquakes, records far louder than the ceiling get a warning, and each model's ceiling is
its own classifier's (a normalising classifier has none)."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.io import open_archive
from eqviewer.model import registry
from eqviewer.model.amplitude_guard import (
    CEILING_KEY,
    classifier_amplitude_warning,
    measure_noise_ceiling,
    noise_ceiling,
    noise_level,
)
from eqviewer.model.descriptor import CLASSIFIER, SEED


def test_the_seed_classifier_calls_white_noise_an_earthquake_just_above_its_ceiling(seed_model):
    ceiling = SEED.raw_noise_ceiling
    noise = np.random.default_rng(3).standard_normal((32, SEED.window_samples, 3)).astype(np.float32)

    def median_p(scale):
        out = seed_model.predict(noise * scale, networks=(CLASSIFIER,), attention=False, batch_size=32)
        return float(np.median(out.prob_earthquake))

    assert median_p(0.8 * ceiling) < 0.1 < median_p(1.2 * ceiling)
    assert median_p(3 * ceiling) > 0.9  # far above it, plain noise is an earthquake to it
    measured = measure_noise_ceiling(
        lambda x: seed_model.predict(x, networks=(CLASSIFIER,), attention=False, batch_size=32).prob_earthquake,
        SEED.window_samples)
    assert measured is not None and 0.8 * ceiling < measured < 1.2 * ceiling  # how the ceiling of a model is measured


def test_measuring_a_classifier_that_ignores_amplitude_gives_no_ceiling():
    assert measure_noise_ceiling(lambda x: np.full(len(x), 0.02), 100, n_windows=4) is None
    assert measure_noise_ceiling(lambda x: (np.abs(x).mean(axis=(1, 2)) > 5.0).astype(float), 100, n_windows=4) \
        == pytest.approx(5.0 / np.sqrt(2 / np.pi), rel=0.05)  # mean |N(0, s)| = s sqrt(2/pi)


def test_each_model_is_judged_by_its_own_classifier(tmp_path, monkeypatch, seed_models_dir):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("EQVIEWER_MODELS_DIR", str(seed_models_dir))
    seed = registry.seed_entry()
    assert noise_ceiling(seed) == SEED.raw_noise_ceiling
    weights = tmp_path / "net.keras"
    weights.write_bytes(b"not read: the ceiling comes from the metadata")
    pickers_only = registry.register("pickers", {"p": weights}, {"base": "seed"})
    assert noise_ceiling(pickers_only) == SEED.raw_noise_ceiling  # the classifier is the seed's
    normalising = registry.register("normalising", {CLASSIFIER: weights},
                                    {"base": "seed", CEILING_KEY: None})
    raw = registry.register("raw", {CLASSIFIER: weights}, {"base": "seed", CEILING_KEY: 3.5})
    on_top = registry.register("on-top", {"p": weights}, {"base": "normalising"})
    assert noise_ceiling(normalising) is None and noise_ceiling(raw) == 3.5 and noise_ceiling(on_top) is None
    loud = 2.0 * np.random.default_rng(0).standard_normal((3, 6000))
    assert classifier_amplitude_warning(noise_ceiling(seed), loud) is not None
    assert classifier_amplitude_warning(noise_ceiling(raw), loud) is None
    assert classifier_amplitude_warning(noise_ceiling(normalising), 1e4 * loud) is None


def test_noise_level_is_the_noise_not_the_earthquake():
    rng = np.random.default_rng(0)
    data = 2.0 * rng.standard_normal((3, 100_000)) + 500.0  # an offset does not count
    data[0, 10_000:40_000] += 300.0 * rng.standard_normal(30_000)  # an earthquake over 30 % of the record
    assert abs(noise_level(data) - 2.0) < 0.2 * 2.0
    assert noise_level(np.zeros((3, 0))) == 0.0


def test_warning_for_records_far_above_the_ceiling(shared_data):
    quiet = 0.3 * np.random.default_rng(1).standard_normal((3, 6000))
    assert classifier_amplitude_warning(SEED.raw_noise_ceiling, quiet) is None
    with open_archive(shared_data / "stead_eqt50") as source:
        data = source.read(source.items()[0]).data  # TA.109C in counts: noise of tens to hundreds
    warning = classifier_amplitude_warning(SEED.raw_noise_ceiling, data)
    assert warning is not None and "raw-amplitude" in warning and "not to be trusted" in warning
