"""The cheap first pass of cascade mode: which picker windows are worth running.

Two first passes:

- "stalta": ObsPy's recursive STA/LTA (C implementation) on each band-passed (2-20 Hz) component; the
  characteristic function is the largest of the three. A trigger onset at sample t selects the picker windows in
  which t lies between 1 s and 9 s after the window start (where the pickers expect P), plus ``neighbours`` earlier
  grid windows (they hold the P of an event whose trigger came late, on an emergent P or on S). Later windows add
  nothing measurable: on the benchmark day (87 real events) one earlier window gives the default's P recall with
  381 windows, one on each side the same with 501, none loses 2 points of P recall.
  STA/LTA is a ratio, so it does not depend on the absolute amplitude (gain) of the data.
- "classifier": the seed classifier on half-overlapping windows; every picker window in which an onset anywhere
  in a window it calls an earthquake (P(eq) > det threshold) would lie 1-9 s in runs, plus ``neighbours`` earlier
  ones. It reads raw counts and only suits data whose amplitudes resemble TXED's.

"auto" calibrates the classifier against STA/LTA on the data itself (:func:`classifier_suits`): it runs the
classifier on up to 32 quiet windows (STA/LTA never above QUIET_RATIO) and up to 32 windows with the strongest
STA/LTA triggers. The classifier is used only if it calls at most 10% of the quiet windows earthquakes and at least
half of the triggered ones; otherwise STA/LTA is used. Without both kinds of window there is nothing to judge by
and STA/LTA is used.
"""

from __future__ import annotations

import numpy as np
from obspy.signal.filter import bandpass
from obspy.signal.trigger import recursive_sta_lta, trigger_onset

from eqviewer.io import SAMPLING_RATE

P_EARLIEST_S = 1.0  # where the pickers expect P in a window (TXED geometry, seed-model.md section 1)
P_LATEST_S = 9.0
QUIET_RATIO = 2.0
MAX_QUIET_FLAGGED = 0.1
MIN_TRIGGERED_FLAGGED = 0.5
CALIBRATION_WINDOWS = 32


def sta_lta(data: np.ndarray, sta_s: float, lta_s: float) -> np.ndarray:
    """The recursive STA/LTA characteristic function of a (3, n) record: the maximum over its components."""
    nsta, nlta = int(sta_s * SAMPLING_RATE), int(lta_s * SAMPLING_RATE)
    cft = np.zeros(data.shape[1], dtype=np.float64)
    for channel in data:
        if not np.any(channel):
            continue  # a missing (zero-filled) component
        filtered = bandpass(channel.astype(np.float64), 2.0, 20.0, SAMPLING_RATE, corners=4, zerophase=False)
        np.maximum(cft, recursive_sta_lta(filtered, nsta, nlta), out=cft)
    cft[: nlta] = 0.0  # the LTA is still warming up
    return cft


def trigger_onsets(cft: np.ndarray, on: float, off: float) -> np.ndarray:
    """Samples where the characteristic function first rises above ``on`` (ObsPy's trigger_onset)."""
    if cft.size == 0 or cft.max() <= on:
        return np.empty(0, dtype=np.int64)
    return np.asarray(trigger_onset(cft, on, off), dtype=np.int64).reshape(-1, 2)[:, 0]


def windows_for_onsets(starts: np.ndarray, onsets: np.ndarray, stride: int, neighbours: int) -> np.ndarray:
    """Boolean mask over the picker windows at ``starts``: those holding an onset where the pickers expect P,
    and ``neighbours`` earlier ones."""
    lead = int(P_LATEST_S * SAMPLING_RATE) + neighbours * stride
    lag = -int(P_EARLIEST_S * SAMPLING_RATE)
    return _mask_near(starts, onsets, lead, lag)


def windows_for_flags(
    starts: np.ndarray, flagged_starts: np.ndarray, stride: int, neighbours: int, window: int
) -> np.ndarray:
    """Boolean mask over the picker windows at ``starts``: those in which an onset anywhere in a ``window``-sample
    window the classifier flagged lies 1-9 s in, and ``neighbours`` earlier ones."""
    lead = int(P_LATEST_S * SAMPLING_RATE) + neighbours * stride
    lag = window - int(P_EARLIEST_S * SAMPLING_RATE)
    return _mask_near(starts, flagged_starts, lead, lag)


def _mask_near(starts: np.ndarray, points: np.ndarray, lead: int, lag: int) -> np.ndarray:
    """Windows whose start lies in [point - lead, point + lag] for some point."""
    mask = np.zeros(starts.size, dtype=bool)
    if points.size == 0 or starts.size == 0:
        return mask
    points = np.sort(points)
    first = np.searchsorted(points, starts - lag, side="left")  # first point >= start - lag
    mask |= (first < points.size) & (points[np.minimum(first, points.size - 1)] <= starts + lead)
    return mask


def calibration_windows(
    cft: np.ndarray, starts: np.ndarray, on: float, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """Quiet and triggered classifier windows of ``window`` samples to judge the classifier by (start samples, at
    most CALIBRATION_WINDOWS each): quiet ones evenly spread, triggered ones with the strongest ratio."""
    peak = np.array([cft[s : s + window].max() if cft[s : s + window].size else 0.0 for s in starts])
    quiet = starts[peak < QUIET_RATIO]
    if quiet.size > CALIBRATION_WINDOWS:
        quiet = quiet[np.linspace(0, quiet.size - 1, CALIBRATION_WINDOWS).astype(int)]
    triggered_idx = np.flatnonzero(peak > on)
    triggered_idx = triggered_idx[np.argsort(peak[triggered_idx])[::-1][:CALIBRATION_WINDOWS]]
    return quiet, starts[np.sort(triggered_idx)]


def classifier_suits(quiet_prob: np.ndarray, triggered_prob: np.ndarray, threshold: float) -> bool | None:
    """Whether the classifier separates quiet from triggered windows on this data (None: cannot tell)."""
    if quiet_prob.size < 4 or triggered_prob.size < 1:
        return None
    quiet_flagged = float(np.mean(quiet_prob > threshold))
    triggered_flagged = float(np.mean(triggered_prob > threshold))
    return quiet_flagged <= MAX_QUIET_FLAGGED and triggered_flagged >= MIN_TRIGGERED_FLAGGED
