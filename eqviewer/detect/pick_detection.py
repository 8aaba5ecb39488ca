"""A detection probability from the P and S pickers: P(earthquake) of a window that does not depend on amplitude.

The seed classifier reads raw counts (seed-model.md §2b): its P(earthquake) follows the amplitude as much as the
waveform, and on data from other instruments it calls most noise an earthquake (or most earthquakes noise). The
pickers normalise their input, so what they say does not change with the gain. A window [s, s + window) of the
classifier grid gets five features from the stitched picker curves and the record:

- the highest P probability in the window,
- the signal-to-noise energy ratio at that P peak (:func:`eqviewer.detect.pick_rules.snr_at`, log10, clipped to
  [:data:`LOG_SNR_RANGE`]): an onset raises the energy, a peak on stationary noise does not; the ratio, not the
  level, so any gain gives the same value,
- the highest S probability in the window after that P peak (an earthquake's S follows its P),
- the signal-to-noise ratio 1-4 s after the P peak (:data:`SUSTAINED_S`; log10, clipped): an earthquake's P coda
  and S keep the energy up, a spike or a short burst of noise does not,
- the signal-to-noise ratio at that S peak (log10, clipped),

and a logistic function of them (:class:`PickDetectionWeights`, fitted by :func:`eqviewer.train.fit_pick_detection`
on labelled windows; the defaults and how they were measured are in :data:`DEFAULT_WEIGHTS`) is its probability.
It is calibrated: 0.5 is the even-odds point of the fit, the detection threshold it is used with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from eqviewer.detect import pick_rules

LOG_SNR_RANGE = (-1.0, 3.0)
"""The log10 signal-to-noise ratio is clipped to this range (no noise before the peak: the upper end)."""
SUSTAINED_S = (1.0, 4.0)
"""The seconds after the P peak whose energy, over the noise before it, tells a lasting signal from a spike."""
FEATURES = ("p_max", "log_snr_p", "s_after_p", "log_snr_sustained", "log_snr_s")
"""The features, in the order of :attr:`PickDetectionWeights.coefficients`."""
METADATA_KEY = "pick_detection"
"""The key under which a model's metadata may hold weights fitted to its own pickers."""


@dataclass(frozen=True)
class PickDetectionWeights:
    """The logistic function of the :data:`FEATURES`: P(eq) = 1 / (1 + exp(-(intercept + coefficients . x)))."""

    intercept: float
    coefficients: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.coefficients) != len(FEATURES) or not np.all(np.isfinite([self.intercept, *self.coefficients])):
            raise ValueError(f"pick detection needs a finite intercept and {len(FEATURES)} finite coefficients "
                             f"({', '.join(FEATURES)}), got {self.intercept!r}, {self.coefficients!r}")

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(earthquake) for (N, len(FEATURES)) features, float32 (N,)."""
        z = self.intercept + np.asarray(features, dtype=np.float64) @ np.asarray(self.coefficients, dtype=np.float64)
        return (1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))).astype(np.float32)

    def as_dict(self) -> dict:
        """{"intercept": ..., "coefficients": [...]} (for a model's metadata)."""
        return {"intercept": self.intercept, "coefficients": list(self.coefficients)}

    @classmethod
    def from_metadata(cls, metadata: Mapping | None) -> PickDetectionWeights:
        """The weights stored in a model's ``metadata`` under :data:`METADATA_KEY`, else :data:`DEFAULT_WEIGHTS`."""
        stored = (metadata or {}).get(METADATA_KEY)
        if not isinstance(stored, Mapping):
            return DEFAULT_WEIGHTS
        try:
            return cls(float(stored["intercept"]), tuple(float(c) for c in stored["coefficients"]))
        except (KeyError, TypeError, ValueError):
            return DEFAULT_WEIGHTS


DEFAULT_WEIGHTS = PickDetectionWeights(intercept=-5.179, coefficients=(5.135, -2.739, 0.231, 3.409, 1.573))
"""Fitted with the seed pickers by benchmarks/detection_probability.py on every labelled record in ../shared
(stead_eqt50, obstransformer56) and the records generated from their pre-event noise (spectral noise, the real
pre-P samples, noise bursts, spikes, the events behind a minute of their own noise): 392 earthquake and 343 noise
windows. Over 6 event splits and the 2 leave-one-set-out splits (fit on one half, judge the other; mean [min, max]):
detection F1 on the real OBS records 0.967 [0.936, 1.000] (noise records called earthquakes 6.5 %, earthquakes
found 96.7 %), on STEAD 1.000 [1.000, 1.000], on the events behind a minute of noise 0.947 (OBS) and 0.972 (STEAD);
noise called earthquakes: spectral 0-1 %, noise bursts 6-9 %, spikes 12-15 %; all judged records 0.906
[0.877, 0.925]. The seed classifier on the same OBS records: F1 0.049 (it calls 36 of 37 earthquakes noise). The
negative weight of the 1 s ratio beside the positive one of the 1-4 s ratio marks a spike: energy that is there in
the first second only."""


def window_features(p_curve: np.ndarray, s_curve: np.ndarray, data: np.ndarray, starts: np.ndarray, window: int,
                    rate: float) -> np.ndarray:
    """(len(starts), len(FEATURES)) features of the windows [start, start + ``window``) of a record: its stitched
    P and S curves (n,) and its raw (3, n) samples at ``rate`` Hz. A window's part beyond the record is empty."""
    n = min(p_curve.size, s_curve.size, data.shape[1])
    starts = np.asarray(starts, dtype=np.int64)
    features = np.zeros((starts.size, len(FEATURES)), dtype=np.float64)
    features[:, [1, 3, 4]] = LOG_SNR_RANGE[0]
    p_peaks = np.full(starts.size, -1, dtype=np.int64)
    s_peaks = np.full(starts.size, -1, dtype=np.int64)
    for i, start in enumerate(starts.tolist()):
        first, end = max(0, start), min(n, start + window)
        if end <= first:
            continue
        peak = first + int(np.argmax(p_curve[first:end]))
        p_peaks[i] = peak
        features[i, 0] = float(p_curve[peak])
        after = s_curve[peak + 1 : end]
        if after.size:
            s_peaks[i] = peak + 1 + int(np.argmax(after))
            features[i, 2] = float(after.max())
    for column, peaks, signal_s in ((1, p_peaks, (0.0, pick_rules.SNR_AFTER_S)), (3, p_peaks, SUSTAINED_S),
                                    (4, s_peaks, (0.0, pick_rules.SNR_AFTER_S))):
        valid = peaks >= 0
        if valid.any():
            features[valid, column] = _log_snr(data, peaks[valid], rate, signal_s)
    return features


def _log_snr(data: np.ndarray, peaks: np.ndarray, rate: float, signal_s: tuple[float, float]) -> np.ndarray:
    """The clipped log10 signal-to-noise ratio at each of ``peaks`` (windows sharing a peak measure it once)."""
    unique, index = np.unique(peaks, return_inverse=True)
    with np.errstate(divide="ignore"):
        log_snr = np.log10(pick_rules.snr_at(data, unique, rate, signal_s))
    return np.clip(np.nan_to_num(log_snr, nan=LOG_SNR_RANGE[0]), *LOG_SNR_RANGE)[index]


def window_probabilities(p_curve: np.ndarray, s_curve: np.ndarray, data: np.ndarray, starts: np.ndarray,
                         window: int, rate: float, weights: PickDetectionWeights = DEFAULT_WEIGHTS) -> np.ndarray:
    """P(earthquake) of each window [start, start + ``window``) from the pickers (see the module)."""
    return weights.probability(window_features(p_curve, s_curve, data, starts, window, rate))

