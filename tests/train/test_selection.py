"""Fine-tuning never ships a worse network: the choice between a tuned network and its base on known outcomes, and
a fine-tuning whose picker is wrecked by a far too large learning rate, which registers the base's picker instead."""

import json

import numpy as np
import pytest

from eqviewer.model.descriptor import SEED
from eqviewer.train.augment import AugmentSettings
from eqviewer.train.evaluate import RecordOutcome
from eqviewer.train.finetune import finetune_windows, read_labelled
from eqviewer.train.selection import choose_networks
from eqviewer.train.settings import TrainSettings

AT = {"p": 0.33, "s": 0.3, "det": 0.5}


def _quake(p_picks: list[tuple[float, float]], max_det: float = 0.9) -> RecordOutcome:
    return RecordOutcome("earthquake", 60.0, 60.0, max_det, {"P": [10.0], "S": []}, {"P": p_picks, "S": []})


def _noise(p_picks: list[tuple[float, float]], max_det: float = 0.1) -> RecordOutcome:
    return RecordOutcome("noise", 60.0, 60.0, max_det, {"P": [], "S": []}, {"P": p_picks, "S": []})


def test_a_tuned_network_is_kept_only_where_it_scores_higher():
    base = [_quake([(10.1, 0.9)]), _quake([(10.0, 0.2)]), _noise([(30.0, 0.5)])]
    better = [_quake([(10.1, 0.9)]), _quake([(10.0, 0.6)]), _noise([])]  # finds the weak P, no false pick
    worse = [_quake([(10.1, 0.9)]), _quake([(12.0, 0.9)], max_det=0.3), _noise([(30.0, 0.5)], max_det=0.8)]
    chosen = choose_networks(better, base, ["p", "classifier"], AT, AT)
    assert chosen["p"].kept == "tuned" and chosen["p"].tuned == 1.0 and chosen["p"].base == pytest.approx(0.5)
    assert chosen["classifier"].kept == "base"  # the same records called alike: a tie is no reason to change
    assert chosen["p"].labels == 2 and chosen["classifier"].labels == 3
    chosen = choose_networks(worse, base, ["p", "classifier"], AT, AT)
    assert chosen["p"].kept == "base" and chosen["p"].tuned < chosen["p"].base
    assert chosen["classifier"].kept == "base" and chosen["classifier"].tuned == pytest.approx(0.5)
    assert chosen["p"].text().startswith("p: the base's network kept, the tuned one did not beat it (P pick F1 0.")
    # judged at each network's own threshold: a tuned picker whose threshold suits its lower peaks wins
    assert choose_networks([_quake([(10.0, 0.25)])], [_quake([(10.0, 0.25)])], ["p"],
                           {**AT, "p": 0.2}, AT)["p"].kept == "tuned"


def test_a_wrecked_picker_is_replaced_by_the_base_one(shared_data, tmp_path, monkeypatch):
    from eqviewer.model import SeedModel

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    windows = read_labelled([shared_data / "obstransformer56" / "sample.hdf5"], SEED.window_samples)
    # a learning rate a thousand times too large and no pull back to the base: one epoch wrecks the P picker
    settings = TrainSettings(epochs=1, batch_size=16, learning_rate=1.0, anchor=0.0, val_fraction=0.3, seed=1,
                             augment=AugmentSettings.off())
    result = finetune_windows(windows.subset(range(1, 56, 2)), None, "picker-p", "wrecked", settings)
    choice = result.choices["p"]
    assert choice.kept == "base" and choice.tuned < choice.base and choice.labels > 0 and result.unjudged is None
    meta = json.loads((result.entry.path / "metadata.json").read_text())
    assert meta["networks"] == {} and "did not beat it" in meta["from_base"]["p"]
    assert meta["selection"]["p"]["kept"] == "base" and "p" not in meta["preprocessing"]
    assert "p" not in meta["thresholds"].get("checked", {})  # nothing fitted to a network it does not ship
    assert meta["thresholds"]["not_fitted"]["p"] == "the base's network is kept" and "p" not in meta["thresholds"]
    tuned, seed = SeedModel.load("wrecked"), SeedModel.load()
    assert all(np.array_equal(a, b) for a, b in zip(tuned.p_picker.get_weights(), seed.p_picker.get_weights()))
    assert result.networks["p"].epochs_run == 1  # it was trained, and the training is still on record
