"""The metrics that judge a detector against labels: classification and phase picking, and the one precision,
recall and F-score rule (:func:`precision_recall_f1`) every figure of eqviewer uses.

A miss is a miss: a label with no pick of its phase within the matching tolerance counts against recall and the
hit rates and never enters the error statistics as an error of zero (the seed repository's script zeroed errors
beyond 2 s and so counted them as hits, seed-model.md section 7).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

MATCH_TOLERANCE_S = 0.5
HIT_TOLERANCES_S = (0.1, 0.5, 1.0)


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    """Precision tp / (tp + fp), recall tp / (tp + fn) and F1 2 tp / (2 tp + fp + fn) of the counts.

    The rule for a zero denominator: the figure is undefined, None, never 0 or 1. Precision is None when nothing
    was called positive, recall when there is nothing to find; F1 (the harmonic mean of the two wherever both are
    defined) is None only when there is neither, so a detector that finds nothing of what there is scores 0.
    """
    return _ratio(tp, tp + fp), _ratio(tp, tp + fn), f_beta(tp, fp, fn)


def f_beta(tp: int, fp: int, fn: int, beta: float = 1.0) -> float | None:
    """F-beta of the counts, recall weighted ``beta`` times precision (F1: both alike); None when all are zero
    (see :func:`precision_recall_f1`)."""
    weight = beta * beta
    return _ratio((1 + weight) * tp, (1 + weight) * tp + weight * fn + fp)


def classification_metrics(truth: Sequence[bool], predicted: Sequence[bool]) -> dict:
    """Accuracy, precision, recall and F1 with earthquake (True) as the positive class, the counts, and the
    confusion matrix [[true noise, noise called earthquake], [earthquake called noise, true earthquake]].

    A ratio whose denominator is zero is None (:func:`precision_recall_f1`).
    """
    truth = np.asarray(truth, dtype=bool)
    predicted = np.asarray(predicted, dtype=bool)
    if truth.shape != predicted.shape:
        raise ValueError("truth and predictions differ in length")
    tp = int(np.sum(truth & predicted))
    fp = int(np.sum(~truth & predicted))
    fn = int(np.sum(truth & ~predicted))
    tn = int(np.sum(~truth & ~predicted))
    precision, recall, f1 = precision_recall_f1(tp, fp, fn)
    return {
        "accuracy": _ratio(tp + tn, truth.size),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "n_earthquake": int(truth.sum()),
        "n_noise": int((~truth).sum()),
        "confusion": [[tn, fp], [fn, tp]],
    }


@dataclass
class PhaseTally:
    """What one phase's picks did against its labels, gathered record by record (see :func:`phase_metrics`).

    ``nearest_s`` holds, for every label, the signed error label - nearest pick in seconds (NaN when the record
    has no pick of the phase). ``n_picks`` counts all picks made on labelled-earthquake records, ``noise_picks``
    and ``noise_hours`` the picks on noise records and their duration. ``n_outside`` counts labels that lie
    outside their record's samples (no picker can find them; they are not counted as labelled).
    """

    nearest_s: list[float] = field(default_factory=list)
    n_picks: int = 0
    noise_picks: int = 0
    noise_hours: float = 0.0
    n_outside: int = 0

    def add_record(self, labels_s: Sequence[float], picks_s: Sequence[float],
                   duration_s: float = float("inf")) -> None:
        """Add an earthquake record's label and pick times (seconds from the record's first sample) and the time of
        its last sample."""
        picks = np.asarray(picks_s, dtype=float)
        self.n_picks += int(picks.size)
        for label in labels_s:
            if not 0.0 <= label <= duration_s:
                self.n_outside += 1
                continue
            if picks.size == 0:
                self.nearest_s.append(float("nan"))
            else:
                errors = label - picks
                self.nearest_s.append(float(errors[np.argmin(np.abs(errors))]))

    def add_noise(self, n_picks: int, duration_s: float) -> None:
        """Add a noise record: every pick on it is a false pick."""
        self.noise_picks += int(n_picks)
        self.noise_hours += duration_s / 3600.0


def phase_metrics(tally: PhaseTally, tolerance_s: float = MATCH_TOLERANCE_S) -> dict:
    """n labelled, n picked (labels with a pick within ``tolerance_s``), recall, true MAE, median absolute error,
    bias (mean of label - pick) and standard deviation over the found picks, hit rates over all labels, and false
    picks per hour on noise records. Statistics of an empty set are None."""
    nearest = np.asarray(tally.nearest_s, dtype=float)
    n_labelled = int(nearest.size)
    distance = np.abs(nearest)  # NaN (no pick) compares False: a miss
    found = nearest[distance <= tolerance_s]
    result = {
        "n_labelled": n_labelled,
        "n_picked": int(found.size),
        "recall": _ratio(found.size, n_labelled),
        "mae_s": float(np.mean(np.abs(found))) if found.size else None,
        "median_abs_s": float(np.median(np.abs(found))) if found.size else None,
        "bias_s": float(np.mean(found)) if found.size else None,
        "std_s": float(np.std(found)) if found.size else None,
    }
    for tolerance in HIT_TOLERANCES_S:
        result[f"hit_{tolerance:.1f}s"] = _ratio(int(np.sum(distance <= tolerance)), n_labelled)
    result["n_picks"] = tally.n_picks
    result["n_outside_record"] = tally.n_outside
    result["false_picks_per_hour_noise"] = tally.noise_picks / tally.noise_hours if tally.noise_hours > 0 else None
    return result


def _ratio(numerator: float, denominator: float) -> float | None:
    return float(numerator) / float(denominator) if denominator else None
