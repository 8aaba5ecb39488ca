"""Fine-tuning end to end on synthetic windows (a few epochs, CPU): loss falls, model registers and reloads."""

import json

import numpy as np
import pytest

from eqviewer.errors import EqviewerError
from eqviewer.train.augment import AugmentSettings
from eqviewer.train.finetune import TrainSettings, finetune_windows
from eqviewer.train.windows import collect_windows
from tests.train.synthetic import synthetic_record


@pytest.fixture()
def user_models(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "eqviewer" / "models"


@pytest.fixture(scope="module")
def windows():
    rng = np.random.default_rng(5)
    records = [
        synthetic_record(f"eq{i}", rng, p=float(rng.integers(300, 1500)), s=None, metadata={"source_id": f"ev{i}"})
        for i in range(12)
    ]
    records += [synthetic_record(f"n{i}", rng, p=None, s=None, category="noise") for i in range(6)]
    return collect_windows(records)


def test_classifier_finetune_lowers_loss_registers_and_reloads(windows, user_models):
    from eqviewer.model import SeedModel

    settings = TrainSettings(epochs=4, batch_size=8, learning_rate=1e-3, val_fraction=0.25, patience=10,
                             augment=AugmentSettings.off(), seed=3)
    seen = []
    result = finetune_windows(windows, None, "classifier", "synthetic-cls", settings, ["mem"], progress=seen.append)
    history = result.networks["classifier"].history
    assert history[-1]["loss"] < history[0]["loss"]
    assert any(p.epoch_done for p in seen) and all(p.network == "classifier" for p in seen)
    meta = json.loads((user_models / "synthetic-cls" / "metadata.json").read_text())
    assert meta["base"] == "seed" and meta["task"] == "classifier"
    assert "WindowNormalization" in meta["preprocessing"]["classifier"]
    assert meta["training_data"]["paths"][0].endswith("mem") and len(meta["training_data"]["sha256"]) == 64
    assert meta["validation_metrics"]["classifier"]["val_loss"] > 0
    model = SeedModel.load("synthetic-cls")  # safe mode; the pickers come from the seed base
    assert any(layer.name == "normalize" for layer in model.classifier.layers)
    out = model.predict(np.transpose(windows.waveforms[:2], (0, 2, 1)), networks=("classifier",), attention=False)
    assert out.prob_earthquake.shape == (2,) and np.all(np.isfinite(out.prob_earthquake))
    with pytest.raises(EqviewerError, match="already registered"):
        finetune_windows(windows, None, "classifier", "synthetic-cls", settings)
    with pytest.raises(EqviewerError, match="unknown task"):
        finetune_windows(windows, None, "pickers", "other", settings)


def test_picker_finetune_with_frozen_encoder_keeps_encoder_weights(windows, user_models):
    from eqviewer.model import SeedModel

    seed = SeedModel.load()
    settings = TrainSettings(epochs=1, batch_size=8, freeze_encoder=True, val_fraction=0.25, seed=1)
    result = finetune_windows(windows, "seed", "picker-p", "synthetic-p", settings)
    tuned = SeedModel.load("synthetic-p")
    before = seed.p_picker.get_layer("msff1").get_weights()[0]
    np.testing.assert_array_equal(tuned.p_picker.get_layer("msff1").get_weights()[0], before)
    assert not np.array_equal(tuned.p_picker.get_layer("probability").get_weights()[0],
                              seed.p_picker.get_layer("probability").get_weights()[0])
    assert result.networks["p"].epochs_run == 1 and result.entry.name == "synthetic-p"
