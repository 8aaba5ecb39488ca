"""The main window: review queue (left), trace view (centre), model panel (right), menus and status bar.

Widgets and their wiring only. The review's state lives in the Qt-free application layer (:mod:`eqviewer.app`):
:class:`~eqviewer.app.review_state.ReviewState` (session, open archives, current record, pick editor),
:class:`~eqviewer.app.view_filter.FilterChoice` and :class:`~eqviewer.app.runs.RunState`; the window calls their
methods and redraws when their callbacks fire. Jobs run in a worker thread (:mod:`eqviewer.gui.run_control`) and
their results are stored by the application layer in the GUI thread.
"""

from __future__ import annotations

import os
from functools import partial

from obspy import UTCDateTime
from PyQt6.QtCore import QSettings, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QKeySequence
from PyQt6.QtWidgets import QDialog, QDockWidget, QLabel, QMainWindow, QMessageBox

from eqviewer.app.dask_run import dask_job, done_runs
from eqviewer.app.model_cache import curves_classifier_ceiling
from eqviewer.app.review_state import Problem, ReviewState
from eqviewer.app.runs import RunState, detect_job
from eqviewer.app.session_paths import default_session_path, is_session_path
from eqviewer.app.view_filter import FilterChoice
from eqviewer.errors import EqviewerError
from eqviewer.gui import keymap as keys
from eqviewer.gui.app import user_data_folder
from eqviewer.gui.dialogs import ExportDialog, FilterDialog, KeymapDialog
from eqviewer.gui.event_view import install_event_view, show_session_events
from eqviewer.gui.exception_hook import LOG_NAME, ExceptionReporter
from eqviewer.gui.help_overlay import HelpOverlay
from eqviewer.gui.model_panel import ModelPanel
from eqviewer.gui.opening import BACKGROUND_READ_SAMPLES, OpeningMixin
from eqviewer.gui.pick_list import PickList
from eqviewer.gui.retrain_actions import RetrainMixin
from eqviewer.gui.review_queue import ReviewQueue
from eqviewer.gui.run_control import RunControl
from eqviewer.gui.status_text import label_text
from eqviewer.gui.time_axis import format_time
from eqviewer.gui.trace_view import DEFAULT_UNIT, PROBABILITY_KEYS, TraceView
from eqviewer.gui.window_menus import build_menus, build_review_actions
from eqviewer.review import pick_view

SESSION_POLL_MS = 2000


class MainWindow(OpeningMixin, RetrainMixin, QMainWindow):
    """The review window. ``settings`` defaults to the application's QSettings."""

    record_shown = pyqtSignal(str)
    model_finished = pyqtSignal(bool)
    retrain_finished = pyqtSignal(object)  # the RetrainOutcome, or None when it failed or was cancelled early

    def __init__(self, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or QSettings()
        self.review = ReviewState()
        self.view_filter = FilterChoice()
        self.runs = RunState()
        self.loaders: set = set()  # record reads in progress (long records)
        self.error_boxes: list[QMessageBox] = []
        self.errors = ExceptionReporter(self.show_error, os.path.join(user_data_folder(), LOG_NAME), self)
        self.errors.install()
        self.view_thresholds = pick_view.ViewThresholds()
        self._ceiling_key: tuple | None = None  # (picks' model, chosen model) the P(eq) panel was last judged for
        self.setWindowTitle("eqviewer")
        self.setAcceptDrops(True)

        self.trace = TraceView()
        self.setCentralWidget(self.trace)
        self.queue = ReviewQueue()
        self.queue.setMinimumWidth(380)
        self.model_panel = ModelPanel()
        self.help = HelpOverlay(self.trace)
        self._dock(self.queue, "Review queue", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.model_dock = self._dock(self.model_panel, "Model", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.run_control = RunControl(self.runs, self.show_error, self.errors.report,
                                      self.statusBar().showMessage, self)
        self.pick_list = PickList()
        self.pick_dock = self._dock(self.pick_list, "Picks", Qt.DockWidgetArea.RightDockWidgetArea)
        self.pick_list.pick_chosen.connect(self.go_to_pick)
        self._build_status_bar()
        build_menus(self)
        self.review_actions = build_review_actions(self)
        self.event_view = install_event_view(self)
        self.apply_keymap(keys.read_keymap(self.settings))
        self._connect()
        self._on_model_chosen()
        self._on_thresholds(*(b.value() for b in (self.model_panel.det_threshold, self.model_panel.p_threshold,
                                                   self.model_panel.s_threshold)))
        self._restore_view_settings()
        self._update_status()
        self.poll_timer = QTimer(self)  # other analysts editing a shared session: redraw when the journal moves
        self.poll_timer.timeout.connect(self.poll_session)
        self.poll_timer.start(SESSION_POLL_MS)

    # ----- construction -------------------------------------------------------------------------------------------
    def _dock(self, widget, title: str, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_"))
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_status_bar(self) -> None:
        self.position_label, self.cursor_label, self.label_label = QLabel(), QLabel(), QLabel()
        self.model_label, self.session_label = QLabel(), QLabel()
        # Permanent widgets stay visible while a temporary message (left) is shown.
        for widget in (self.label_label, self.cursor_label, self.position_label, self.model_label,
                       self.session_label, self.run_control.progress, self.run_control.cancel_button):
            self.statusBar().addPermanentWidget(widget)

    def _connect(self) -> None:
        """Widgets to the application layer, and its callbacks to the widgets."""
        self.queue.current_changed.connect(self.show_record)
        self.trace.pick_clicked.connect(self.select_pick)
        self.trace.pick_moved.connect(self._on_pick_dragged)
        self.trace.cursor_moved.connect(self._on_cursor_moved)
        self.model_panel.run_requested.connect(self.run_model)
        self.model_panel.retrain_requested.connect(self.retrain_dialog)
        self.model_panel.model_box.currentIndexChanged.connect(self._on_model_chosen)
        self.model_panel.thresholds_changed.connect(self._on_thresholds)
        self.review.session_changed.connect(self.queue.set_session)
        self.review.entries_added.connect(self.queue.add_entries)
        self.review.record_changed.connect(self._draw_record)
        self.review.labels_changed.connect(self._on_labels_changed)
        self.view_filter.changed.connect(self._redraw_filter)
        self.runs.started.connect(lambda _kind: self.model_panel.set_running(True))
        self.runs.finished.connect(self._on_run_finished)
        self.runs.model_changed.connect(lambda provenance: self.model_label.setText(f"model: {provenance}"))

    def apply_keymap(self, keymap: dict[str, list[str]]) -> None:
        """Bind the review actions to the keys of ``keymap``."""
        self.keymap = keymap
        for name, action in self.review_actions.items():
            action.setShortcuts([QKeySequence(k) for k in keymap.get(name, [])])
        self.help.set_keymap(keymap)

    # ----- the application state, as the tests and other widgets read it ----------------------------------------
    @property
    def session(self):
        """The open review session, or None."""
        return self.review.session

    @property
    def record(self):
        """The record shown, or None."""
        return self.review.record

    @property
    def editor(self):
        """The pick editor of the record shown, or None (also while the next record is read)."""
        return self.review.editor

    @property
    def worker(self):
        """The running background job's worker thread, or None."""
        return self.run_control.worker

    # ----- opening ------------------------------------------------------------------------------------------------
    def open_paths(self, paths: list[str], session_path: str | None = None) -> None:
        """Open archives (files, folders, SDS roots) and sessions; errors become message boxes."""
        sessions = [p for p in paths if is_session_path(p)]
        archives = [p for p in paths if not is_session_path(p)]
        for path in sessions[:1] if session_path is None else []:
            self.open_session(path)
        if session_path is not None:
            self.open_session(session_path, archives)
        elif archives and self.session is None:
            self.open_session(default_session_path(archives, user_data_folder()), archives)
        elif archives:
            self._report(self.review.add_archives(archives))
            self._select_first()
        for path in paths + ([session_path] if session_path else []):
            self.remember_recent(path)

    def open_session(self, path: str, archives: list[str] = ()) -> bool:
        """Open (or create) a session file and the archives it lists, plus ``archives``."""
        self.close_session()
        try:
            problems = self.review.open_session(path, archives)
        except EqviewerError as exc:
            self.show_error("Cannot open the review session", str(exc))
            return False
        self._report(problems)
        self._select_first()
        show_session_events(self)
        self._update_status()
        return True

    def close_session(self) -> None:
        """Close the current session (every edit is already stored)."""
        self.cancel_model(wait=True)
        self.review.want(None)
        self.wait_for_loaders()
        self.review.close()
        self.queue.set_entries([])

    def _select_first(self) -> None:
        ids = self.queue.record_ids()
        if self.record is None and self.review.wanted_record is None and ids:
            self.queue.select(ids[0])

    def _report(self, problems: list[Problem]) -> None:
        for title, message in problems:
            self.show_error(title, message)

    # ----- showing a record ---------------------------------------------------------------------------------------
    def _draw_record(self, record_id: str) -> None:
        record = self.record
        missing = tuple(c for c in "ZNE" if f"missing_{c}" in record.flags)
        if self.editor is not None:  # before the record is drawn, so that it is judged once
            self._judge_curves_by_their_model(self.editor.picks())
        self.trace.set_record(record.data, record.start, record.sampling_rate, record.station_id, missing,
                              record.metadata.get("channels"), record.metadata.get("unit", DEFAULT_UNIT))
        self._redraw_filter()
        self.trace.set_archive_labels(list(record.labels))
        self.refresh_curves()
        self.refresh_picks()
        self.setWindowTitle(f"eqviewer — {record.station_id} {record.start.strftime('%Y-%m-%d %H:%M:%S')}"
                            + (f" — {os.path.basename(self.session.path)}" if self.session else ""))
        self.record_shown.emit(record_id)

    def refresh_curves(self) -> None:
        """Draw the model curves the session holds for the record shown."""
        if self.record is None:
            return
        self._draw_curves(*self.review.shown_curves())

    def _draw_curves(self, start: UTCDateTime, rates: dict[str, float], probabilities: dict, attention: dict) -> None:
        """Draw stored curves (probabilities at the highest stored rate, attention maps at the lowest). For a long
        record each panel is drawn in an event-loop turn of its own, from the next one on, so the window does not
        stall for the seconds a day's curves take in all."""
        rate = max(rates.values(), default=self.record.sampling_rate)
        attention_rate = min(rates.values(), default=rate)
        steps = [partial(self.trace.set_probability, key, start, rate, probabilities.get(key))
                 for key in PROBABILITY_KEYS]
        steps.append(partial(self.trace.set_attention, start, attention_rate, attention))
        if self.record.n_samples <= BACKGROUND_READ_SAMPLES:
            for step in steps:
                step()
        else:
            QTimer.singleShot(0, partial(self._run_in_turns, str(self.record.ref), steps))

    def _run_in_turns(self, record_id: str, steps: list) -> None:
        """Run the first step now and the rest in later event-loop turns, while the record is still shown."""
        if steps and self.record is not None and str(self.record.ref) == record_id:
            steps[0]()
            QTimer.singleShot(0, partial(self._run_in_turns, record_id, steps[1:]))

    def _judge_curves_by_their_model(self, picks: list) -> None:
        """Tell the trace view the noise ceiling of the classifier behind the record's P(eq) curve, from the model
        the record's ``picks`` came from (model metadata is read again only when that or the chosen model changes)."""
        models = pick_view.source_models(picks)
        key = (models[0] if models else None, self.model_panel.model_spec())
        if key != self._ceiling_key:
            self._ceiling_key = key
            self.trace.set_classifier_ceiling(curves_classifier_ceiling(models, key[1]))

    def refresh_picks(self) -> None:
        """Redraw the picks from the session and update the queue row and status bar."""
        if self.editor is None or self.session is None:
            return
        every_pick = self.editor.picks()
        picks = pick_view.shown_picks(every_pick, self.view_thresholds)
        self.trace.set_picks(picks, self.editor.selected)
        self.pick_list.set_picks(picks, self.editor.selected)
        self._judge_curves_by_their_model(every_pick)
        models = pick_view.source_models(picks)
        if models:
            self.model_label.setText(f"picks: {', '.join(models)}")
            self.model_label.setToolTip(f"the picks on screen came from {', '.join(models)}; the next run uses "
                                        f"{self.model_panel.model_spec()}")
        self.queue.refresh(self.editor.record_id)
        self._update_status()

    def _on_labels_changed(self, records: set[str] | None) -> None:
        for record in [None] if records is None else records:
            self.queue.refresh(record)
        if self.editor is not None and (records is None or self.editor.record_id in records):
            self.refresh_picks()

    def poll_session(self) -> None:
        """Redraw when the session changed behind this window's back (another analyst, another process)."""
        if not self.runs.busy:
            self.review.poll()

    # ----- review edits -------------------------------------------------------------------------------------------
    def edit(self, change) -> None:
        """Run one PickEditor edit; a session error (read-only, vanished pick) becomes a message box."""
        try:
            self.review.edit(change)
        except EqviewerError as exc:
            self.show_error("Cannot change the pick", str(exc))

    def set_pick(self, phase: str, time: UTCDateTime | None = None) -> None:
        """P / S: a pick at ``time`` (default: the time under the mouse)."""
        if self.editor is not None:
            when = self.trace.cursor_time() if time is None else time
            self.edit(lambda e: e.set_pick(phase, when))

    def select_pick(self, pick_id: int | None) -> None:
        """Select a pick (as a click on its line does)."""
        self.edit(lambda e: e.select(pick_id))

    def select_next_pick(self) -> None:
        """Tab: select the next pick in time (see :meth:`step_pick`)."""
        self.step_pick(1)

    def step_pick(self, direction: int) -> None:
        """Tab / Shift+Tab: select the next / previous shown pick from the selected one in view, else from the view,
        and centre the view on it at a working zoom."""
        if self.editor is None:
            return
        picks = pick_view.shown_picks(self.editor.picks(), self.view_thresholds)
        pick = pick_view.step_pick(picks, self.trace.x_range(), float(self.trace.start), self.editor.selected_pick(),
                                   direction)
        if pick is None:
            self.statusBar().showMessage("no more picks that way", 2000)
            return
        self.go_to_pick(pick.id)

    def go_to_pick(self, pick_id: int) -> None:
        """Select a pick of the record shown and centre the view on it at a working zoom (30-60 s)."""
        if self.editor is None:
            return
        self.editor.select(pick_id)
        pick = self.editor.selected_pick()
        if pick is not None:
            record_s = self.record.n_samples / self.record.sampling_rate
            self.trace.set_x_range(*pick_view.centred_span(float(pick.time - self.trace.start), self.trace.x_range(),
                                                           record_s))
        self.refresh_picks()

    def set_view_span(self, change) -> None:
        """Keyboard zoom and paging: ``change`` maps the visible span (seconds after start) to the new one."""
        self.trace.set_x_range(*change(self.trace.x_range()))

    def edit_in_view(self, change) -> None:
        """A / R: act on the selected pick only when it is in view (a pick off screen is not judged blind)."""
        if self.editor is not None and not pick_view.in_view(self.editor.selected_pick(), self.trace.x_range(),
                                                             float(self.trace.start)):
            self.statusBar().showMessage("the selected pick is not in view: Tab brings the next pick into view", 3000)
            return
        self.edit(change)

    def undo(self) -> None:
        """Undo the newest edit in the session; the pick it changed is selected."""
        self._history(self.review.undo, undo=True)

    def redo(self) -> None:
        """Redo the edit undone last; the pick it changed is selected."""
        self._history(self.review.redo, undo=False)

    def _history(self, step, undo: bool) -> None:
        changed = self.session.history_picks(undo) if self.session is not None else []
        try:
            if self.session is not None and not step():
                self.statusBar().showMessage("nothing to undo / redo", 2000)
        except EqviewerError as exc:
            self.show_error("Cannot undo / redo", str(exc))
        else:
            self._select_changed_pick(changed)

    def _select_changed_pick(self, pick_ids: list[int]) -> None:
        """After undo / redo: select the pick it changed that is in force now, showing its record first."""
        for pick_id in pick_ids:
            pick = self.session.pick(pick_id)
            if pick is None or pick.id not in {p.id for p in self.session.picks(record=pick.record)}:
                continue
            if self.editor is None or self.editor.record_id != pick.record:
                self.queue.select(pick.record)  # shows the record (a long one arrives later; then Tab finds it)
            if self.editor is not None and self.editor.record_id == pick.record:
                self.go_to_pick(pick.id)
            return

    def _on_pick_dragged(self, pick_id: int, seconds: float) -> None:
        if self.record is not None:
            self.edit(lambda e: e.move(pick_id, self.record.start + seconds))

    # ----- view ---------------------------------------------------------------------------------------------------
    def set_panel_visible(self, name: str, visible: bool) -> None:
        """Show or hide a panel of the trace view (remembered in the settings)."""
        self.trace.set_panel_visible(name, visible)
        self.settings.setValue(f"panels/{name}", visible)

    def custom_filter_dialog(self) -> None:
        """View ▸ Filter ▸ Custom."""
        dialog = FilterDialog(self.view_filter.spec, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.view_filter.choose(dialog.spec())

    def _redraw_filter(self) -> None:
        if self.record is not None:
            try:
                data = self.view_filter.shown(self.record.data, self.record.sampling_rate)
            except ValueError as exc:
                data = self.record.data
                self.show_error("Cannot apply the filter", str(exc))
            self.trace.set_display_data(data)
        self.trace.set_filter_text(self.view_filter.spec.label if self.view_filter.on else "")
        self._update_status()

    def _on_thresholds(self, det: float, p: float, s: float) -> None:
        self.trace.set_thresholds(det, p, s)
        self.queue.threshold = det
        self.view_thresholds = pick_view.ViewThresholds(p, s)
        self.refresh_picks()

    def _on_model_chosen(self, *_args) -> None:
        spec = self.model_panel.model_spec()
        loaded = self.runs.models.loaded(spec)
        self.model_label.setText(f"model: {spec}:{loaded.version}" if loaded is not None else
                                 f"model: {spec} (loads on the first run)")

    def _on_cursor_moved(self, seconds: float) -> None:
        self.cursor_label.setText(f"cursor {format_time(self.trace.start + seconds)}")

    def _restore_view_settings(self) -> None:
        for name, action in self.panel_actions.items():
            action.setChecked(self.settings.value(f"panels/{name}", True, type=bool))
        for key, restore in (("window/geometry", self.restoreGeometry), ("window/state", self.restoreState)):
            value = self.settings.value(key)
            if value is not None:
                restore(value)

    def _update_status(self) -> None:
        ids = self.queue.record_ids()
        current = self.queue.current_record()
        self.position_label.setText(f"record {ids.index(current) + 1} of {len(ids)}" if current in ids
                                    else f"{len(ids)} records")
        self.label_label.setText(" · ".join(t for t in (label_text(self.session, self.editor),
                                                         self.view_filter.description) if t))
        if self.session is None:
            self.session_label.setText("no session")
            return
        ro = " (read-only)" if self.session.read_only else ""
        self.session_label.setText(f"session {os.path.basename(self.session.path)}{ro}")
        self.session_label.setToolTip(self.session.read_only_reason or self.session.path)
        self.review_actions["undo"].setEnabled(self.session.can_undo)
        self.review_actions["redo"].setEnabled(self.session.can_redo)

    # ----- model runs ---------------------------------------------------------------------------------------------
    def run_model(self, all_records: bool = False):
        """Run the detector on the record shown (or on every queued record the model has not run on yet; on Dask
        when the model panel says so: :meth:`run_on_dask`); the worker, or None when nothing started."""
        if self.runs.busy or self.session is None:
            return None
        if self.session.read_only:
            self.show_error("Cannot run the model", f"{self.session.path}: {self.session.read_only_reason}")
            return None
        if all_records and self.model_panel.dask_run() is not None:
            return self.run_on_dask(self.model_panel.dask_run())
        if all_records:
            ids = [rid for rid in self.queue.record_ids() if self.session.curve_info(rid) is None]
        else:
            ids = [self.editor.record_id] if self.editor is not None else []
        jobs = [(self.review.entry(rid).source, self.review.entry(rid).item) for rid in ids]
        if not jobs:
            self.statusBar().showMessage("the model has run on every record already", 3000)
            return None
        job = detect_job(self.model_panel.model_spec(), self.model_panel.settings(), jobs, self.runs.models)
        return self.run_control.start(job, "the detector", "detect", self._store_batch)

    def run_on_dask(self, workers: int | None = None):
        """Run the model over every open archive on a local Dask cluster of ``workers`` processes (default one per
        core), station-day tasks stored as they finish; tasks the session holds and records the model has run on
        are skipped (a rerun resumes)."""
        if self.runs.busy or self.session is None or self.session.read_only or not self.review.sources:
            return None
        sources = list(self.review.sources.values())
        try:
            done = done_runs(self.session, sources)
        except EqviewerError as exc:
            self.show_error("Cannot plan the Dask run", str(exc))
            return None
        job = dask_job(sources, done, self.model_panel.model_spec(), self.model_panel.settings(), workers)
        return self.run_control.start(job, "the Dask run", "dask", self._store_batch)

    def _store_batch(self, batch) -> None:
        """Store one record's (or one Dask task's) results in the session (GUI thread); the views follow."""
        self.runs.stored(batch.run_info)
        if self.session is None:
            return
        try:
            self.review.store(batch)
        except EqviewerError as exc:
            self.show_error("Cannot store the model's results", str(exc))
            return
        if self.editor is not None and self.editor.record_id in {c.record for c in batch.curves}:
            self.refresh_curves()

    def cancel_model(self, wait: bool = False) -> None:
        """Ask a running job to stop (it stops after its current chunk of work); ``wait``: finish it now."""
        self.run_control.cancel(wait)

    def _on_run_finished(self, kind: str, cancelled: bool) -> None:
        self.model_panel.set_running(False)
        if kind == "retrain":
            self.statusBar().showMessage("retraining cancelled" if cancelled else "retraining finished", 4000)
            self.retrain_finished.emit(self.runs.retrain_outcome)
            return
        self.statusBar().showMessage("model run cancelled" if cancelled else "model run finished", 4000)
        self.queue.rebuild()
        self._update_status()
        self.model_finished.emit(cancelled)

    # ----- dialogs ------------------------------------------------------------------------------------------------
    def export_dialog(self) -> None:
        """File ▸ Export labels: every format of eqviewer.review.export."""
        if self.session is None:
            self.show_error("Nothing to export", "open archives or a session first")
            return
        dialog = ExportDialog(os.path.dirname(self.session.path), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.export(*dialog.choice())

    def export(self, fmt: str, path: str, statuses: tuple[str, ...], include_partial: bool = False) -> bool:
        """Export the session's labels (``include_partial``: partly reviewed records too, their unjudged phases
        marked unknown; training formats only); the status bar says what was written and what was left out.
        True on success."""
        from eqviewer.review.export import export_session, export_summary

        try:
            written = export_session(self.session, fmt, path, statuses=statuses, include_partial=include_partial)
            summary = export_summary(self.session, fmt, path, statuses, written, include_partial)
        except EqviewerError as exc:
            self.show_error("Export failed", str(exc))
            return False
        self.statusBar().showMessage(" · ".join(summary), 15000)
        return True

    def import_archive_labels(self) -> None:
        """File ▸ Import: the picks and categories the archives hold become manual labels (one undoable edit)."""
        if self.session is None:
            return
        try:
            summary = self.review.import_archive_labels()
        except EqviewerError as exc:
            self.show_error("Cannot import the archive labels", str(exc))
            return
        self.statusBar().showMessage(f"imported {summary.picks} picks and {summary.window_labels} labels of "
                                     f"{summary.records} records (Ctrl+Z undoes it)", 6000)

    def keymap_dialog(self) -> None:
        """Settings ▸ Review keys: remap with a conflict check, stored in QSettings."""
        dialog = KeymapDialog(self.keymap, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_keymap(dialog.keymap())

    def set_keymap(self, keymap: dict[str, list[str]]) -> None:
        """Store and apply a remapped keymap; ValueError (nothing changed) when keys conflict."""
        keys.write_keymap(self.settings, keymap)
        self.apply_keymap(keymap)

    def show_error(self, title: str, message: str) -> QMessageBox:
        """A warning box that does not block the event loop (the app keeps working behind it)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _=None, b=box: self.error_boxes.remove(b) if b in self.error_boxes else None)
        self.error_boxes.append(box)
        self.statusBar().showMessage(f"{title}: {message}", 8000)
        QTimer.singleShot(0, box.open)
        return box

    # ----- closing ------------------------------------------------------------------------------------------------
    def closeEvent(self, event):  # noqa: N802 (Qt's name)
        """Nothing to save: every edit is already in the session. Stop a model run, remember the layout."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.close_session()
        self.errors.uninstall()
        super().closeEvent(event)

