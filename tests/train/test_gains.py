"""The held-out gain of a fine-tuned model: tuned - base P hit, S hit and detection F1 with bootstrap intervals over
events, on predictions made up so that the answer is known."""

import numpy as np
import pytest

from eqviewer.train.bootstrap import bootstrap
from eqviewer.train.gains import heldout_gains
from eqviewer.train.report import Predictions, Thresholds
from eqviewer.train.windows import LabelledWindows

N, WINDOW, P_AT = 40, 400, 100


def _windows(n_noise: int) -> LabelledWindows:
    quake = np.arange(N + n_noise) < N
    return LabelledWindows(
        waveforms=np.zeros((N + n_noise, 3, WINDOW), np.float32),
        p_samples=[np.array([P_AT], float) if q else np.zeros(0) for q in quake],
        s_samples=[np.zeros(0) for _ in quake],
        is_earthquake=quake, event_ids=[f"ev{i}" for i in range(N + n_noise)],
        record_ids=[str(i) for i in range(N + n_noise)])


def _predictions(windows: LabelledWindows, found: int, prob_earthquake: np.ndarray) -> Predictions:
    """P curves peaking on the label: 0.9 for the first ``found`` earthquakes, 0.1 (below threshold) for the rest."""
    p_curve = np.zeros((len(windows), WINDOW), np.float32)
    p_curve[:, P_AT] = np.where(np.arange(len(windows)) < found, 0.9, 0.1)
    return Predictions("m", windows, prob_earthquake, p_curve, np.zeros_like(p_curve), Thresholds(0.5, 0.33, 0.3))


def test_gains_are_the_tuned_minus_base_figures_with_intervals():
    windows = _windows(n_noise=10)
    quake = windows.is_earthquake
    before = _predictions(windows, 30, np.where(quake, 0.9, 0.9))  # every noise window called an earthquake
    after = _predictions(windows, 40, np.where(quake, 0.9, 0.1))
    gains = {gain.figure: gain for gain in heldout_gains(before, after, resamples=200)}
    assert set(gains) == {"P hit", "detection F1"}  # no S label: no S figure
    p = gains["P hit"]
    assert p.change.value == pytest.approx(0.25) and 0 < p.change.low < 0.25 < p.change.high <= 0.5 and p.n == 40
    assert p.text().startswith("P hit +0.25 (95% +0.") and p.text().endswith(", 40 picks)")
    det = gains["detection F1"]
    assert det.change.value == pytest.approx(1.0 - 80 / 90) and det.change.low > 0
    assert det.text().endswith("50 windows, 10 noise)")


def test_no_change_gives_a_zero_interval_and_few_labels_a_wide_one():
    windows = _windows(n_noise=0)
    same = _predictions(windows, 20, np.full(N, 0.9))
    gain = heldout_gains(same, same)[0]
    assert (gain.change.value, gain.change.low, gain.change.high) == (0.0, 0.0, 0.0)
    interval = bootstrap(lambda index: float(np.mean(index < 2)), [[i] for i in range(4)], resamples=200)
    assert interval.value == 0.5 and interval.low <= 0.25 and interval.high >= 0.75
