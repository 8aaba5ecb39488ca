"""The training loop's control flow on a tiny stand-in network (fast): early stopping, cancel, Ctrl+C, metrics."""

import keras
import numpy as np

from eqviewer.train.augment import AugmentSettings
from eqviewer.train.loop import train_network, validation_metrics
from eqviewer.train.settings import LoopSettings
from eqviewer.model.descriptor import SEED
from eqviewer.train.windows import collect_windows
from tests.train.synthetic import synthetic_record


def _tiny_picker():
    x = keras.Input((6000, 3))
    y = keras.layers.Conv1D(1, 5, padding="same", activation="sigmoid", name="probability")(x)
    return keras.Model(x, y)


def _windows(n=8):
    rng = np.random.default_rng(0)
    records = [synthetic_record(f"e{i}", rng, p=600.0 + 50 * i, metadata={"source_id": str(i)}) for i in range(n)]
    return collect_windows(records, SEED.window_samples)


SETTINGS = LoopSettings(epochs=3, batch_size=4, learning_rate=1e-2, augment=AugmentSettings.off())


def test_loop_trains_reports_and_keeps_best_weights():
    windows = _windows()
    model = _tiny_picker()
    reports = []
    result = train_network(model, "p", windows, np.arange(6), np.arange(6, 8), SETTINGS, progress=reports.append)
    assert result.epochs_run == 3 and result.stopped == "epochs" and (result.n_train, result.n_val) == (6, 2)
    assert result.history[-1]["loss"] < result.history[0]["loss"]
    assert [r.epoch for r in reports if r.epoch_done] == [1, 2, 3] and reports[0].steps == 2
    assert set(result.val_metrics) >= {"val_loss", "val_recall_0.5s"}


def test_cancel_and_ctrl_c_restore_the_weights_of_the_best_epoch():
    windows = _windows()
    model = _tiny_picker()
    start = [w.copy() for w in model.get_weights()]
    result = train_network(model, "p", windows, np.arange(6), np.arange(6, 8), SETTINGS, cancel=lambda: True)
    assert result.stopped == "cancelled" and result.best_epoch == 0
    for a, b in zip(model.get_weights(), start):
        np.testing.assert_array_equal(a, b)  # one batch was trained, but no epoch finished: back to the start

    def interrupt(report):
        if report.epoch == 2 and report.epoch_done:
            raise KeyboardInterrupt
    result = train_network(model, "p", windows, np.arange(6), np.arange(6, 8), SETTINGS, progress=interrupt)
    assert result.stopped == "interrupted" and result.epochs_run == 2 and result.best_epoch in (1, 2)


def test_early_stopping_when_validation_loss_stops_improving():
    windows = _windows()
    settings = LoopSettings(epochs=20, batch_size=4, learning_rate=0.0, patience=2, augment=AugmentSettings.off())
    result = train_network(_tiny_picker(), "p", windows, np.arange(6), np.arange(6, 8), settings)
    assert result.stopped == "early stopping" and result.epochs_run == 3 and result.best_epoch == 1


def test_validation_metrics_match_hand_counts():
    truth = np.array([[0, 1], [0, 1], [1, 0], [1, 0]], np.float32)
    pred = np.array([[0.2, 0.8], [0.7, 0.3], [0.9, 0.1], [0.4, 0.6]], np.float32)
    m = validation_metrics("classifier", truth, pred)
    assert m["accuracy"] == 0.5 and m["f1"] == 0.5
    t = np.zeros((3, 6000, 1), np.float32)
    t[0, 1000, 0] = t[1, 2000, 0] = 1.0
    p = np.zeros_like(t)
    p[0, 1020, 0] = 0.9  # 0.2 s off: a hit
    p[1, 2300, 0] = 0.9  # 3 s off: a miss
    p[2, 10, 0] = 0.6  # a pick on a noise window
    m = validation_metrics("p", t, p)
    assert m["recall_0.5s"] == 0.5 and abs(m["mae_s"] - 0.2) < 1e-9 and m["false_pick_rate"] == 1.0


def test_same_seed_same_result_other_seed_other_result():
    windows = _windows()
    runs = {}
    for key, seed in (("a", 4), ("b", 4), ("c", 5)):
        settings = LoopSettings(epochs=2, batch_size=4, learning_rate=1e-2, seed=seed, augment=AugmentSettings())
        keras.utils.set_random_seed(0)  # the same starting weights, as a base model loaded from a file has
        model = _tiny_picker()
        train_network(model, "p", windows, np.arange(6), np.arange(6, 8), settings)
        runs[key] = model.get_weights()
    for a, b in zip(runs["a"], runs["b"]):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-6)
    assert not all(np.allclose(a, c) for a, c in zip(runs["a"], runs["c"]))


def test_anchor_keeps_the_weights_near_the_base():
    from dataclasses import replace

    windows = _windows()
    drift = {}
    for anchor in (0.0, 0.9):
        model = _tiny_picker()
        model.set_weights([np.full_like(w, 0.01) for w in model.get_weights()])
        start = [w.copy() for w in model.get_weights()]
        train_network(model, "p", windows, np.arange(6), np.arange(0), replace(SETTINGS, anchor=anchor))
        drift[anchor] = sum(float(np.abs(a - b).sum()) for a, b in zip(model.get_weights(), start))
    assert 0 < drift[0.9] < 0.5 * drift[0.0]
