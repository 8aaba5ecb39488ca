"""The amplitude guard of the raw-input classifier: the measured noise ceiling holds for the published weights, the
noise level ignores earthquakes, and records far louder than the ceiling get a warning."""

from __future__ import annotations

import numpy as np

from eqviewer.io import open_archive
from eqviewer.model.amplitude_guard import classifier_amplitude_warning, noise_level
from eqviewer.model.descriptor import CLASSIFIER, SEED


def test_the_seed_classifier_calls_white_noise_an_earthquake_just_above_its_ceiling(seed_model):
    ceiling = SEED.raw_noise_ceiling
    noise = np.random.default_rng(3).standard_normal((32, SEED.window_samples, 3)).astype(np.float32)

    def median_p(scale):
        out = seed_model.predict(noise * scale, networks=(CLASSIFIER,), attention=False, batch_size=32)
        return float(np.median(out.prob_earthquake))

    assert median_p(0.8 * ceiling) < 0.1 < median_p(1.2 * ceiling)
    assert median_p(3 * ceiling) > 0.9  # far above it, plain noise is an earthquake to it


def test_noise_level_is_the_noise_not_the_earthquake():
    rng = np.random.default_rng(0)
    data = 2.0 * rng.standard_normal((3, 100_000)) + 500.0  # an offset does not count
    data[0, 10_000:40_000] += 300.0 * rng.standard_normal(30_000)  # an earthquake over 30 % of the record
    assert abs(noise_level(data) - 2.0) < 0.2 * 2.0
    assert noise_level(np.zeros((3, 0))) == 0.0


def test_warning_for_records_far_above_the_ceiling(shared_data):
    quiet = 0.3 * np.random.default_rng(1).standard_normal((3, 6000))
    assert classifier_amplitude_warning(SEED, quiet) is None
    with open_archive(shared_data / "stead_eqt50") as source:
        data = source.read(source.items()[0]).data  # TA.109C in counts: noise of tens to hundreds
    warning = classifier_amplitude_warning(SEED, data)
    assert warning is not None and "raw-amplitude" in warning and "not to be trusted" in warning
