"""Model ▸ Run: the detector on the record shown or on every queued record (on a local Dask cluster when the model
panel says so), in the window's job runner; each record's results are stored as they arrive."""

from __future__ import annotations

from collections.abc import Callable

from eqviewer.app.dask_run import dask_job, done_runs
from eqviewer.app.review_state import ReviewState
from eqviewer.app.runs import RunState, detect_job
from eqviewer.errors import EqviewerError
from eqviewer.gui.actions import MODEL_MENU, Action, Entry
from eqviewer.gui.model_panel import ModelPanel
from eqviewer.gui.review_queue import ReviewQueue
from eqviewer.gui.run_control import RunControl
from eqviewer.gui.worker import Worker

RUN_GROUP = "1_run"
MODEL_RUN_KINDS = ("detect", "dask")


class ModelRuns:
    """Starts model runs over ``review``'s records in ``run_control``. ``refresh_curves()`` redraws the record
    shown, ``finished(cancelled)`` is called when a run ended, ``status(text, ms)`` and ``show_error(title,
    message)`` report."""

    def __init__(self, review: ReviewState, queue: ReviewQueue, model_panel: ModelPanel, runs: RunState,
                 run_control: RunControl, refresh_curves: Callable[[], None], finished: Callable[[bool], None],
                 status: Callable[[str, int], None], show_error: Callable[[str, str], object]):
        self.review, self.queue, self.model_panel = review, queue, model_panel
        self.runs, self.run_control = runs, run_control
        self._refresh_curves, self._finished = refresh_curves, finished
        self._status, self._show_error = status, show_error
        runs.finished.connect(self._on_run_finished)

    def actions(self) -> list[Entry]:
        """Model ▸ Run on this record / on all records, Cancel run."""
        return [
            Action("run_record", "Run on this record", lambda: self.run_model(False), MODEL_MENU, RUN_GROUP,
                   "Ctrl+R"),
            Action("run_all", "Run on all records", lambda: self.run_model(True), MODEL_MENU, RUN_GROUP,
                   "Ctrl+Shift+R"),
            Action("cancel_run", "Cancel run", self.run_control.cancel, MODEL_MENU, RUN_GROUP),
        ]

    def run_model(self, all_records: bool = False) -> Worker | None:
        """Run the detector on the record shown (or on every queued record the model has not run on yet; on Dask
        when the model panel says so: :meth:`run_on_dask`); the worker, or None when nothing started."""
        session = self.review.session
        if self.runs.busy or session is None:
            return None
        if session.read_only:
            self._show_error("Cannot run the model", f"{session.path}: {session.read_only_reason}")
            return None
        if all_records and self.model_panel.dask_run() is not None:
            return self.run_on_dask(self.model_panel.dask_run())
        if all_records:
            ids = [rid for rid in self.queue.record_ids() if session.curve_info(rid) is None]
        else:
            ids = [self.review.editor.record_id] if self.review.editor is not None else []
        jobs = [(self.review.entry(rid).source, self.review.entry(rid).item) for rid in ids]
        if not jobs:
            self._status("the model has run on every record already", 3000)
            return None
        job = detect_job(self.model_panel.model_spec(), self.model_panel.settings(), jobs, self.runs.models)
        return self.run_control.start(job, "the detector", "detect", self._store_batch)

    def run_on_dask(self, workers: int | None = None) -> Worker | None:
        """Run the model over every open archive on a local Dask cluster of ``workers`` processes (default one per
        core), station-day tasks stored as they finish; tasks the session holds and records the model has run on
        are skipped (a rerun resumes)."""
        session = self.review.session
        if self.runs.busy or session is None or session.read_only or not self.review.sources:
            return None
        sources = list(self.review.sources.values())
        try:
            done = done_runs(session, sources)
        except EqviewerError as exc:
            self._show_error("Cannot plan the Dask run", str(exc))
            return None
        job = dask_job(sources, done, self.model_panel.model_spec(), self.model_panel.settings(), workers)
        return self.run_control.start(job, "the Dask run", "dask", self._store_batch)

    def _store_batch(self, batch) -> None:
        """Store one record's (or one Dask task's) results in the session (GUI thread); the views follow."""
        self.runs.stored(batch.run_info)
        if self.review.session is None:
            return
        try:
            self.review.store(batch)
        except EqviewerError as exc:
            self._show_error("Cannot store the model's results", str(exc))
            return
        if self.review.editor is not None and self.review.editor.record_id in {c.record for c in batch.curves}:
            self._refresh_curves()

    def _on_run_finished(self, kind: str, cancelled: bool) -> None:
        if kind in MODEL_RUN_KINDS:
            self._status("model run cancelled" if cancelled else "model run finished", 4000)
            self.queue.rebuild()
            self._finished(cancelled)
