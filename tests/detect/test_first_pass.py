import numpy as np

from eqviewer.detect import first_pass
from eqviewer.detect.windows import window_starts
from eqviewer.model.descriptor import SEED


def test_onset_selects_the_windows_where_the_pickers_expect_p():
    starts = window_starts(100_000, 800, SEED.window_samples)
    for onset in (1_234, 40_000, 77_777):
        mask = first_pass.windows_for_onsets(starts, np.array([onset]), 800, neighbours=0)
        offsets = onset - starts[mask]
        assert mask.sum() >= 1 and np.all((offsets >= 100) & (offsets <= 900))
        wider = first_pass.windows_for_onsets(starts, np.array([onset]), 800, neighbours=1)
        assert wider.sum() == mask.sum() + 1 and np.all(wider[mask])
        assert starts[wider].min() == starts[mask].min() - 800  # the extra window is the earlier one


def test_flagged_classifier_window_selects_every_picker_window_it_overlaps():
    starts = window_starts(100_000, 800, SEED.window_samples)
    mask = first_pass.windows_for_flags(starts, np.array([30_000]), 800, neighbours=0, window=SEED.window_samples)
    needed = (starts >= 30_000 - 900) & (starts <= 30_000 + 5_900)  # P anywhere in the window lies 1-9 s into these
    assert np.array_equal(mask, needed)


def test_sta_lta_triggers_on_a_burst_whatever_the_gain():
    rng = np.random.default_rng(0)
    data = rng.standard_normal((3, 60_000))
    data[:, 30_000:31_000] += 20 * rng.standard_normal((3, 1_000))
    for gain in (1e-3, 1.0, 1e4):
        cft = first_pass.sta_lta((data * gain).astype(np.float32), 0.5, 10.0)
        onsets = first_pass.trigger_onsets(cft, 3.5, 1.5)
        assert len(onsets) == 1 and 30_000 <= onsets[0] <= 30_100


def test_classifier_suits_only_when_it_separates_quiet_from_triggered():
    assert first_pass.classifier_suits(np.full(10, 0.1), np.full(5, 0.9), 0.5) is True
    assert first_pass.classifier_suits(np.full(10, 0.9), np.full(5, 0.9), 0.5) is False  # calls noise earthquakes
    assert first_pass.classifier_suits(np.full(10, 0.1), np.full(5, 0.1), 0.5) is False  # misses the events
    assert first_pass.classifier_suits(np.full(2, 0.1), np.full(5, 0.9), 0.5) is None
