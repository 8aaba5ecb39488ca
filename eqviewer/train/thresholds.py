"""Fitting a model's P, S and detection thresholds to labelled data of the network it will run on.

The detector runs once over the labelled records at a low floor (:data:`FLOOR`), as `eqviewer detect` would; every
pick it makes carries its probability, so the picks at any higher threshold are those above it (peak picking keeps
the higher of two close peaks, so raising the threshold never brings a pick back). Each phase's threshold is the one
of :data:`GRID` with the best F1, where a label with a pick of its phase within 0.5 s is a true positive, a label
without one a false negative, and every pick that matches no label (on earthquake and noise records alike) a false
positive; ties go to the higher threshold (fewer picks to review). The detection threshold is the best-F1
threshold of the classifier's highest output on each record against its earthquake/noise label (it needs both).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timezone

import numpy as np

from eqviewer.detect import DetectSettings, Detector
from eqviewer.train.evaluate import PHASES, RecordOutcome, record_outcomes
from eqviewer.train.metrics import MATCH_TOLERANCE_S

FLOOR = 0.05
GRID = np.round(np.arange(0.10, 0.951, 0.01), 2)
METHOD = ("best F1 (matches within 0.5 s; picks on noise and unmatched picks are false positives; ties to the "
          "higher threshold) over 0.10-0.95 in steps of 0.01")


def _phase_counts(outcomes: Sequence[RecordOutcome], phase: str, threshold: float) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of ``phase`` at ``threshold``."""
    tp = fp = fn = 0
    for outcome in outcomes:
        picks = np.array([t for t, prob in outcome.picks[phase] if prob > threshold], dtype=float)
        labels = np.asarray(outcome.labels[phase] if outcome.category == "earthquake" else [], dtype=float)
        matched = np.zeros(picks.size, dtype=bool)
        for label in labels:
            near = np.abs(picks - label) <= MATCH_TOLERANCE_S if picks.size else np.zeros(0, bool)
            if near.any():
                tp += 1
                matched |= near
            else:
                fn += 1
        fp += int(np.count_nonzero(~matched))
    return tp, fp, fn


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _best(scores: list[tuple[float, float, dict]]) -> tuple[float, dict]:
    """The threshold of the highest score (the higher threshold on ties) and its figures."""
    best = max(scores, key=lambda item: (round(item[1], 9), item[0]))
    return best[0], best[2]


def fit_phase(outcomes: Sequence[RecordOutcome], phase: str) -> tuple[float, dict] | None:
    """The best-F1 threshold of ``phase`` and its figures; None when no record holds a label of that phase."""
    if not any(o.labels[phase] for o in outcomes if o.category == "earthquake"):
        return None
    noise_hours = sum(o.duration_s for o in outcomes if o.category == "noise") / 3600.0
    scores = []
    for threshold in GRID:
        tp, fp, fn = _phase_counts(outcomes, phase, float(threshold))
        noise_picks = sum(sum(1 for _, prob in o.picks[phase] if prob > threshold) for o in outcomes
                          if o.category == "noise")
        figures = {"f1": _f1(tp, fp, fn), "recall": tp / (tp + fn), "false_picks": fp,
                   "false_picks_per_hour_noise": noise_picks / noise_hours if noise_hours else None}
        scores.append((float(threshold), figures["f1"], figures))
    return _best(scores)


def fit_detection(outcomes: Sequence[RecordOutcome]) -> tuple[float, dict] | None:
    """The best-F1 threshold of the classifier (a record is called an earthquake when its highest output exceeds
    it); None unless the records hold both earthquakes and noise."""
    known = [o for o in outcomes if o.category in ("earthquake", "noise")]
    truth = np.array([o.category == "earthquake" for o in known], dtype=bool)
    if truth.all() or not truth.any():
        return None
    highest = np.array([o.max_det for o in known])
    scores = []
    for threshold in GRID:
        said = highest > threshold
        tp = int(np.count_nonzero(said & truth))
        fp = int(np.count_nonzero(said & ~truth))
        fn = int(np.count_nonzero(~said & truth))
        scores.append((float(threshold), _f1(tp, fp, fn), {"f1": _f1(tp, fp, fn), "recall": tp / (tp + fn),
                                                            "false_alarms": fp}))
    return _best(scores)


def fit_thresholds(
    sources: Sequence,
    model,
    settings: DetectSettings = DetectSettings(),
    data: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Fit the P, S and detection thresholds of ``model`` on the labelled items of ``sources`` (detection settings
    otherwise as in ``settings``). Returns the "thresholds" metadata entry: {"p", "s", "det"} (a value is missing
    when the data cannot fit it), "method", "data", the figures at each chosen threshold, and the date."""
    low = {"p_threshold": FLOOR, "s_threshold": FLOOR, "det_threshold": settings.det_threshold}
    detector = Detector(model, DetectSettings(**{**settings.as_dict(), **low}))
    outcomes = record_outcomes(sources, detector, progress).records
    fitted: dict = {"method": METHOD, "data": data, "records": len(outcomes),
                    "noise_records": sum(1 for o in outcomes if o.category == "noise"),
                    "fitted": datetime.now(timezone.utc).isoformat(timespec="seconds"), "figures": {}}
    for key, result in (("p", fit_phase(outcomes, "P")), ("s", fit_phase(outcomes, "S")),
                        ("det", fit_detection(outcomes))):
        if result is not None:
            fitted[key], fitted["figures"][key] = result
    return fitted
