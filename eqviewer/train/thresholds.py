"""Fitting a model's P, S and detection thresholds to labelled data of the network it will run on.

The detector runs once over the labelled records at a low floor (:data:`FLOOR`), as `eqviewer detect` would; every
pick it makes carries its probability, so the picks at any higher threshold are those above it (peak picking keeps
the higher of two close peaks, so raising the threshold never brings a pick back). Each phase's threshold is the one
of :data:`GRID` with the best F2 score (recall weighted :data:`PHASE_BETA` = 2 times precision), where a label with a
pick of its phase within 0.5 s is a true positive, a label without one a false negative, and every pick that matches
no label (on earthquake and noise records alike) a false positive; when several thresholds share the best score,
the middle one of them is taken (on a small set the best score is often a plateau, and its upper end is the one most
likely to lose picks on new data). The detection threshold is the best-F1 threshold of the classifier's highest
output on each record against its earthquake/noise label.
A threshold is fitted only on enough labels (:data:`MIN_LABELS` of the phase; :data:`MIN_RECORDS` earthquake and as
many noise records for the classifier): on fewer, one label more or less moves it by tenths, and the model keeps the
threshold the same network had (:func:`keep_unfitted`), else the default. Measured: fine-tuned on half of
obstransformer56 and fitted on its 4 validation earthquakes, the P threshold came out 0.84 and P recall on the other
half fell from 0.84 to 0.74 (benchmarks/finetune_transfer.py).

Why F2: a missed arrival costs an analyst more than a false pick (finding and placing it, against one key to reject).
Fitted to random 20-earthquake parts of each shared set (the seed model; 300 draws, the rest of the set and its noise
records to judge), best F1 raised the P threshold to a median 0.59 on obstransformer56 and lost recall on new
records against the defaults (P 0.885 vs 0.918, S 0.871 vs 0.918; false picks 3.8 vs 5.5 and 2.5 vs 6.6); best F2
lost less (P 0.902, S 0.880; false picks 4.9 and 3.4), and on stead_eqt50 gained P (0.936 vs 0.920, F1: 0.904) for
5.3 false picks against 3.1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone

import numpy as np

from eqviewer.detect import THRESHOLD_FIELDS, Detector, DetectSettings
from eqviewer.model import THRESHOLD_KEYS, model_thresholds
from eqviewer.train.evaluate import RecordOutcome, record_outcomes
from eqviewer.train.metrics import MATCH_TOLERANCE_S, f_beta

FLOOR = 0.05
GRID = np.round(np.arange(0.10, 0.951, 0.01), 2)
MIN_LABELS = 20
MIN_RECORDS = 10
PHASE_BETA = 2.0
"""The P and S thresholds maximise F-beta with this beta: recall counts this many times as much as precision."""
METHOD = ("P and S: best F2, recall weighted twice precision (matches within 0.5 s; picks on noise and unmatched picks "
          "are false positives); detection: best F1; the middle of equally good thresholds, over 0.10-0.95 in steps "
          "of 0.01")


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


def _fbeta(tp: int, fp: int, fn: int, beta: float = 1.0) -> float:
    """F-beta of the counts (:func:`eqviewer.train.metrics.f_beta`) as a score to rank thresholds by: 0 where it
    is undefined (no labels and no picks)."""
    return f_beta(tp, fp, fn, beta) or 0.0


def _best(scores: list[tuple[float, float, dict]]) -> tuple[float, dict]:
    """The threshold of the highest score (the middle one of several equal ones) and its figures."""
    top = max(round(score, 9) for _, score, _ in scores)
    tied = [item for item in scores if round(item[1], 9) == top]
    middle = tied[len(tied) // 2]
    return middle[0], middle[2]


def fit_phase(outcomes: Sequence[RecordOutcome], phase: str, min_labels: int = MIN_LABELS) -> tuple[float, dict] | None:
    """The best-F2 threshold of ``phase`` and its figures; None when the records hold fewer than ``min_labels``
    labels of that phase."""
    if sum(len(o.labels[phase]) for o in outcomes if o.category == "earthquake") < max(min_labels, 1):
        return None
    noise_hours = sum(o.duration_s for o in outcomes if o.category == "noise") / 3600.0
    scores = []
    for threshold in GRID:
        tp, fp, fn = _phase_counts(outcomes, phase, float(threshold))
        noise_picks = sum(sum(1 for _, prob in o.picks[phase] if prob > threshold) for o in outcomes
                          if o.category == "noise")
        figures = {"f2": _fbeta(tp, fp, fn, PHASE_BETA), "f1": _fbeta(tp, fp, fn), "recall": tp / (tp + fn),
                   "false_picks": fp,
                   "false_picks_per_hour_noise": noise_picks / noise_hours if noise_hours else None}
        scores.append((float(threshold), figures["f2"], figures))
    return _best(scores)


def fit_detection(outcomes: Sequence[RecordOutcome], min_records: int = MIN_RECORDS) -> tuple[float, dict] | None:
    """The best-F1 threshold of the classifier (a record is called an earthquake when its highest output exceeds
    it); None unless the records hold at least ``min_records`` earthquakes and as many noise records."""
    known = [o for o in outcomes if o.category in ("earthquake", "noise")]
    truth = np.array([o.category == "earthquake" for o in known], dtype=bool)
    if min(int(truth.sum()), int((~truth).sum())) < max(min_records, 1):
        return None
    highest = np.array([o.max_det for o in known])
    scores = []
    for threshold in GRID:
        said = highest > threshold
        tp = int(np.count_nonzero(said & truth))
        fp = int(np.count_nonzero(said & ~truth))
        fn = int(np.count_nonzero(~said & truth))
        scores.append((float(threshold), _fbeta(tp, fp, fn), {"f1": _fbeta(tp, fp, fn), "recall": tp / (tp + fn),
                                                            "false_alarms": fp}))
    return _best(scores)


def fit_thresholds(
    sources: Sequence,
    model,
    settings: DetectSettings = DetectSettings(),
    data: str = "",
    progress: Callable[[int, int], None] | None = None,
    min_labels: int = MIN_LABELS,
    min_records: int = MIN_RECORDS,
) -> dict:
    """Fit the P, S and detection thresholds of ``model`` on the labelled items of ``sources`` (detection settings
    otherwise as in ``settings``). Returns the "thresholds" metadata entry: {"p", "s", "det"} (a value is missing
    when the data are too few to fit it, see ``min_labels`` and ``min_records``), "method", "data", the figures at
    each chosen threshold, and the date."""
    low = {"p_threshold": FLOOR, "s_threshold": FLOOR, "det_threshold": settings.det_threshold}
    detector = Detector(model, DetectSettings(**{**settings.as_dict(), **low}))
    outcomes = record_outcomes(sources, detector, progress).records
    fitted: dict = {"method": METHOD, "data": data, "records": len(outcomes),
                    "noise_records": sum(1 for o in outcomes if o.category == "noise"),
                    "fitted": datetime.now(timezone.utc).isoformat(timespec="seconds"), "figures": {}}
    for key, result in (("p", fit_phase(outcomes, "P", min_labels)), ("s", fit_phase(outcomes, "S", min_labels)),
                        ("det", fit_detection(outcomes, min_records))):
        if result is not None:
            fitted[key], fitted["figures"][key] = result
        else:
            fitted.setdefault("not_fitted", {})[key] = _too_few(outcomes, key, min_labels, min_records)
    return fitted


NETWORK_KEYS = {net: key for net, field in THRESHOLD_FIELDS.items() for key, setting in THRESHOLD_KEYS.items()
                if setting == field}
"""The key of each network's threshold in a model's "thresholds" metadata entry ("classifier" -> "det")."""


def keep_unfitted(fitted: Mapping, earlier: Mapping, networks: Iterable[str], source: str) -> dict:
    """``fitted`` (a "thresholds" entry) with the threshold of each of ``networks`` it could not fit taken from the
    metadata ``earlier`` of a model with that same network (the model itself before calibrating it again, or the
    base of a fine-tuned model for the networks it takes over unchanged), and noted under "kept": {key: source}.
    A threshold fitted to a network's data stays valid while that network is unchanged; the detector's default
    would throw the fit away."""
    held = model_thresholds(earlier)
    out = dict(fitted)
    for net in networks:
        key = NETWORK_KEYS[net]
        if key not in out and THRESHOLD_KEYS[key] in held:
            out[key] = held[THRESHOLD_KEYS[key]]
            out.setdefault("kept", {})[key] = source
    return out


def _too_few(outcomes: Sequence[RecordOutcome], key: str, min_labels: int, min_records: int) -> str:
    """Why a threshold was not fitted, in words."""
    if key == "det":
        quakes = sum(1 for o in outcomes if o.category == "earthquake")
        noise = sum(1 for o in outcomes if o.category == "noise")
        return f"{quakes} earthquake and {noise} noise records (fitting needs {min_records} of each)"
    phase = key.upper()
    n = sum(len(o.labels[phase]) for o in outcomes if o.category == "earthquake")
    return f"{n} {phase} labels (fitting needs {min_labels})"
