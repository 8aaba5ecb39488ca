"""Model kinds: a model folder names its kind, the kind's descriptor shapes loading and running it, and a second
architecture (tests/tiny_kind.py) loads and runs like the seed."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from eqviewer.errors import ModelError
from eqviewer.model import registry
from eqviewer.model.descriptor import CLASSIFIER, PICKER_INPUT, SEED, descriptor_for, register_kind
from tests.tiny_kind import TINY


def test_the_seed_descriptor_is_the_default_kind():
    assert descriptor_for("seed") is SEED
    assert (SEED.window_samples, SEED.sampling_rate, SEED.window_s) == (6000, 100.0, 60.0)
    assert registry.seed_entry().descriptor is SEED


def test_unknown_kind_and_foreign_rate_are_refused():
    with pytest.raises(ModelError, match="unknown model kind 'nope'"):
        descriptor_for("nope", "/some/model")
    with pytest.raises(ValueError, match="records are read at 100 Hz"):
        register_kind(replace(TINY, kind="fast-rate", sampling_rate=50.0))
    with pytest.raises(ValueError, match="input and a threshold"):
        replace(SEED, inputs={CLASSIFIER: PICKER_INPUT})


def test_tiny_kind_loads_and_predicts_at_its_own_window(tiny_model):
    from eqviewer.model import SeedModel

    model = SeedModel.load(tiny_model)
    assert model.descriptor == TINY and model.inputs == dict(TINY.inputs)
    raw = np.random.default_rng(0).standard_normal((5, TINY.window_samples, 3)).astype(np.float32) * 100
    out = model.predict(raw, attention=False)
    assert out.prob_earthquake.shape == (5,) and np.all((out.prob_earthquake >= 0) & (out.prob_earthquake <= 1))
    assert out.p_prob.shape == out.s_prob.shape == (5, TINY.window_samples)
    spans = model.predict(raw, networks=("p",), attention=False, spans={"p": 1000})
    assert spans.p_prob.shape == (5, 1000)
    with pytest.raises(ValueError, match=r"\(N, 3000, 3\)"):
        model.predict(np.zeros((1, SEED.window_samples, 3), np.float32))


def test_a_model_naming_another_kind_as_base_is_refused(tiny_model):
    from eqviewer.model import SeedModel

    folder = registry.resolve(tiny_model).path
    metadata = json.loads((folder / registry.METADATA_FILE).read_text())
    del metadata["networks"]["s"]  # now the S picker must come from the base: the seed, another kind
    metadata["base"] = "seed"
    (folder / registry.METADATA_FILE).write_text(json.dumps(metadata))
    with pytest.raises(ModelError, match="model kind 'seed' is not 'tiny-test'"):
        SeedModel.load(tiny_model)


def test_a_network_whose_input_is_not_the_kinds_window_is_refused(tiny_model):
    from eqviewer.model import SeedModel

    folder = registry.resolve(tiny_model).path
    metadata = json.loads((folder / registry.METADATA_FILE).read_text())
    metadata["kind"] = "seed"
    (folder / registry.METADATA_FILE).write_text(json.dumps(metadata))
    with pytest.raises(ModelError, match=r"model kind 'seed' needs \(batch, 6000, 3\) in"):
        SeedModel.load(tiny_model)
