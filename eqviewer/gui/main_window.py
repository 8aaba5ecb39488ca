"""The main window: review queue (left), record and event tabs (centre), model panel, menus and status bar.

Widgets and their wiring only. The window is composed of parts, each a plain object that receives what it needs
and declares its menu items and keys in the window's :class:`~eqviewer.gui.actions.ActionRegistry`, from which
the menus and shortcuts are built: opening (:mod:`~eqviewer.gui.opening`), record reading
(:mod:`~eqviewer.gui.record_reader`), pick review keys (:mod:`~eqviewer.gui.pick_review`), the View menu
(:mod:`~eqviewer.gui.view_actions`), label import and export (:mod:`~eqviewer.gui.label_files`), model runs
(:mod:`~eqviewer.gui.model_runs`), retraining (:mod:`~eqviewer.gui.retrain_actions`) and the Event tab
(:mod:`~eqviewer.gui.event_tab`). Every background job runs in the one :class:`~eqviewer.gui.run_control.RunControl`.

The review's state lives in the Qt-free application layer (:mod:`eqviewer.app`):
:class:`~eqviewer.app.review_state.ReviewState` (session, open archives, current record, pick editor),
:class:`~eqviewer.app.view_filter.FilterChoice` and :class:`~eqviewer.app.runs.RunState`; the window calls their
methods and redraws when their callbacks fire.
"""

from __future__ import annotations

import os
from functools import partial

from obspy import UTCDateTime
from PyQt6.QtCore import QSettings, Qt, QTimer, pyqtSignal
from PyQt6.QtWidgets import QDialog, QDockWidget, QLabel, QMainWindow, QMessageBox

from eqviewer.app.model_cache import curves_classifier_ceiling
from eqviewer.app.review_state import Problem, ReviewState
from eqviewer.app.runs import RunState
from eqviewer.app.session_paths import default_session_path, is_session_path
from eqviewer.app.ground_motion import UnitsChoice
from eqviewer.app.view_filter import FilterChoice
from eqviewer.errors import EqviewerError
from eqviewer.gui import keymap as keys
from eqviewer.gui.actions import FILE_MENU, SETTINGS_MENU, Action, ActionRegistry, review_key_actions
from eqviewer.gui.dialogs import KeymapDialog
from eqviewer.gui.event_tab import EventTab
from eqviewer.gui.exception_hook import LOG_NAME, ExceptionReporter
from eqviewer.gui.help_overlay import HelpOverlay
from eqviewer.gui.label_files import LabelFiles
from eqviewer.gui.magnitude_panel import MagnitudePanel
from eqviewer.gui.model_panel import ModelPanel
from eqviewer.gui.model_runs import ModelRuns
from eqviewer.gui.opening import Opening
from eqviewer.gui.pick_list import PickList
from eqviewer.gui.pick_review import PickReview
from eqviewer.gui.record_reader import BACKGROUND_READ_SAMPLES, RecordReader
from eqviewer.gui.retrain_actions import Retraining
from eqviewer.gui.review_queue import ReviewQueue
from eqviewer.gui.run_control import RunControl
from eqviewer.gui.spectra_panel import SpectraPanel
from eqviewer.gui.status_text import label_text
from eqviewer.gui.time_axis import format_time
from eqviewer.gui.trace_filter import TraceFilter
from eqviewer.gui.trace_view import DEFAULT_UNIT, PROBABILITY_KEYS, TraceView
from eqviewer.gui.units_choice import TraceUnits
from eqviewer.gui.user_folder import user_data_folder
from eqviewer.gui.view_actions import ViewActions
from eqviewer.review import ViewThresholds, shown_picks, source_models

SESSION_POLL_MS = 2000


class MainWindow(QMainWindow):
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
        self.error_boxes: list[QMessageBox] = []
        self.errors = ExceptionReporter(self.show_error, os.path.join(user_data_folder(), LOG_NAME), self)
        self.errors.install()
        self.view_thresholds = ViewThresholds()
        self._ceiling_key: tuple | None = None  # (picks' model, chosen model) the P(eq) panel was last judged for
        self.curves_pending = False  # a long record's curves are still being drawn, a panel per event-loop turn
        self.setWindowTitle("eqviewer")
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_parts()
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
    def _build_widgets(self) -> None:
        self.trace = TraceView()
        self.trace_filter = TraceFilter(self.trace, self.view_filter, self.show_error)
        self.trace_units = TraceUnits(self.trace_filter, UnitsChoice(), self.review, self.statusBar().showMessage)
        self.spectra = SpectraPanel(lambda: (self.record, self.editor and self.editor.selected_pick()),
                                    self.trace_units, self)
        self.queue = ReviewQueue()
        self.queue.setMinimumWidth(380)
        self.model_panel = ModelPanel()
        self.help = HelpOverlay(self)  # over the whole window: room for every key
        self._dock(self.queue, "Review queue", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.model_dock = self._dock(self.model_panel, "Model", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.run_control = RunControl(self.runs, self.show_error, self.errors.report,
                                      self.statusBar().showMessage, self)
        self.pick_list = PickList()
        self.pick_dock = self._dock(self.pick_list, "Picks", Qt.DockWidgetArea.RightDockWidgetArea)
        self.position_label, self.cursor_label, self.label_label = QLabel(), QLabel(), QLabel()
        self.model_label, self.session_label = QLabel(), QLabel()
        # Permanent widgets stay visible while a temporary message (left) is shown.
        for widget in (self.label_label, self.cursor_label, self.position_label, self.model_label,
                       self.session_label, self.run_control.progress, self.run_control.cancel_button):
            self.statusBar().addPermanentWidget(widget)

    def _build_parts(self) -> None:
        """The window's parts; each declares its menu items and keys, then the menus are built from them."""
        status, error = self.statusBar().showMessage, self.show_error
        self.runs.finished.connect(self._on_run_finished)  # before the parts': the buttons are back when they report
        self.registry = ActionRegistry(self)
        self.opening = Opening(self, self.settings, self.open_paths)
        self.reader = RecordReader(self.review, self, status, self.statusBar().clearMessage, error)
        self.pick_review = PickReview(self.review, self.trace, self.queue, lambda: self.view_thresholds,
                                      self.refresh_picks, status, error)
        self.view_actions = ViewActions(self.trace, self.view_filter, self.settings, self.model_dock, self)
        self.label_files = LabelFiles(self.review, self, status, error)
        self.model_runs = ModelRuns(self.review, self.queue, self.model_panel, self.runs, self.run_control,
                                    self.refresh_curves, self._on_model_run_finished, status, error)
        self.retraining = Retraining(self.review, self.model_panel, self.runs, self.run_control, self,
                                     self._on_model_chosen, self.retrain_finished.emit, status, error)
        self.events = EventTab(self.trace, self.review, self.run_control, self.registry,
                               self.record_shown, self.reader.show_record, self.pick_review.select_next_pick,
                               self.refresh_picks, status, error)
        self.setCentralWidget(self.events.tabs)
        self.events.use_filter(self.view_filter)
        self.events.use_units(self.trace_units)
        self.magnitude_panel = MagnitudePanel(self.events.view, self.review, error)
        magnitude_dock = self._dock(self.magnitude_panel, "Station magnitudes", Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.pick_dock, magnitude_dock)
        self.pick_dock.raise_()  # the record view's list in front; the magnitudes are a tab behind it
        # each tab brings its own list to the front: the record's picks, the event's station magnitudes
        self.events.tabs.currentChanged.connect(lambda index: (magnitude_dock if index else self.pick_dock).raise_())
        handlers = {"next_item": partial(self.queue.step, 1), "previous_item": partial(self.queue.step, -1),
                    "toggle_filter": self.view_filter.toggle, "help": self.help.toggle,
                    "focus_traces": self.trace.layout_widget.setFocus,
                    **self.pick_review.review_keys(), **self.events.review_keys(self.pick_review.review_keys())}
        self.registry.register(
            *self.opening.actions(), *self.label_files.actions(),
            Action("quit", "&Quit", self.close, FILE_MENU, "3_quit", "Ctrl+Q"),
            *review_key_actions(handlers), *self.view_actions.actions(), *self.trace_units.actions(),
            *self.spectra.actions(), *self.magnitude_panel.actions(), *self.model_runs.actions(),
            *self.retraining.actions(),
            Action("keymap_dialog", "Review &keys…", self.keymap_dialog, SETTINGS_MENU),
            *self.events.actions())
        self.registry.build_menus()
        self.review_actions = self.registry.review_actions()
        self.apply_keymap(keys.read_keymap(self.settings))

    def _dock(self, widget, title: str, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_"))
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        """Widgets to the application layer, and its callbacks to the widgets."""
        self.queue.current_changed.connect(self.reader.show_record)
        self.pick_list.pick_chosen.connect(self.pick_review.go_to_pick)
        self.trace.pick_clicked.connect(self.pick_review.select_pick)
        self.trace.pick_moved.connect(self.pick_review.move_pick)
        self.trace.cursor_moved.connect(self._on_cursor_moved)
        self.model_panel.run_requested.connect(self.model_runs.run_model)
        self.model_panel.model_box.currentIndexChanged.connect(self._on_model_chosen)
        self.model_panel.thresholds_changed.connect(self._on_thresholds)
        self.review.session_changed.connect(self.queue.set_session)
        self.review.entries_added.connect(self.queue.add_entries)
        self.review.record_changed.connect(self._draw_record)
        self.review.labels_changed.connect(self._on_labels_changed)
        self.view_filter.changed.connect(self._redraw_filter)
        self.runs.started.connect(lambda _kind: self.model_panel.set_running(True))
        self.runs.model_changed.connect(lambda provenance: self.model_label.setText(f"model: {provenance}"))

    def apply_keymap(self, keymap: dict[str, list[str]]) -> None:
        """Bind the review actions to the keys of ``keymap``."""
        self.keymap = keymap
        self.registry.apply_keymap(keymap)
        self.help.set_rows(self.registry.key_rows())

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
        """The pick editor the review keys act on, or None (also while the next record is read)."""
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
            self.opening.remember_recent(path)

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
        self.events.show_session()
        self._update_status()
        return True

    def close_session(self) -> None:
        """Close the current session (every edit is already stored): stop the running job first."""
        self.run_control.cancel(wait=True)
        self.review.want(None)
        self.reader.wait_for_loaders()
        self.events.view.noise_table.wait()
        self.review.close()
        self.queue.set_entries([])

    def _select_first(self) -> None:
        ids = self.queue.record_ids()
        if self.record is None and self.review.wanted_record is None and ids:
            self.queue.select(ids[0])

    def _report(self, problems: list[Problem]) -> None:
        for title, message in problems:
            self.show_error(title, message)

    def dragEnterEvent(self, event):  # noqa: N802 (Qt's name)
        """Accept paths dragged over the window."""
        self.opening.accept_drag(event)

    def dropEvent(self, event):  # noqa: N802
        """Open the paths dropped on the window."""
        self.opening.drop(event)

    # ----- showing a record ---------------------------------------------------------------------------------------
    def _draw_record(self, record_id: str) -> None:
        record = self.record
        missing = tuple(c for c in "ZNE" if f"missing_{c}" in record.flags)
        if self.editor is not None:  # before the record is drawn, so that it is judged once
            self._judge_curves_by_their_model(self.editor.picks())
        self.trace.set_record(record.data, record.start, record.sampling_rate, record.station_id, missing,
                              record.metadata.get("channels"), record.metadata.get("unit", DEFAULT_UNIT))
        self.trace_units.set_record(record)
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
            self.curves_pending = True
            QTimer.singleShot(0, partial(self._run_in_turns, str(self.record.ref), steps))

    def _run_in_turns(self, record_id: str, steps: list) -> None:
        """Run the first step now and the rest in later event-loop turns, while the record is still shown."""
        self.curves_pending = bool(steps) and self.record is not None and str(self.record.ref) == record_id
        if self.curves_pending:
            steps[0]()
            QTimer.singleShot(0, partial(self._run_in_turns, record_id, steps[1:]))

    def _judge_curves_by_their_model(self, picks: list) -> None:
        """Tell the trace view the noise ceiling of the classifier behind the record's P(eq) curve, from the model
        the record's ``picks`` came from (model metadata is read again only when that or the chosen model changes)."""
        models = source_models(picks)
        key = (models[0] if models else None, self.model_panel.model_spec(), self.model_panel.detection_source())
        if key != self._ceiling_key:
            self._ceiling_key = key
            self.trace.set_classifier_ceiling(curves_classifier_ceiling(models, key[1], key[2]))

    def refresh_picks(self) -> None:
        """Redraw the picks from the session and update the queue row and status bar."""
        if self.editor is None or self.session is None:
            return
        every_pick = self.editor.picks()
        picks = shown_picks(every_pick, self.view_thresholds)
        self.trace.set_picks(picks, self.editor.selected)
        self.pick_list.set_picks(picks, self.editor.selected)
        self._judge_curves_by_their_model(every_pick)
        models = source_models(picks)
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

    # ----- view ---------------------------------------------------------------------------------------------------
    def _redraw_filter(self) -> None:
        self.trace_filter.redraw()
        self.trace.set_filter_text(self.view_filter.spec.label if self.view_filter.on else "")
        self._update_status()

    def _on_thresholds(self, det: float, p: float, s: float) -> None:
        self.trace.set_thresholds(det, p, s)
        self.queue.threshold = det
        self.view_thresholds = ViewThresholds(p, s)
        self.refresh_picks()

    def _on_model_chosen(self, *_args) -> None:
        spec = self.model_panel.model_spec()
        loaded = self.runs.models.loaded(spec)
        self.model_label.setText(f"model: {spec}:{loaded.version}" if loaded is not None else
                                 f"model: {spec} (loads on the first run)")

    def _on_cursor_moved(self, seconds: float) -> None:
        self.cursor_label.setText(f"cursor {format_time(self.trace.start + seconds)}")

    def _restore_view_settings(self) -> None:
        self.view_actions.restore_panels(self.registry)
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

    def _on_run_finished(self, _kind: str, _cancelled: bool) -> None:
        self.model_panel.set_running(False)

    def _on_model_run_finished(self, cancelled: bool) -> None:
        self._update_status()
        self.model_finished.emit(cancelled)

    # ----- settings and errors ------------------------------------------------------------------------------------
    def keymap_dialog(self) -> None:
        """Settings ▸ Review keys: remap with a conflict check, stored in QSettings."""
        dialog = KeymapDialog(self.keymap, self, self.registry.fixed_keys())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_keymap(dialog.keymap())

    def set_keymap(self, keymap: dict[str, list[str]]) -> None:
        """Store and apply a remapped keymap; ValueError (nothing changed) when keys conflict."""
        keys.write_keymap(self.settings, keymap, self.registry.fixed_keys())
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
        """Nothing to save: every edit is already in the session. Stop a running job, remember the layout."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.close_session()
        self.trace_filter.close()
        self.trace_units.close()
        self.events.units.close()
        self.errors.uninstall()
        super().closeEvent(event)
