import numpy as np

from eqviewer.detect.peaks import curve_peaks, intervals_above
from eqviewer.detect.stitch import CurveStitcher
from eqviewer.model.descriptor import SEED

WINDOW = SEED.window_samples


def gaussian(centre, sigma=10.0, height=1.0, n=WINDOW):
    t = np.arange(n)
    return (height * np.exp(-((t - centre) ** 2) / (2 * sigma**2))).astype(np.float32)


def test_stitching_takes_the_best_window_and_weights_edges_down():
    stitcher = CurveStitcher(12_000, 12_000, taper=100, window=WINDOW)
    # the same onset at sample 6050: seen 50 samples into window 6000 (edge) and 4050 into window 2000 (interior)
    stitcher.add("P", np.array([2000, 6000]), np.stack([gaussian(4050, height=0.7), gaussian(50, height=0.95)]))
    curve = stitcher.curves()["P"]
    assert curve.shape == (12_000,)
    assert 0.7 <= curve[6050] < 0.95  # the edge window is tapered below 0.95; the interior one still gives 0.7
    assert curve[:2000].max() == 0.0


def test_per_window_scores_fill_their_window_and_padding_is_cut():
    stitcher = CurveStitcher(4000, WINDOW, taper=0, window=WINDOW)
    stitcher.add("det", np.array([0]), np.array([0.8], np.float32))
    det = stitcher.curves()["det"]
    assert det.shape == (4000,) and np.all(det == np.float32(0.8))


def test_per_window_scores_sit_at_window_centres_and_gaps_stay_empty():
    half = WINDOW // 2
    stitcher = CurveStitcher(60_000, 60_000, taper=0, window=WINDOW)
    # three overlapping windows (the middle one holds the onset), then a lone window after a gap no window covers
    stitcher.add("det", np.array([0, 1500, 3000, 40_000]), np.array([0.0, 1.0, 0.0, 0.6], np.float32))
    det = stitcher.curves()["det"]
    assert det[1500 + half] == 1.0  # the score of a window is drawn at its centre,
    assert det[half] == 0.0 and det[3000 + half] == 0.0  # its neighbours' at theirs,
    assert abs(det[(half + 1500 + half) // 2] - 0.5) < 1e-3  # linear in between, flat out to the run's edges
    assert det[:half].max() == 0.0 and det[3000 + half : 3000 + WINDOW].max() == 0.0
    assert det[3000 + WINDOW : 40_000].max() == 0.0  # no window ran there
    assert np.all(det[40_000 : 40_000 + WINDOW] == np.float32(0.6))


def test_peaks_have_height_width_and_subsample_position():
    curve = gaussian(1000.3, height=0.8) + gaussian(3000, height=0.2)
    peaks = curve_peaks(curve, threshold=0.3, min_distance=100)
    assert len(peaks) == 1
    peak = peaks[0]
    assert abs(peak.sample - 1000.3) < 0.05
    assert abs(peak.height - 0.8) < 0.01
    assert abs(peak.width - 2.3548 * 10) < 0.5  # full width at half maximum of a Gaussian of sigma 10


def test_close_peaks_keep_the_higher_one():
    curve = gaussian(1000, height=0.5) + gaussian(1040, height=0.9)
    assert [round(p.sample) for p in curve_peaks(curve, 0.3, 100)] == [1040]
    assert len(curve_peaks(curve, 0.3, 20)) == 2


def test_intervals_above():
    curve = np.array([0, 0.6, 0.7, 0.2, 0.9, 0.9], np.float32)
    assert intervals_above(curve, 0.5) == [(1, 3), (4, 6)]
    assert intervals_above(np.zeros(5, np.float32), 0.5) == []
