"""Model ▸ Retrain on this session in the main window: the dialog, the background job
(:func:`eqviewer.app.retrain.retrain_job`) and the before/after result with a switch to the new model."""

from __future__ import annotations

import os

from obspy import UTCDateTime
from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QDialog

from eqviewer.app.retrain import RetrainOptions, RetrainOutcome, retrain_job
from eqviewer.app.session_paths import retrain_name
from eqviewer.errors import EqviewerError
from eqviewer.gui.app import user_data_folder
from eqviewer.gui.retrain_dialogs import RetrainDialog, RetrainResultDialog


class RetrainMixin:
    """Retraining for :class:`eqviewer.gui.main_window.MainWindow` (which provides ``review``, ``runs``,
    ``run_control``, ``model_panel``, ``show_error`` and ``_on_model_chosen``)."""

    retrain_result: RetrainResultDialog | None = None

    # ----- retraining ---------------------------------------------------------------------------------------------
    def retrain_dialog(self) -> None:
        """Model ▸ Retrain on this session: choose name, base, task and epochs, then train in the background."""
        if self.session is None:
            self.show_error("Nothing to retrain on", "open archives or a session and review some labels first")
            return
        models = [self.model_panel.model_box.itemData(i) for i in range(self.model_panel.model_box.count())]
        suggested = retrain_name(self.session.path, set(models))
        dialog = RetrainDialog(models, self.model_panel.model_spec(), suggested, set(models), self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        options = dialog.options()
        dialog.deleteLater()
        if accepted:
            self.start_retrain(options)

    def start_retrain(self, options: RetrainOptions):
        """Export the session, fine-tune and compare before/after in the worker; None when a job is running."""
        if self.runs.busy or self.session is None:
            return None
        stamp = UTCDateTime().strftime("%Y%m%dT%H%M%S")
        report_dir = os.path.join(user_data_folder(), "reports", f"{options.name}-{stamp}")
        try:
            job = retrain_job(self.session.path, options, report_dir)
        except EqviewerError as exc:
            self.show_error("Cannot retrain", str(exc))
            return None
        return self.run_control.start(job, "retraining", "retrain", self._on_retrained)

    def _on_retrained(self, outcome: RetrainOutcome) -> None:
        """The new model is registered: list it, and show the before/after figures with a switch button."""
        self.runs.retrain_outcome = outcome
        self.model_panel.reload_models()
        if self.retrain_result is not None:
            self.retrain_result.deleteLater()
        self.retrain_result = RetrainResultDialog(outcome, self)
        self.retrain_result.use_model.connect(self.use_model)
        QTimer.singleShot(0, self.retrain_result.open)

    def use_model(self, name: str) -> None:
        """Choose a registered model for the next runs."""
        self.model_panel.reload_models()
        index = self.model_panel.model_box.findData(name)
        if index < 0:
            self.show_error("Unknown model", f"{name}: not in the model registry")
            return
        self.model_panel.model_box.setCurrentIndex(index)
        self._on_model_chosen()
        self.statusBar().showMessage(f"model {name} will be used for the next runs", 4000)
