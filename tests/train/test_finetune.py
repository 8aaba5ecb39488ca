"""Fine-tuning end to end on real labelled windows (../shared/data, a few epochs on CPU): the loss falls, the
model registers with its provenance, reloads in Keras safe mode and runs."""

import json

import numpy as np
import pytest

from eqviewer.errors import EqviewerError
from eqviewer.model.descriptor import SEED
from eqviewer.train.finetune import class_warnings, finetune_windows, read_labelled
from eqviewer.train.settings import TrainSettings


@pytest.fixture()
def user_models(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "eqviewer" / "models"


@pytest.fixture(scope="module")
def obs_path(shared_data):
    return str(shared_data / "obstransformer56" / "sample.hdf5")


@pytest.fixture(scope="module")
def windows(obs_path):
    return read_labelled([obs_path], SEED.window_samples)


def test_read_labelled_gives_windows_with_picks_and_events(windows):
    assert len(windows) == 56 and windows.n_noise == 19
    assert all(windows.p_samples[i].size == 1 for i in np.flatnonzero(windows.is_earthquake))
    assert all(windows.p_samples[i].size == 0 for i in np.flatnonzero(~windows.is_earthquake))
    assert windows.waveforms.shape == (56, 3, 6000) and np.isfinite(windows.waveforms).all()


@pytest.fixture()
def anchors(monkeypatch) -> dict:
    """The pull toward the base weights each network is trained with, by network."""
    from eqviewer.train import finetune

    seen, real = {}, finetune.train_network

    def spy(network, net, data, train_idx, val_idx, loop, *args):
        seen[net] = loop.anchor
        return real(network, net, data, train_idx, val_idx, loop, *args)

    monkeypatch.setattr(finetune, "train_network", spy)
    return seen


def test_classifier_finetune_lowers_loss_registers_and_reloads(windows, obs_path, user_models, anchors):
    from eqviewer.model import SeedModel

    # Four epochs: on 21 augmented windows the loss of one epoch to the next is noisy (oneDNN's summation order
    # varies between runs), but by the third epoch it has clearly fallen.
    settings = TrainSettings(epochs=4, batch_size=16, learning_rate=1e-3, val_fraction=0.25, patience=10, seed=3,
                             fit_thresholds=False, keep_better=False)
    seen = []
    part = windows.subset(list(range(0, 56, 2)))  # every other window: 28, both classes
    result = finetune_windows(part, None, "classifier", "obs-cls", settings, [obs_path], progress=seen.append)
    history = result.networks["classifier"].history
    assert min(h["loss"] for h in history[1:]) < 0.8 * history[0]["loss"]
    assert any(p.epoch_done for p in seen) and all(p.network == "classifier" for p in seen)
    meta = json.loads((user_models / "obs-cls" / "metadata.json").read_text())
    assert meta["base"] == "seed" and meta["task"] == "classifier" and meta["epochs"]["classifier"]["run"] == 4
    assert "WindowNormalization" in meta["preprocessing"]["classifier"]
    assert meta["classifier_noise_ceiling"] is None  # it normalises its input: no amplitude to be judged by
    assert settings.anchor > 0 and anchors == {"classifier": 0.0}  # a new input: no pull to the raw-count weights
    assert meta["training_data"]["paths"] == [obs_path] and len(meta["training_data"]["sha256"]) == 64
    assert meta["validation_metrics"]["classifier"]["val_loss"] > 0 and "val_f1" in meta["validation_metrics"]["classifier"]
    model = SeedModel.load("obs-cls")  # safe mode; the pickers come from the seed base
    assert any(layer.name == "normalize" for layer in model.classifier.layers)
    raw = np.transpose(windows.waveforms[1::2][:8], (0, 2, 1))  # windows it was not trained on
    out = model.predict(raw, networks=("classifier",), attention=False)
    assert out.prob_earthquake.shape == (8,) and np.all((out.prob_earthquake >= 0) & (out.prob_earthquake <= 1))
    with pytest.raises(EqviewerError, match="already registered"):
        finetune_windows(windows, None, "classifier", "obs-cls", settings)
    with pytest.raises(EqviewerError, match="unknown task"):
        finetune_windows(windows, None, "pickers", "other", settings)


def _changed(tuned, seed, layer: str) -> bool:
    return not np.array_equal(tuned.p_picker.get_layer(layer).get_weights()[0],
                              seed.p_picker.get_layer(layer).get_weights()[0])


def test_picker_finetune_trains_every_layer_pulled_toward_the_base(windows, user_models, anchors):
    from eqviewer.model import SeedModel

    seed = SeedModel.load()
    settings = TrainSettings(epochs=1, batch_size=16, val_fraction=0.25, seed=1, keep_better=False)
    part = windows.subset(list(range(1, 56, 2)))  # every other window: 28, both classes
    result = finetune_windows(part, "seed", "picker-p", "obs-p", settings)
    tuned = SeedModel.load("obs-p")
    assert _changed(tuned, seed, "msff1") and _changed(tuned, seed, "probability")
    assert result.networks["p"].epochs_run == 1 and result.entry.name == "obs-p"
    assert anchors == {"p": settings.anchor}  # pulled toward the seed's weights, so that it does not forget
    meta = json.loads((user_models / "obs-p" / "metadata.json").read_text())
    assert "recall" in " ".join(meta["validation_metrics"]["p"])
    counts = meta["training_data"]["counts"]
    assert counts == result.counts and counts["train"]["noise"] > 0 and counts["validation"]["noise"] > 0
    assert counts["train"]["pre-P segment"] > 0 and counts["train"]["noise record"] > 0
    assert counts["train"]["earthquake"] + counts["validation"]["earthquake"] == part.n_earthquakes
    assert counts["validation"]["P picks"] == counts["validation"]["earthquake"] > 0  # one P per OBS window
    assert meta["training_data"]["warnings"] == [] == result.warnings
    fitted = meta["thresholds"]  # fitted on the validation split; too few P labels there to fit P on
    assert "best F2" in fitted["method"] and "validation split" in fitted["data"] and "p" not in fitted
    assert fitted["not_fitted"]["p"] == f"{counts['validation']['earthquake']} P labels (fitting needs 20)"


def test_a_frozen_encoder_keeps_the_base_features(windows, user_models):
    from eqviewer.model import SeedModel

    seed = SeedModel.load()
    settings = TrainSettings(epochs=1, batch_size=8, val_fraction=0.25, seed=1, freeze_encoder=True,
                             fit_thresholds=False, keep_better=False)
    finetune_windows(windows.subset(list(range(0, 56, 6))), "seed", "picker-p", "obs-p-frozen", settings)
    tuned = SeedModel.load("obs-p-frozen")
    assert not _changed(tuned, seed, "msff1") and _changed(tuned, seed, "probability")


def test_a_missing_class_is_warned_about():
    counts = {"train": {"earthquake": 30, "noise": 0}, "validation": {"earthquake": 0, "noise": 4}}
    warnings = class_warnings(counts)
    assert len(warnings) == 2
    assert warnings[0].startswith("training holds no noise windows: the networks learn no noise")
    assert warnings[1].startswith("validation holds no earthquake windows")
    assert class_warnings({side: {"earthquake": 1, "noise": 1} for side in ("train", "validation")}) == []
