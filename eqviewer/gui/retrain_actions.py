"""Model ▸ Retrain on this session: the dialog, the background job (:func:`eqviewer.app.retrain.retrain_job`) in
the window's job runner, and the before/after result with a switch to the new model."""

from __future__ import annotations

import os
from collections.abc import Callable

from obspy import UTCDateTime
from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QDialog, QWidget

from eqviewer.app.retrain import RetrainOptions, RetrainOutcome, retrain_job
from eqviewer.app.review_state import ReviewState
from eqviewer.app.runs import RunState
from eqviewer.app.session_paths import retrain_name
from eqviewer.errors import EqviewerError
from eqviewer.gui.actions import MODEL_MENU, Action, Entry
from eqviewer.gui.model_panel import ModelPanel
from eqviewer.gui.retrain_dialogs import RetrainDialog, RetrainResultDialog
from eqviewer.gui.run_control import RunControl
from eqviewer.gui.user_folder import user_data_folder
from eqviewer.gui.worker import Worker


class Retraining:
    """Retrains on ``review``'s session in ``run_control``; ``model_chosen()`` tells the window the model panel's
    choice changed, ``finished(outcome)`` is called when a retraining ended (None: failed or cancelled early),
    ``status(text, ms)`` and ``show_error(title, message)`` report; ``parent`` owns the dialogs."""

    def __init__(self, review: ReviewState, model_panel: ModelPanel, runs: RunState, run_control: RunControl,
                 parent: QWidget, model_chosen: Callable[[], None], finished: Callable[[object], None],
                 status: Callable[[str, int], None], show_error: Callable[[str, str], object]):
        self.review, self.model_panel, self.runs, self.run_control = review, model_panel, runs, run_control
        self.parent = parent
        self._model_chosen, self._finished, self._status, self._show_error = model_chosen, finished, status, show_error
        self.retrain_result: RetrainResultDialog | None = None
        model_panel.retrain_requested.connect(self.retrain_dialog)
        runs.finished.connect(self._on_run_finished)

    def actions(self) -> list[Entry]:
        """Model ▸ Retrain on this session."""
        return [Action("retrain", "Re&train on this session…", self.retrain_dialog, MODEL_MENU, "2_retrain")]

    def retrain_dialog(self) -> None:
        """Model ▸ Retrain on this session: choose name, base, task and epochs, then train in the background."""
        session = self.review.session
        if session is None:
            self._show_error("Nothing to retrain on", "open archives or a session and review some labels first")
            return
        models = [self.model_panel.model_box.itemData(i) for i in range(self.model_panel.model_box.count())]
        suggested = retrain_name(session.path, set(models))
        dialog = RetrainDialog(models, self.model_panel.model_spec(), suggested, set(models), self.parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        options = dialog.options()
        dialog.deleteLater()
        if accepted:
            self.start_retrain(options)

    def start_retrain(self, options: RetrainOptions) -> Worker | None:
        """Export the session, fine-tune and compare before/after in the worker; None when a job is running."""
        session = self.review.session
        if self.runs.busy or session is None:
            return None
        stamp = UTCDateTime().strftime("%Y%m%dT%H%M%S")
        report_dir = os.path.join(user_data_folder(), "reports", f"{options.name}-{stamp}")
        try:
            job = retrain_job(session.path, options, report_dir)
        except EqviewerError as exc:
            self._show_error("Cannot retrain", str(exc))
            return None
        return self.run_control.start(job, "retraining", "retrain", self._on_retrained)

    def _on_retrained(self, outcome: RetrainOutcome) -> None:
        """The new model is registered: list it, and show the before/after figures with a switch button."""
        self.runs.retrain_outcome = outcome
        self.model_panel.reload_models()
        if self.retrain_result is not None:
            self.retrain_result.deleteLater()
        self.retrain_result = RetrainResultDialog(outcome, self.parent)
        self.retrain_result.use_model.connect(self.use_model)
        QTimer.singleShot(0, self.retrain_result.open)

    def use_model(self, name: str) -> None:
        """Choose a registered model for the next runs."""
        self.model_panel.reload_models()
        index = self.model_panel.model_box.findData(name)
        if index < 0:
            self._show_error("Unknown model", f"{name}: not in the model registry")
            return
        self.model_panel.model_box.setCurrentIndex(index)
        self._model_chosen()
        self._status(f"model {name} will be used for the next runs", 4000)

    def _on_run_finished(self, kind: str, cancelled: bool) -> None:
        if kind == "retrain":
            self._status("retraining cancelled" if cancelled else "retraining finished", 4000)
            self._finished(self.runs.retrain_outcome)
