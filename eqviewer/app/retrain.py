"""Retraining: labelled windows, fine-tuning, before/after evaluation on a held-out part (Model ▸ Retrain on this
session in the window, ``eqviewer train`` on the command line: :func:`train_and_compare` is the workflow of both).

It only chains core calls, and can run off the GUI thread: the session's reviewed labels are read in memory as
labelled windows (:func:`eqviewer.app.training.session_windows`, the windows the training exports cut) through a
read-only handle of the session opened in the worker thread (the window's own handle belongs to the GUI thread);
the labelled windows are split by event into a part to train on and a held-out part; the model is fine-tuned on
the first (:func:`eqviewer.train.finetune.finetune_windows`, which splits off its own validation set), and the
base and the new model are compared on the held-out part (:mod:`eqviewer.train.report`: figures and an HTML page;
:mod:`eqviewer.train.gains`: the gain of each figure with its bootstrap interval). :func:`summary_lines` says in
words what the training learned from, which networks and thresholds it kept and what it gained.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from eqviewer.app.training import session_data_paths, session_windows, training_summary
from eqviewer.errors import EqviewerError
from eqviewer.train import TASKS, TrainSettings

if TYPE_CHECKING:  # the training modules load Keras: imported when a workflow runs
    from eqviewer.train import Gain, LabelledWindows, TrainProgress, TrainResult

# Shares of the progress bar: reading, training, evaluation.
_READ_END, _TRAIN_END = 0.10, 0.85


@dataclass(frozen=True)
class RetrainOptions:
    """What the analyst chose in the Retrain dialog.

    ``holdout_fraction`` of the labelled events is kept out of training for the before/after comparison;
    ``train`` holds the fine-tuning settings (epochs, batch, learning rate, validation share, seed). The session's
    windows are read in memory (:func:`eqviewer.app.training.session_windows`), with no export on disk.
    """

    name: str
    base: str = "seed"
    task: str = "all"
    holdout_fraction: float = 0.25
    train: TrainSettings = field(default_factory=TrainSettings)


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
    training: TrainResult | None = None
    """How each network was trained, what it learned from, which were kept and the thresholds stored."""
    gains: list[Gain] = field(default_factory=list)
    """P hit, S hit and detection F1 of the new model minus the base's on the held-out windows, with their bootstrap
    intervals (:func:`eqviewer.train.heldout_gains`); empty when nothing was held out or compared."""


def split_holdout(windows, fraction: float, seed: int):
    """(training windows, held-out windows), split by event; EqviewerError when too few events to hold some out."""
    from eqviewer.train import split_by_event

    if not 0.0 < fraction < 1.0:
        raise EqviewerError(None, f"the held-out share must be between 0 and 1, not {fraction:g}")
    keep, held = split_by_event(windows.event_ids, windows.is_earthquake, fraction, seed)
    if held.size == 0 or keep.size == 0:
        events = len(set(windows.event_ids))
        raise EqviewerError(None, f"too few labelled events ({events}) to hold some out for the before/after "
                                  "evaluation: review or import more labels first")
    return windows.subset(keep), windows.subset(held)


def check_options(options: RetrainOptions) -> None:
    """EqviewerError for a task or name that cannot work (before anything runs)."""
    if options.task not in TASKS:
        raise EqviewerError(None, f"unknown task {options.task!r} (choose from {', '.join(TASKS)})")
    if options.name == options.base:
        raise EqviewerError(options.name, "the new model needs a name other than its base model's")
    if not 0.0 <= options.holdout_fraction < 1.0:
        raise EqviewerError(None, f"the held-out share must be at least 0 and below 1, not {options.holdout_fraction:g}")


def retrain_on_session(session_path: str, options: RetrainOptions, report_dir: str | os.PathLike,
                       progress: Callable[[float, float, str], None] | None = None,
                       cancel: Callable[[], bool] | None = None) -> RetrainOutcome:
    """Fine-tune ``options.base`` on the reviewed labels of the session at ``session_path`` (opened read-only),
    register the result as ``options.name`` and compare both on a held-out part (HTML report into ``report_dir``).

    ``progress(done, total, text)`` reports; ``cancel()`` returning True stops: before training with
    :class:`~eqviewer.errors.Cancelled` and nothing registered, during training by registering the best model so
    far (the outcome then has no before/after figures). Raises EqviewerError for a session without reviewed labels,
    too few events, a bad model name or a name already taken.
    """
    check_options(options)
    progress = progress or (lambda done, total, text: None)
    progress(0.0, 1.0, "retrain: reading the session's reviewed labels")
    windows = session_windows(session_path, options.base, cancel)
    networks = TASKS[options.task]

    def train_progress(report) -> None:
        within = (report.epoch - 1 + report.step / max(report.steps, 1)) / max(report.epochs, 1)
        done = (networks.index(report.network) + min(within, 1.0)) / len(networks)
        progress(_READ_END + done * (_TRAIN_END - _READ_END), 1.0,
                 f"retrain: {report.network} epoch {report.epoch}/{report.epochs} loss {report.loss:.4f}")

    options = replace(options, train=replace(options.train, overwrite=True))
    outcome = train_and_compare(windows, session_data_paths(session_path), options, report_dir, train_progress,
                                cancel, progress)
    progress(1.0, 1.0, "retrain: done")
    return outcome


def train_and_compare(windows: LabelledWindows, data_paths: Sequence[str], options: RetrainOptions,
                      report_dir: str | os.PathLike | None = None,
                      train_progress: Callable[[TrainProgress], None] | None = None,
                      cancel: Callable[[], bool] | None = None,
                      progress: Callable[[float, float, str], None] | None = None) -> RetrainOutcome:
    """Hold ``options.holdout_fraction`` of the labelled ``windows``' events out (0: none), fine-tune
    ``options.base`` on the rest (:func:`eqviewer.train.finetune_windows`: every network kept only where it beats
    the base's on the validation split), register it as ``options.name`` (``options.train.overwrite`` to replace
    one) and compare both models on the held-out part: figures, gains with their intervals and, given
    ``report_dir``, the HTML report. ``data_paths`` is what the metadata names as the training data. The workflow of
    `eqviewer train` and of the window's Retrain (:func:`retrain_on_session`)."""
    from eqviewer.train import finetune_windows

    check_options(options)
    cancel = cancel or (lambda: False)
    progress = progress or (lambda done, total, text: None)
    training, held_out = windows, None
    if options.holdout_fraction > 0:
        training, held_out = split_holdout(windows, options.holdout_fraction, options.train.seed)
    result = finetune_windows(training, options.base, options.task, options.name, options.train, data_paths,
                              train_progress, cancel)
    outcome = RetrainOutcome(result.entry.name, options.base, result.entry.path, result.stopped, len(training),
                             0 if held_out is None else len(held_out), training=result)
    if held_out is not None and not cancel():
        _compare(outcome, held_out, options, report_dir, progress)
    return outcome


def summary_lines(outcome: RetrainOutcome) -> list[str]:
    """What a training learned from, which networks and thresholds it kept, and its gain on the held-out labels, as
    lines of text: `eqviewer train` prints them, the Retrain result dialog and the report show them."""
    lines = training_summary(outcome.training) if outcome.training is not None else []
    if outcome.gains:
        lines.append(f"gain on the {outcome.n_holdout} held-out windows (new - base, each at its own thresholds): "
                     + "; ".join(gain.text() for gain in outcome.gains))
    elif outcome.n_holdout == 0:
        lines.append("nothing held out of training: no gain measured on unseen labels")
    return lines


def retrain_job(session_path: str, options: RetrainOptions, report_dir: str | os.PathLike):
    """:func:`retrain_on_session` as a background job ``job(progress, cancel, emit)`` that emits the
    :class:`RetrainOutcome`; the options are checked now (EqviewerError), before a thread starts."""
    check_options(options)

    def job(progress, cancel, emit) -> None:
        emit(retrain_on_session(session_path, options, report_dir, progress, cancel))

    return job


def _compare(outcome: RetrainOutcome, held_out, options: RetrainOptions, report_dir, progress) -> None:
    """Run the base and the new model on the held-out windows, each at its own thresholds (those fitted to it,
    else its kind's: what the window sets when the model is chosen): figures and the HTML report into ``outcome``."""
    from eqviewer.model import SeedModel
    from eqviewer.train import heldout_gains, predict_windows, summary, write_report

    preds = []
    for k, (spec, label) in enumerate(((options.base, "before"), (outcome.model_name, "after"))):
        progress(_TRAIN_END + k * (1 - _TRAIN_END) / 2, 1.0, f"retrain: evaluating {spec} on the held-out part")
        # without XLA: compiling costs more than it saves on a few held-out windows
        model = SeedModel.load(None if spec == "seed" else spec, jit_compile=False)
        preds.append(predict_windows(model, held_out, name=f"{label}: {model.name}:{model.version}"))
    outcome.before, outcome.after = (summary(p) for p in preds)
    outcome.gains = heldout_gains(*preds, options.train.bootstrap_resamples, options.train.seed)
    if report_dir is not None:
        outcome.report = write_report(
            report_dir, preds, title=f"eqviewer retraining: {options.base} vs {outcome.model_name}", misses=4,
            notes=[f"held out of training: {len(held_out)} labelled windows (split by event); trained on "
                   f"{outcome.n_train} windows ({options.task}, stopped: {outcome.stopped})",
                   "\n".join(summary_lines(outcome))])
