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
threshold the same network had (:func:`keep_unfitted`), else the default. After fine-tuning, a fitted threshold is
kept only where a bootstrap of the validation records shows it reliably better than the base's (:func:`check_fitted`:
the lower bound of its gain in the fitting score above 0); else the base's threshold stays. Measured: fine-tuned on half of
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
from eqviewer.train.bootstrap import RESAMPLES, bootstrap
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
    quakes = sum(1 for o in known if o.category == "earthquake")
    if min(quakes, len(known) - quakes) < max(min_records, 1):
        return None
    scores = []
    for threshold in GRID:
        tp, fp, fn = _detection_counts(known, float(threshold))
        scores.append((float(threshold), _fbeta(tp, fp, fn), {"f1": _fbeta(tp, fp, fn), "recall": tp / (tp + fn),
                                                            "false_alarms": fp}))
    return _best(scores)


def _detection_counts(outcomes: Sequence[RecordOutcome], threshold: float) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of calling a record an earthquake when the classifier's
    highest output on it exceeds ``threshold`` (records without an earthquake/noise category are left out)."""
    known = [o for o in outcomes if o.category in ("earthquake", "noise")]
    truth = np.array([o.category == "earthquake" for o in known], dtype=bool)
    said = np.array([o.max_det > threshold for o in known], dtype=bool)
    return (int(np.count_nonzero(said & truth)), int(np.count_nonzero(said & ~truth)),
            int(np.count_nonzero(~said & truth)))


def score(outcomes: Sequence[RecordOutcome], key: str, threshold: float, beta: float = 1.0) -> float:
    """F-beta of threshold ``key`` ("p", "s": picks within 0.5 s of labels, false picks on any record; "det": records
    called earthquake) at ``threshold`` on ``outcomes``; 0 where undefined."""
    if key == "det":
        return _fbeta(*_detection_counts(outcomes, threshold), beta)
    return _fbeta(*_phase_counts(outcomes, key.upper(), threshold), beta)


def labels_of(outcomes: Sequence[RecordOutcome], key: str) -> int:
    """How many labels judge threshold ``key``: the phase's labels on earthquake records ("p", "s"), or the
    earthquake and noise records ("det")."""
    if key == "det":
        return sum(1 for o in outcomes if o.category in ("earthquake", "noise"))
    return sum(len(o.labels[key.upper()]) for o in outcomes if o.category == "earthquake")


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
    return fit_outcomes(threshold_outcomes(sources, model, settings, progress), data, min_labels, min_records)


def threshold_outcomes(sources: Sequence, model, settings: DetectSettings = DetectSettings(),
                       progress: Callable[[int, int], None] | None = None) -> list[RecordOutcome]:
    """What ``model`` finds on every labelled item of ``sources``, its pickers run at :data:`FLOOR` so that the picks
    at any higher threshold can be read off (detection settings otherwise as in ``settings``)."""
    low = {"p_threshold": FLOOR, "s_threshold": FLOOR, "det_threshold": settings.det_threshold}
    detector = Detector(model, DetectSettings(**{**settings.as_dict(), **low}))
    return record_outcomes(sources, detector, progress).records


def fit_outcomes(outcomes: Sequence[RecordOutcome], data: str = "", min_labels: int = MIN_LABELS,
                 min_records: int = MIN_RECORDS, keys: Iterable[str] = tuple(THRESHOLD_KEYS)) -> dict:
    """The "thresholds" metadata entry fitted on ``outcomes`` (:func:`threshold_outcomes`) for the thresholds
    ``keys`` ("p", "s", "det"; default all); see :func:`fit_thresholds`."""
    fitted: dict = {"method": METHOD, "data": data, "records": len(outcomes),
                    "noise_records": sum(1 for o in outcomes if o.category == "noise"),
                    "fitted": datetime.now(timezone.utc).isoformat(timespec="seconds"), "figures": {}}
    for key in [k for k in THRESHOLD_KEYS if k in set(keys)]:
        result = fit_detection(outcomes, min_records) if key == "det" else fit_phase(outcomes, key.upper(), min_labels)
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


def check_fitted(fitted: Mapping, outcomes: Sequence[RecordOutcome], base: Mapping[str, float],
                 resamples: int = RESAMPLES, seed: int = 0) -> dict:
    """``fitted`` (a "thresholds" entry fitted on ``outcomes``) with each fitted threshold kept only where it is
    reliably better than the base's (``base``: {"p", "s", "det"} -> the threshold the base model runs at): the
    gain in the fitting score (F2 for P and S, F1 for detection) of the fitted over the base threshold, on
    ``resamples`` bootstrap draws of the records, must have a lower bound above 0. A fit on a few labels sits on the
    optimum of those labels and gains nothing reliable; the base's threshold is kept (the key is dropped, so that
    :func:`keep_unfitted` or the kind's default fills it). Both thresholds, the gain with its interval and the one
    kept are noted under "checked": {key: {...}}."""
    out = dict(fitted)
    groups = [[i] for i in range(len(outcomes))]
    for key in [k for k in THRESHOLD_KEYS if k in fitted and k in base]:
        beta = 1.0 if key == "det" else PHASE_BETA

        def gain(index: np.ndarray, key=key, beta=beta) -> float:
            part = [outcomes[i] for i in index]
            return score(part, key, fitted[key], beta) - score(part, key, base[key], beta)

        interval = bootstrap(gain, groups, resamples, seed)
        kept = "fitted" if interval.low > 0 else "base"
        out.setdefault("checked", {})[key] = {
            "fitted": fitted[key], "base": base[key], "kept": kept, "measure": f"F{beta:g}",
            "gain": interval.value, "low": interval.low, "high": interval.high, "level": interval.level,
            "resamples": resamples, "labels": labels_of(outcomes, key)}
        if kept == "base":
            del out[key]
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
