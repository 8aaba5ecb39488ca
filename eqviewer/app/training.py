"""Fine-tuning a model on labelled archives or on a review session's reviewed labels (``eqviewer train``; the
window's Retrain, :mod:`eqviewer.app.retrain`, reads a session's windows the same way).

A session is read in memory: its reviewed labels become the windows its training exports would hold
(:mod:`eqviewer.train.session_source`), cut from its archives through a read-only handle, with no file written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from eqviewer.errors import Cancelled, EqviewerError
from eqviewer.train import CLASSIFIER_INPUTS, TASKS, AugmentSettings, TrainSettings

if TYPE_CHECKING:  # the training modules load Keras: imported when a workflow runs, not with the command line
    from eqviewer.train import LabelledWindows, TrainProgress, TrainResult

__all__ = ["CLASSIFIER_INPUTS", "TASKS", "TrainSettings", "session_data_paths", "session_windows",
           "train_model", "train_settings"]


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


def train_model(base: str, task: str, out: str, settings: TrainSettings, data: Sequence[str] = (),
                session: str | None = None, progress: Callable[[TrainProgress], None] | None = None) -> TrainResult:
    """Fine-tune ``task``'s networks of ``base`` on the labelled archives ``data`` or on the reviewed labels of
    ``session`` (one of the two), and register the result as ``out``. EqviewerError for data with nothing to learn
    from, an unknown task or a name already taken; Ctrl+C keeps the best model so far."""
    from eqviewer.train import finetune_paths, finetune_windows

    if session is not None:
        windows = session_windows(session, base)
        return finetune_windows(windows, base, task, out, settings, session_data_paths(session), progress)
    return finetune_paths(data, base, task, out, settings, progress)
