"""The worker job behind Model ▸ Retrain on this session: export, fine-tune, before/after evaluation.

It only chains core calls, off the GUI thread: the session's reviewed labels are exported
(:func:`eqviewer.review.export.export_session`, SeisBench or STEAD format) into a temporary folder through a
read-only handle of the session opened in the worker thread (the window's own handle belongs to the GUI thread);
the labelled windows are split by event into a part to train on and a held-out part; the model is fine-tuned on
the first (:func:`eqviewer.train.finetune.finetune_windows`, which splits off its own validation set), and the
base and the new model are compared on the held-out part (:mod:`eqviewer.train.report`: figures and an HTML page).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from eqviewer.errors import EqviewerError
from eqviewer.gui.worker import Cancelled
from eqviewer.train.settings import TASKS, TrainSettings

RETRAIN_FORMATS = ("seisbench", "stead")
# Shares of the progress bar: export and reading, training, evaluation.
_READ_END, _TRAIN_END = 0.10, 0.85


@dataclass(frozen=True)
class RetrainOptions:
    """What the analyst chose in the Retrain dialog.

    ``holdout_fraction`` of the labelled events is kept out of training for the before/after comparison;
    ``train`` holds the fine-tuning settings (epochs, batch, learning rate, validation share, seed).
    """

    name: str
    base: str = "seed"
    task: str = "all"
    export_format: str = "seisbench"
    holdout_fraction: float = 0.25
    train: TrainSettings = field(default_factory=TrainSettings)
    class_threshold: float = 0.5
    pick_threshold: float = 0.5


@dataclass
class RetrainOutcome:
    """What a retraining gave: the registered model, why training stopped, and the held-out comparison.

    ``before`` / ``after`` are :func:`eqviewer.train.report.summary` figures of the base and the new model on
    the held-out windows, ``report`` the HTML page comparing them; all three are None when the run was cancelled
    after training (the best model so far is registered all the same).
    """

    model_name: str
    base_name: str
    model_path: Path
    stopped: str
    n_train: int
    n_holdout: int
    before: dict | None = None
    after: dict | None = None
    report: Path | None = None


def split_holdout(windows, fraction: float, seed: int):
    """(training windows, held-out windows), split by event; EqviewerError when too few events to hold some out."""
    from eqviewer.train.split import split_by_event

    if not 0.0 < fraction < 1.0:
        raise EqviewerError(None, f"the held-out share must be between 0 and 1, not {fraction:g}")
    keep, held = split_by_event(windows.event_ids, windows.is_earthquake, fraction, seed)
    if held.size == 0 or keep.size == 0:
        events = len(set(windows.event_ids))
        raise EqviewerError(None, f"too few labelled events ({events}) to hold some out for the before/after "
                                  "evaluation: review or import more labels first")
    return windows.subset(keep), windows.subset(held)


def retrain_job(session_path: str, options: RetrainOptions, report_dir: str | os.PathLike):
    """The worker job (see :mod:`eqviewer.gui.worker`): emits one :class:`RetrainOutcome`.

    Raises EqviewerError (shown as a message box) for a session without reviewed labels, too few events, a bad
    model name or a name already taken; cancelling before training stops with nothing registered, cancelling
    during training registers the best model so far.
    """
    if options.task not in TASKS:
        raise EqviewerError(None, f"unknown task {options.task!r} (choose from {', '.join(TASKS)})")
    if options.export_format not in RETRAIN_FORMATS:
        raise EqviewerError(None, f"cannot train on a {options.export_format!r} export; use seisbench or stead")
    if options.name == options.base:
        raise EqviewerError(options.name, "the new model needs a name other than its base model's")

    def job(progress, cancel, emit) -> None:
        from eqviewer.review import backend_postgres
        from eqviewer.train.finetune import base_window, finetune_windows, read_labelled

        with tempfile.TemporaryDirectory(prefix="eqviewer-retrain-") as folder:
            progress(0.0, 1.0, "retrain: exporting the session's reviewed labels")
            export_path = _export(session_path, options.export_format, folder)
            if cancel():
                raise Cancelled
            progress(0.05, 1.0, "retrain: reading the labelled windows")
            windows = read_labelled([export_path], base_window(options.base), cancel=cancel)
        if cancel():
            raise Cancelled
        if windows.n_earthquakes == 0:
            raise EqviewerError(session_path, "the session's reviewed labels hold no earthquake to learn from")
        training, held_out = split_holdout(windows, options.holdout_fraction, options.train.seed)
        networks = TASKS[options.task]

        def train_progress(report) -> None:
            within = (report.epoch - 1 + report.step / max(report.steps, 1)) / max(report.epochs, 1)
            done = (networks.index(report.network) + min(within, 1.0)) / len(networks)
            progress(_READ_END + done * (_TRAIN_END - _READ_END), 1.0,
                     f"retrain: {report.network} epoch {report.epoch}/{report.epochs} loss {report.loss:.4f}")

        settings = replace(options.train, overwrite=True)
        # the metadata names the session file as the training data (a database URL is no path to resolve)
        data_paths = [] if backend_postgres.is_database_url(session_path) else [session_path]
        result = finetune_windows(training, options.base, options.task, options.name, settings,
                                  data_paths, train_progress, cancel)
        outcome = RetrainOutcome(result.entry.name, options.base, result.entry.path, result.stopped,
                                 len(training), len(held_out))
        if not cancel():
            _compare(outcome, held_out, options, report_dir, progress)
        emit(outcome)
        progress(1.0, 1.0, "retrain: done")

    return job


def _export(session_path: str, fmt: str, folder: str) -> str:
    """Export the session's reviewed labels into ``folder``; the path to read back."""
    from eqviewer.review.export import export_session
    from eqviewer.review.session import Session

    target = os.path.join(folder, "session" if fmt == "seisbench" else "session.hdf5")
    with Session.open(session_path, read_only=True) as session:
        written = export_session(session, fmt, target)
    if written == 0:
        raise EqviewerError(session_path, "the session holds no reviewed labels to train on: accept, correct or "
                                          "add picks, or import the archives' labels, first")
    return target


def _compare(outcome: RetrainOutcome, held_out, options: RetrainOptions, report_dir, progress) -> None:
    """Run the base and the new model on the held-out windows: figures and the HTML report into ``outcome``."""
    from eqviewer.model import SeedModel
    from eqviewer.train.report import predict_windows, summary, write_report

    preds = []
    for k, (spec, label) in enumerate(((options.base, "before"), (outcome.model_name, "after"))):
        progress(_TRAIN_END + k * (1 - _TRAIN_END) / 2, 1.0, f"retrain: evaluating {spec} on the held-out part")
        # without XLA: compiling costs more than it saves on a few held-out windows
        model = SeedModel.load(None if spec == "seed" else spec, jit_compile=False)
        preds.append(predict_windows(model, held_out, name=f"{label}: {model.name}:{model.version}"))
    outcome.before, outcome.after = (summary(p, options.class_threshold, options.pick_threshold) for p in preds)
    outcome.report = write_report(
        report_dir, preds, title=f"eqviewer retraining: {options.base} vs {outcome.model_name}",
        class_threshold=options.class_threshold, pick_threshold=options.pick_threshold, misses=4,
        notes=[f"held out of training: {len(held_out)} windows of the session's reviewed labels (split by event); "
               f"trained on {outcome.n_train} windows ({options.task}, stopped: {outcome.stopped})"])
