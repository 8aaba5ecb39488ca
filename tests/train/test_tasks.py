import numpy as np

from eqviewer.train.augment import AugmentSettings
from eqviewer.train.tasks import eligible, epoch_order, make_batch
from eqviewer.model.descriptor import SEED
from eqviewer.train.windows import collect_windows
from tests.train.synthetic import synthetic_record


def _windows():
    rng = np.random.default_rng(0)
    records = [synthetic_record(f"e{i}", rng, p=700.0, s=1400.0 if i % 2 else None, metadata={"source_id": str(i)})
               for i in range(6)]
    records += [synthetic_record(f"n{i}", rng, p=None, s=None, category="noise") for i in range(2)]
    return collect_windows(records, SEED.window_samples)


def test_pickers_learn_from_windows_with_their_phase_and_from_noise():
    windows = _windows()
    everything = np.arange(len(windows))
    np.testing.assert_array_equal(eligible(windows, "p", everything), everything)
    np.testing.assert_array_equal(eligible(windows, "s", everything), [1, 3, 5, 6, 7])
    np.testing.assert_array_equal(eligible(windows, "classifier", everything), everything)


def test_classifier_epochs_balance_the_classes():
    windows = _windows()
    order = epoch_order(windows, "classifier", np.arange(len(windows)), np.random.default_rng(0))
    labels = windows.is_earthquake[order]
    assert labels.sum() == 6 and (~labels).sum() == 6  # the two noise windows are repeated


def test_picker_epochs_draw_at_most_their_share_of_noise_anew_each_epoch():
    windows = _windows()  # 6 earthquakes (3 with S), 2 noise records
    index = np.arange(len(windows))
    drawn = []
    for epoch in range(8):
        order = epoch_order(windows, "p", index, np.random.default_rng(epoch), picker_noise_ratio=1 / 6)
        assert sorted(order[windows.is_earthquake[order]]) == [0, 1, 2, 3, 4, 5]  # every earthquake, every epoch
        drawn.append(tuple(order[~windows.is_earthquake[order]]))
        assert len(drawn[-1]) == 1  # one noise window per six earthquakes
    assert {d[0] for d in drawn} == {6, 7}  # a different one drawn in different epochs
    s_order = epoch_order(windows, "s", index, np.random.default_rng(0), picker_noise_ratio=1.0)
    assert sorted(s_order) == [1, 3, 5, 6, 7]  # no more noise than allowed: all of it
    everything = epoch_order(windows, "p", index, np.random.default_rng(0))
    assert sorted(everything) == list(index)  # no ratio: every window


def test_batches_have_the_network_shapes_and_targets():
    windows = _windows()
    rng = np.random.default_rng(0)
    picker = make_batch(windows, np.array([0, 6]), "p", rng, AugmentSettings.off())
    assert picker.x.shape == (2, 6000, 3) and picker.y.shape == (2, 6000, 1)
    assert int(picker.y[0, :, 0].argmax()) == 700 and not picker.y[1].any()
    assert picker.x[:, :, 0].max() == 1.0  # each channel divided by its signed maximum
    classifier = make_batch(windows, np.array([0, 6]), "classifier", rng, AugmentSettings.off())
    np.testing.assert_array_equal(classifier.y, [[0, 1], [1, 0]])
    np.testing.assert_array_equal(classifier.x[0], windows.waveforms[0].T)  # raw counts, unchanged
