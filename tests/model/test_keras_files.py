"""Saving and loading our own networks as .keras files in safe mode, and registering fine-tuned models."""

from __future__ import annotations

import json

import keras
import numpy as np
import pytest

from eqviewer.errors import ModelError
from eqviewer.model import SeedModel, build_classifier, registry
from eqviewer.model.seed import load_keras_network

ROWS = [0, 4, 9]

# Keras 3.15's own .keras writer converts TF variables with np.array(copy=False), which NumPy 2.4 warns about.
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")


def test_each_network_round_trips_through_keras_in_safe_mode(seed_model, reference, tmp_path):
    seed_model.save(tmp_path)
    inputs = {"classifier": reference["raw"][ROWS], "p": reference["picker_input"][ROWS], "s": reference["picker_input"][ROWS]}
    expected = {"classifier": reference["classifier_prob"][ROWS], "p": reference["p_prob"][ROWS], "s": reference["s_prob"][ROWS]}
    for net in ("classifier", "p", "s"):
        loaded = load_keras_network(tmp_path / f"{net}.keras")
        got = loaded.predict(inputs[net], verbose=0)
        np.testing.assert_allclose(got.reshape(expected[net].shape), expected[net], rtol=0, atol=float(reference["atol"]))


def test_registered_model_loads_by_name_with_base_networks(seed_model, reference, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    metadata = {"base": "seed", "task": "classifier", "training_data": ["x.h5"], "metrics": {"f1": 0.9}}
    entry = registry.register("tuned-1", {"classifier": seed_model.classifier}, metadata)
    assert entry.path == tmp_path / "data" / "eqviewer" / "models" / "tuned-1"
    stored = json.loads((entry.path / "metadata.json").read_text())
    assert stored["metrics"] == {"f1": 0.9} and stored["networks"]["classifier"]["input"] == "raw"
    assert [e.name for e in registry.list_models()] == ["seed", "tuned-1"]

    tuned = SeedModel.load("tuned-1", jit_compile=False)
    assert tuned.name == "tuned-1" and tuned.version != seed_model.version
    assert tuned.p_picker is not seed_model.p_picker  # pickers come from the base (seed) weights
    out = tuned.predict(reference["raw"][ROWS], attention=False, batch_size=len(ROWS))
    np.testing.assert_allclose(out.prob_earthquake, reference["classifier_prob"][ROWS, 1], atol=float(reference["atol"]))
    np.testing.assert_allclose(out.p_prob, reference["p_prob"][ROWS], atol=float(reference["atol"]))

    with pytest.raises(ModelError, match="already registered"):
        registry.register("tuned-1", {"classifier": seed_model.classifier}, metadata)
    with pytest.raises(ModelError, match="invalid model name"):
        registry.register("../evil", {"classifier": seed_model.classifier})


def test_normalising_classifier_variant_saves_and_is_gain_independent(tmp_path):
    model = build_classifier(normalize_input=True)
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 6000, 3)).astype(np.float32)
    model.save(tmp_path / "c.keras")
    loaded = load_keras_network(tmp_path / "c.keras")
    a, b = np.split(loaded.predict(np.concatenate([x, x * 1000 + 5]), verbose=0), 2)
    np.testing.assert_allclose(a, b, atol=1e-5)
    np.testing.assert_allclose(a, model.predict(x, verbose=0), atol=1e-6)


def test_lambda_layers_are_refused(tmp_path):
    inputs = keras.Input((4,))
    model = keras.Model(inputs, keras.layers.Lambda(lambda t: t * 2)(inputs))
    model.save(tmp_path / "lambda.keras")
    with pytest.raises(ModelError, match="lambda.keras"):
        load_keras_network(tmp_path / "lambda.keras")


def test_damaged_files_give_model_errors(tmp_path, seed_models_dir):
    from eqviewer.model.h5_weights import CLASSIFIER_TABLE, load_h5_weights

    (tmp_path / "junk.keras").write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="junk.keras"):
        load_keras_network(tmp_path / "junk.keras")
    (tmp_path / "junk.h5").write_bytes(b"not hdf5")
    with pytest.raises(ModelError, match="junk.h5"):
        load_h5_weights(build_classifier(), tmp_path / "junk.h5", CLASSIFIER_TABLE)
    with pytest.raises(ModelError, match="P_wave"):  # a picker's file is not a classifier
        load_h5_weights(build_classifier(), seed_models_dir / "P_wave_phase_picking_best_model.h5", CLASSIFIER_TABLE)
    with pytest.raises(ModelError, match="no such model"):
        SeedModel.load("never-registered")
