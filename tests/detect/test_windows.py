import numpy as np
import pytest

from eqviewer.detect.windows import (
    MIN_DATA, classifier_starts, cut_windows, edge_weights, pad_to, padded_length, window_starts,
)
from eqviewer.model.descriptor import SEED

WINDOW = SEED.window_samples


@pytest.mark.parametrize("n", [6001, 7999, 60_000, 123_457])
def test_windows_cover_every_sample_and_reach_past_the_end(n):
    starts = window_starts(n, 800, WINDOW)
    assert starts[0] == 0 and np.all(np.diff(starts) == 800)
    assert starts[-1] < n - MIN_DATA <= starts[-1] + 800
    assert padded_length(n, starts, WINDOW) == starts[-1] + WINDOW
    inside = window_starts(n, 800, WINDOW, at_end=False)
    assert np.all(inside + WINDOW <= n) and inside[-1] + WINDOW + 800 > n


def test_windows_slide_over_records_of_a_minute_or_less_too():
    assert window_starts(6000, 800, WINDOW).tolist() == [0, 800, 1600, 2400, 3200, 4000, 4800, 5600]
    assert window_starts(2500, 800, WINDOW).tolist() == [0, 800, 1600]
    assert window_starts(10, 800, WINDOW).tolist() == [0]  # a record shorter than a second is still one window
    assert window_starts(6000, 800, WINDOW, at_end=False).tolist() == [0]  # a slice that does not reach the end


def test_every_onset_is_1_to_9_s_into_some_window_at_the_default_stride():
    starts = window_starts(100_000, 800, WINDOW)
    for onset in range(900, 100_000):
        offsets = onset - starts
        assert np.any((offsets >= 100) & (offsets < 900)), onset


def test_grid_of_a_slice_stays_on_the_record_grid():
    whole = window_starts(50_000, 800, WINDOW)
    offset = 12_345
    part = window_starts(50_000 - offset, 800, WINDOW, first=(-offset) % 800, at_end=False) + offset
    assert set(part) <= set(whole)
    assert set(whole[(whole >= offset) & (whole + WINDOW <= 50_000)]) == set(part)


def test_short_record_is_padded_with_its_mirror_image():
    data = np.arange(3 * 10, dtype=np.float32).reshape(3, 10)
    padded = pad_to(data, WINDOW)
    assert padded.shape == (3, WINDOW)
    assert np.array_equal(padded[:, :10], data)
    assert np.array_equal(padded[:, 10:20], data[:, ::-1])  # mirrored at the end: no step
    assert np.array_equal(padded[:, 20:30], data)  # and again, as often as the window needs
    assert np.array_equal(pad_to(data[:, :1], 5), np.repeat(data[:, :1], 5, axis=1))
    assert pad_to(data[:, :0], 7).shape == (3, 7)


def test_cut_windows_are_time_by_component():
    data = np.random.default_rng(1).standard_normal((3, 9000)).astype(np.float32)
    windows = cut_windows(data, np.array([0, 3000]), WINDOW)
    assert windows.shape == (2, WINDOW, 3)
    assert np.array_equal(windows[1, :, 2], data[2, 3000:9000])


def test_edge_weights_taper_only_inner_edges():
    inner = edge_weights(800, 20_000, 100, WINDOW)
    assert inner[0] < 0.01 and inner[-1] < 0.01 and inner[100:-100].min() == 1.0
    first = edge_weights(0, 20_000, 100, WINDOW)
    assert first[0] == 1.0 and first[-1] < 0.01
    last = edge_weights(14_000, 20_000, 100, WINDOW)
    assert last[0] < 0.01 and last[-1] == 1.0


def test_edge_weights_of_a_curve_cut_short_taper_its_end():
    cut = edge_weights(800, 20_000, 100, length=2000)
    assert cut.shape == (2000,) and cut[0] < 0.01 and cut[-1] < 0.01 and cut[100:-100].min() == 1.0
    at_record_end = edge_weights(18_000, 20_000, 100, length=2000)
    assert at_record_end[-1] == 1.0


def test_classifier_windows_see_real_samples_and_an_event_file_is_one_window():
    window = SEED.window_samples
    assert classifier_starts(6_000, 1_500, window).tolist() == [0]  # a 60 s event file: judged as the window it is
    assert classifier_starts(4_000, 1_500, window).tolist() == [0]  # shorter: one padded window
    starts = classifier_starts(20_000, 1_500, window)
    assert starts.tolist() == [0, 1_500, 3_000, 4_500, 6_000, 7_500, 9_000, 10_500, 12_000, 13_500, 14_000]
    assert (starts + window <= 20_000).all()  # no padding: the last window ends at the record's last sample
    assert classifier_starts(20_000, 1_500, window, at_end=False)[-1] == 13_500  # a slice's end: the next one goes on
