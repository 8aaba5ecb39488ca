"""Fitting the pick-based detection probability (:mod:`eqviewer.detect.pick_detection`) to labelled records.

Each labelled record runs through the detector as `eqviewer detect` runs it; every window of its classifier grid
gets the pick-detection features. A window of a noise record is a negative; a window of an earthquake record that
holds a labelled P or S is a positive; the other windows of earthquake records (coda, or before a late event) say
nothing and are left out of the fit (they still count when a record is judged by its highest window). The logistic function is fitted by maximum likelihood with a small ridge penalty, the
two classes weighted equally (so its 0.5 is the point where a missed earthquake and a false one weigh the same,
whatever the mix of the data it was fitted on).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from eqviewer.detect import PICK_DETECTION_FEATURES as FEATURES
from eqviewer.detect import P_CURVE, S_CURVE, Detector, PickDetectionWeights, classifier_starts, window_features
from eqviewer.io import Record

RIDGE = 0.1
"""The penalty on the squared coefficients (features standardised): keeps a fit on a few dozen records stable."""


UNUSED = -1
"""The label of a window that says nothing (an earthquake record's window without a labelled arrival)."""


@dataclass
class DetectionSamples:
    """The classifier-grid windows of labelled records: (N, len(FEATURES)) ``features``; ``labels`` 1 (holds an
    earthquake's labelled arrival), 0 (a noise record's) or :data:`UNUSED`; ``records`` the record each window
    belongs to, and ``groups`` the split group (event or record) a split keeps together."""

    features: np.ndarray
    labels: np.ndarray
    records: np.ndarray
    groups: np.ndarray

    def __len__(self) -> int:
        return int(self.labels.size)

    def subset(self, mask: np.ndarray) -> DetectionSamples:
        """The windows where ``mask`` is true."""
        return DetectionSamples(self.features[mask], self.labels[mask], self.records[mask], self.groups[mask])

    @staticmethod
    def join(parts: Iterable[DetectionSamples]) -> DetectionSamples:
        """All windows of ``parts`` together."""
        parts = list(parts)
        if not parts:
            return DetectionSamples(np.zeros((0, len(FEATURES))), np.zeros(0, np.int8), np.zeros(0, str),
                                    np.zeros(0, str))
        return DetectionSamples(*(np.concatenate([getattr(p, name) for p in parts])
                                  for name in ("features", "labels", "records", "groups")))

    def record_outcomes(self, weights: PickDetectionWeights, threshold: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
        """(truth, said) per record, as `eqviewer evaluate` judges a record: an earthquake when its highest window
        probability exceeds ``threshold``."""
        probability = weights.probability(self.features)
        names, index = np.unique(self.records, return_inverse=True)
        highest = np.full(names.size, -1.0)
        np.maximum.at(highest, index, probability)
        truth = np.zeros(names.size, bool)
        np.logical_or.at(truth, index, self.labels == 1)
        return truth, highest > threshold


def detection_samples(detector: Detector, records: list[Record], groups: list[str] | None = None) -> DetectionSamples:
    """Every classifier-grid window of the labelled ``records`` (category "earthquake" with P/S labels, or
    "noise") as the detector sees them; ``groups`` names each record's split group (default: its reference)."""
    parts = []
    window = detector.window
    stride = detector.classifier_stride
    for i, (record, annotations) in enumerate(zip(records, detector.run_many(records))):
        starts = classifier_starts(record.n_samples, stride, window)
        found = window_features(annotations.curves[P_CURVE], annotations.curves[S_CURVE], np.asarray(record.data),
                                starts, window, record.sampling_rate)
        if record.category == "noise":
            labels = np.zeros(starts.size, np.int8)
        else:
            arrivals = np.array([record.sample_of(pick.time) for pick in record.labels if pick.phase in "PS"])
            if arrivals.size == 0:
                continue
            holds = ((arrivals[None, :] >= starts[:, None]) & (arrivals[None, :] < starts[:, None] + window)).any(1)
            labels = np.where(holds, 1, UNUSED).astype(np.int8)
        name = str(record.ref)
        parts.append(DetectionSamples(found, labels, np.full(starts.size, name),
                                      np.full(starts.size, groups[i] if groups else name)))
    return DetectionSamples.join(parts)


def fit_pick_detection(samples: DetectionSamples, ridge: float = RIDGE) -> PickDetectionWeights:
    """The logistic weights that best separate the labelled windows of ``samples`` (both classes needed;
    ValueError otherwise)."""
    used = samples.labels != UNUSED
    x = np.asarray(samples.features[used], dtype=np.float64)
    y = samples.labels[used] == 1
    if y.all() or not y.any():
        raise ValueError("fitting a detection probability needs both earthquake and noise windows")
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.c_[np.ones(len(x)), (x - mean) / scale]
    weight = np.where(y, 0.5 / y.sum(), 0.5 / (~y).sum()) * len(y)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        t = z @ w
        p = 1.0 / (1.0 + np.exp(-t))
        value = float(np.sum(weight * (np.logaddexp(0.0, t) - y * t)) + 0.5 * ridge * np.sum(w[1:] ** 2))
        grad = z.T @ (weight * (p - y)) + ridge * np.r_[0.0, w[1:]]
        return value, grad

    w = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x
    coefficients = w[1:] / scale
    intercept = w[0] - float(np.sum(coefficients * mean))
    return PickDetectionWeights(round(float(intercept), 4), tuple(round(float(c), 4) for c in coefficients))
