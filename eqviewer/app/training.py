"""What fine-tuning learns from: the labelled windows of archives or of a review session's reviewed labels, and the
training settings (``eqviewer train`` and the window's Retrain both train through :mod:`eqviewer.app.retrain`).

A session is read in memory: its reviewed labels become the windows its training exports would hold
(:mod:`eqviewer.train.session_source`), cut from its archives through a read-only handle, with no file written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from eqviewer.errors import Cancelled, EqviewerError
from eqviewer.train import CLASSIFIER_INPUTS, TASKS, AugmentSettings, TrainSettings

if TYPE_CHECKING:  # the training modules load Keras: imported when a workflow runs, not with the command line
    from eqviewer.train import LabelledWindows, TrainResult

__all__ = ["CLASSIFIER_INPUTS", "TASKS", "TrainSettings", "labelled_windows", "learned_from", "session_data_paths",
           "session_windows", "threshold_lines", "train_settings", "training_summary"]


def train_settings(augment: bool = True, **values) -> TrainSettings:
    """Training settings: ``values`` by :class:`~eqviewer.train.settings.TrainSettings` field name, the defaults
    for the others; ``augment`` False trains on the windows as they are."""
    return TrainSettings(augment=AugmentSettings() if augment else AugmentSettings.off(), **values)


def session_windows(session_path: str, base: str | None = None,
                    cancel: Callable[[], bool] | None = None) -> LabelledWindows:
    """The labelled training windows (of model ``base``'s window; None: the seed) of a session's reviewed labels,
    read in memory (the session is opened read-only). EqviewerError when it holds no reviewed labels or no
    earthquake; :class:`~eqviewer.errors.Cancelled` when ``cancel()`` turns True."""
    from eqviewer.train import base_window, read_labelled

    windows = read_labelled([session_path], base_window(base), cancel=cancel)
    if cancel is not None and cancel():
        raise Cancelled
    if windows.n_earthquakes == 0:
        raise EqviewerError(session_path, "the session's reviewed labels hold no earthquake to learn from")
    return windows


def session_data_paths(session_path: str) -> list[str]:
    """What a model's metadata names as its training data: the session file (a database URL is no path)."""
    from eqviewer.review import is_database_url

    return [] if is_database_url(session_path) else [session_path]


def labelled_windows(base: str, data: Sequence[str] = (), session: str | None = None,
                     cancel: Callable[[], bool] | None = None) -> LabelledWindows:
    """The labelled training windows (of model ``base``'s window) of the archives ``data`` or of the reviewed labels
    of ``session`` (one of the two). EqviewerError for data with nothing to learn from."""
    from eqviewer.train import read_training_data

    if session is not None:
        return session_windows(session, base, cancel)
    return read_training_data(data, base, cancel)


THRESHOLD_NAMES = {"p": "P", "s": "S", "det": "detection"}
LABEL_KINDS = (("earthquake", "earthquake windows"), ("noise", "noise windows"), ("P picks", "P picks"),
               ("S picks", "S picks"))


def learned_from(counts: dict) -> str:
    """"learned from: train 28 earthquake windows, 12 noise windows, 28 P picks, 27 S picks; validation ..." from
    :attr:`~eqviewer.train.TrainResult.counts`."""
    sides = [f"{side} " + ", ".join(f"{counts[side].get(key, 0)} {name}" for key, name in LABEL_KINDS)
             for side in ("train", "validation") if side in counts]
    return "learned from: " + "; ".join(sides)


def threshold_lines(thresholds: dict) -> list[str]:
    """Each threshold of a "thresholds" metadata entry in words: fitted and base values and the one kept (with the
    bootstrap gain that decided it), why one was not fitted, or where it was taken from."""
    lines = []
    checked, not_fitted, kept = (thresholds.get(part, {}) for part in ("checked", "not_fitted", "kept"))
    for key, name in THRESHOLD_NAMES.items():
        if key in checked:
            c = checked[key]
            lines.append(f"{name} threshold: fitted {c['fitted']:.2f}, base {c['base']:.2f}, kept the {c['kept']}'s "
                         f"({c['measure']} gain {c['gain']:+.2f}, {100 * c['level']:.0f}% {c['low']:+.2f}..{c['high']:+.2f}"
                         f" over {c['resamples']} resamples of {c['labels']} labels)")
        elif key in not_fitted:
            lines.append(f"{name} threshold: the base's (not fitted: {not_fitted[key]})")
        elif key in kept:
            lines.append(f"{name} threshold: {thresholds[key]:.2f} from {kept[key]}")
    return lines


def training_summary(result: TrainResult) -> list[str]:
    """What a fine-tuning learned from, which networks it kept (each judged against the base's on the validation
    split) and its thresholds, as lines of text."""
    lines = [learned_from(result.counts or {})]
    if result.unjudged:
        lines.append(f"networks not judged against the base: {result.unjudged}")
    lines += [choice.text() for choice in result.choices.values()]
    return lines + threshold_lines(result.entry.metadata.get("thresholds") or {})
