"""Evaluation and fine-tuning of a second model kind (tests/tiny_kind.py, 30 s windows) on real labelled records."""

from __future__ import annotations

import numpy as np

from eqviewer.io import open_archive
from eqviewer.model import registry
from eqviewer.train.evaluate import evaluate_sources
from eqviewer.train.finetune import base_window, finetune_windows, read_labelled
from eqviewer.train.settings import TrainSettings
from tests.tiny_kind import TINY
from tests.train.test_evaluate import FirstItems


def test_evaluate_runs_the_tiny_kind(tiny_model, shared_data):
    from eqviewer.model import SeedModel

    source = FirstItems(open_archive(shared_data / "obstransformer56"), 3, 2)
    result = evaluate_sources([source], SeedModel.load(tiny_model)).as_dict()
    assert result["n_traces"] == 5 and result["model"].startswith("tiny:")
    assert result["P"]["n_labelled"] == 3 and sum(map(sum, result["classification"]["confusion"])) == 5


def test_finetuning_a_tiny_picker_keeps_the_kind_and_takes_the_rest_from_its_base(tiny_model, shared_data):
    from eqviewer.model import SeedModel

    path = str(shared_data / "obstransformer56" / "sample.hdf5")
    assert base_window(tiny_model) == TINY.window_samples
    windows = read_labelled([path], base_window(tiny_model))
    assert windows.waveforms.shape[1:] == (3, TINY.window_samples) and windows.n_earthquakes > 0
    # every trained network kept as trained (judging it against the base's is tested in test_selection.py)
    settings = TrainSettings(epochs=2, batch_size=16, learning_rate=1e-2, patience=5, seed=1, keep_better=False)
    # the base's thresholds, as if calibrated on its network: the networks taken over unchanged keep theirs
    registry.store_thresholds(registry.resolve(tiny_model), {"p": 0.61, "s": 0.37, "det": 0.42})
    result = finetune_windows(windows.subset(range(0, len(windows), 2)), tiny_model, "picker-p", "tiny-p", settings)
    assert result.entry.metadata["kind"] == TINY.kind and set(result.entry.files) == {"p"}
    assert result.networks["p"].epochs_run == 2
    base = SeedModel.load(tiny_model)
    tuned = SeedModel.load("tiny-p")
    assert tuned.descriptor == TINY and tuned.name == "tiny-p"
    assert [w.shape for w in tuned.p_picker.get_weights()] == [w.shape for w in base.p_picker.get_weights()]
    assert any(not np.allclose(a, b) for a, b in zip(tuned.p_picker.get_weights(), base.p_picker.get_weights()))
    for net in ("classifier", "s"):  # not trained: from the base model
        pairs = zip(tuned.networks[net].get_weights(), base.networks[net].get_weights())
        assert all(np.array_equal(a, b) for a, b in pairs)
    assert registry.resolve("tiny-p").descriptor == TINY
    thresholds = result.entry.metadata["thresholds"]
    # too few validation labels to fit the retrained P picker's threshold: the base's is kept, as for the others
    assert thresholds["kept"] == {"p": tiny_model, "s": tiny_model, "det": tiny_model} and "p" in thresholds["not_fitted"]
    assert registry.fitted_thresholds("tiny-p") == {"p_threshold": 0.61, "s_threshold": 0.37, "det_threshold": 0.42}
    assert result.choices == {} and "as trained" in result.unjudged


def test_a_normalising_tiny_classifier_trains_saves_and_reloads_safely(tiny_model, shared_data):
    from eqviewer.model import SeedModel

    windows = read_labelled([str(shared_data / "obstransformer56" / "sample.hdf5")], base_window(tiny_model))
    settings = TrainSettings(epochs=1, batch_size=16, seed=1, classifier_input="normalized", keep_better=False)
    result = finetune_windows(windows, tiny_model, "classifier", "tiny-cls", settings)
    assert result.entry.metadata["preprocessing"]["classifier"].startswith("raw counts in; the network removes")
    tuned = SeedModel.load("tiny-cls")
    assert any(layer.name == "normalize" for layer in tuned.classifier.layers)
    prob = tuned.predict(windows.waveforms[:4].transpose(0, 2, 1), networks=("classifier",), attention=False)
    assert prob.prob_earthquake.shape == (4,) and np.all((prob.prob_earthquake >= 0) & (prob.prob_earthquake <= 1))
