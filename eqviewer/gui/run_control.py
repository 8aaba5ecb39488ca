"""The window's background jobs (model runs, retraining, re-association): one :class:`~eqviewer.gui.worker.Worker`
at a time, with a progress bar and a Cancel button for the status bar, kept in step with the application layer's
:class:`~eqviewer.app.runs.RunState` (which says what runs; the window observes it)."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QObject
from PyQt6.QtWidgets import QProgressBar, QPushButton

from eqviewer.app.runs import RunState
from eqviewer.gui.worker import Job, Worker

FAILURE_TITLES = {"retrain": "Retraining failed", "associate": "Association failed"}
"""The title of the message box for a failed job of a kind; other kinds are model runs."""
MODEL_RUN_FAILED = "The model run failed"


class RunControl(QObject):
    """Starts, tracks and cancels the window's jobs. ``failed(title, message)`` shows an EqviewerError of a job,
    ``crashed(message, traceback)`` a bug in one, ``status(text)`` puts progress text in the status bar."""

    def __init__(self, runs: RunState, failed: Callable[[str, str], object], crashed: Callable[[str, str], None],
                 status: Callable[[str], None], parent=None):
        super().__init__(parent)
        self.runs = runs
        self.worker: Worker | None = None
        self._failed, self._crashed, self._status = failed, crashed, status
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 1000)
        self.progress.setFormat("%p%")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(lambda: self.cancel())

    def start(self, job: Job, description: str, kind: str, on_result: Callable[[object], None]) -> Worker | None:
        """Run ``job`` in a worker thread (None when a job runs already); ``on_result`` gets what it emits, in the
        GUI thread. Signals of a worker that is no longer the current one (cancelled on close) are ignored."""
        if self.runs.busy:
            return None
        worker = Worker(job, description, self.parent())
        self.worker = worker
        self.runs.begin(kind)
        worker.progress.connect(lambda fraction, text, w=worker: self._on_progress(w, fraction, text))
        worker.result.connect(lambda result, w=worker: on_result(result) if w is self.worker else None)
        worker.failed.connect(lambda message, w=worker: self._on_failed(w, message))
        worker.done.connect(lambda cancelled, w=worker: self._finish(cancelled) if w is self.worker else None)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        worker.start()
        return worker

    def cancel(self, wait: bool = False) -> None:
        """Ask the job to stop (after its current chunk of work); ``wait``: finish now (closing the window)."""
        if self.worker is not None:
            self.worker.cancel()
            if wait:
                self.worker.wait()
                self._finish(True)

    def _on_progress(self, worker: Worker, fraction: float, text: str) -> None:
        if worker is self.worker:
            self.progress.setValue(int(fraction * 1000))
            self.progress.setToolTip(text)
            self._status(text)

    def _on_failed(self, worker: Worker, message: str) -> None:
        if worker is not self.worker:
            return
        if worker.details:
            self._crashed(message, worker.details)
        else:
            self._failed(FAILURE_TITLES.get(self.runs.kind, MODEL_RUN_FAILED), message)

    def _finish(self, cancelled: bool) -> None:
        self.worker.wait()
        self.worker = None
        self.progress.hide()
        self.cancel_button.hide()
        self.runs.end(cancelled)
