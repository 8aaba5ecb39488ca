"""The main window: review queue (left), trace view (centre), model panel (right), menus and status bar.

It only wires the Qt-free core to the screen: archives come from :func:`eqviewer.io.open_archive`, every edit
goes to the :class:`eqviewer.review.session.Session` at once (there is nothing to save on close), and the detector
runs in a :class:`eqviewer.gui.worker.Worker` thread whose results the GUI thread stores in the session.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import partial

from obspy import UTCDateTime
from PyQt6.QtCore import QSettings, QStandardPaths, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
)

from eqviewer.errors import EqviewerError
from eqviewer.gui import keymap as keys
from eqviewer.gui.dask_run import dask_job, done_runs
from eqviewer.gui.dialogs import ExportDialog, FilterDialog, KeymapDialog
from eqviewer.gui.help_overlay import HelpOverlay
from eqviewer.gui.model_cache import ModelCache
from eqviewer.gui.model_panel import ModelPanel
from eqviewer.gui.pick_editor import PickEditor
from eqviewer.gui.retrain import RetrainOptions, RetrainOutcome, retrain_job
from eqviewer.gui.retrain_dialogs import RetrainDialog, RetrainResultDialog
from eqviewer.gui.review_queue import QueueEntry, ReviewQueue
from eqviewer.gui.time_axis import format_time
from eqviewer.gui.trace_view import PANEL_TITLES, PANELS, TraceView
from eqviewer.gui.view_filter import PRESETS, FilterSpec, apply_filter
from eqviewer.gui.worker import Cancelled, Worker
from eqviewer.io.record import SAMPLING_RATE

SESSION_SUFFIX = ".eqreview"
RECENT_MAX = 10
SESSION_POLL_MS = 2000
BACKGROUND_READ_SAMPLES = int(3600 * SAMPLING_RATE)
"""Records longer than this (an hour at 100 Hz) are read in a loader thread, so the window stays responsive."""
# Curve names of eqviewer.detect.annotations mapped to the trace view's panels.
DETECTION_KEY, P_KEY, S_KEY, ATTENTION_PREFIX = "det", "P", "S", "att:"


def user_data_folder() -> str:
    """The app's folder in the user's data folder (sessions, retraining reports)."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation) or os.path.expanduser(
        "~/.local/share/eqviewer")


def retrain_name(stem: str, taken: set[str]) -> str:
    """A registry name for a model retrained on session ``stem`` that is not ``taken`` yet."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")[:50] or "session"
    number = 1
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def default_session_path(archive_paths: list[str]) -> str:
    """Where a session for these archives lives when the user names none: the user data folder, one file per
    set of archives (so reopening the same archives finds the same edits)."""
    folder = os.path.join(user_data_folder(), "sessions")
    os.makedirs(folder, exist_ok=True)
    absolute = sorted(os.path.abspath(p) for p in archive_paths)
    digest = hashlib.sha1("\n".join(absolute).encode()).hexdigest()[:10]
    stem = os.path.basename(os.path.normpath(absolute[0])) if absolute else "session"
    return os.path.join(folder, f"{stem}-{digest}{SESSION_SUFFIX}")


def is_session_path(path: str) -> bool:
    """A review session: a *.eqreview file or a PostgreSQL URL of a shared session."""
    from eqviewer.review import backend_postgres

    return path.endswith(SESSION_SUFFIX) or backend_postgres.is_database_url(path)


def curve_panels(curves: dict) -> tuple[dict, dict]:
    """Split stored detector curves into the probability curves and the attention maps the view draws."""
    probabilities = {"detection": curves.get(DETECTION_KEY), "p": curves.get(P_KEY), "s": curves.get(S_KEY)}
    attention = {k[len(ATTENTION_PREFIX):]: v for k, v in curves.items() if k.startswith(ATTENTION_PREFIX)}
    return probabilities, attention


class MainWindow(QMainWindow):
    """The review window. ``settings`` defaults to the application's QSettings."""

    record_shown = pyqtSignal(str)
    model_finished = pyqtSignal(bool)
    retrain_finished = pyqtSignal(object)  # the RetrainOutcome, or None when it failed or was cancelled early

    def __init__(self, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or QSettings()
        self.session = None
        self.sources: dict[str, object] = {}
        self.record = None
        self.editor: PickEditor | None = None
        self.worker: Worker | None = None
        self.worker_kind = ""  # "detect" or "retrain" while a worker runs
        self.retrain_outcome: RetrainOutcome | None = None
        self.retrain_result: RetrainResultDialog | None = None
        self.loaders: set[Worker] = set()  # record reads in progress (long records)
        self.wanted_record: str | None = None  # the record the analyst asked for last
        self.filter_spec: FilterSpec = PRESETS[0]
        self.filter_on = False
        self.error_boxes: list[QMessageBox] = []
        self.model_provenance = ""
        self.models = ModelCache()  # loaded models, reused by later runs until their files change
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
        self._build_status_bar()
        self._build_menus()
        self.review_actions: dict[str, QAction] = {}
        self._build_review_actions()
        self.apply_keymap(keys.read_keymap(self.settings))

        self.queue.current_changed.connect(self.show_record)
        self.trace.pick_clicked.connect(self._on_pick_clicked)
        self.trace.pick_moved.connect(self._on_pick_dragged)
        self.trace.cursor_moved.connect(self._on_cursor_moved)
        self.model_panel.run_requested.connect(self.run_model)
        self.model_panel.retrain_requested.connect(self.retrain_dialog)
        self.model_panel.model_box.currentIndexChanged.connect(self._on_model_chosen)
        self._on_model_chosen()
        self.model_panel.thresholds_changed.connect(self._on_thresholds)
        self._on_thresholds(*(b.value() for b in (self.model_panel.det_threshold, self.model_panel.p_threshold,
                                                   self.model_panel.s_threshold)))
        self._restore_view_settings()
        self._update_status()
        self._seen_token = None
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
        bar = self.statusBar()
        self.position_label = QLabel()
        self.cursor_label = QLabel()
        self.label_label = QLabel()
        self.model_label = QLabel()
        self.session_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 1000)
        self.progress.setFormat("%p%")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_model)
        # Permanent widgets stay visible while a temporary message (left) is shown.
        for widget in (self.label_label, self.cursor_label, self.position_label, self.model_label,
                       self.session_label, self.progress, self.cancel_button):
            bar.addPermanentWidget(widget)

    def _menu_action(self, menu, text: str, slot, shortcut: str | None = None, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._menu_action(file_menu, "&Open files…", self.open_files_dialog, "Ctrl+O")
        self._menu_action(file_menu, "Open &folder or SDS archive…", self.open_folder_dialog, "Ctrl+Shift+O")
        self._menu_action(file_menu, "Open &session…", self.open_session_dialog)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self._menu_action(file_menu, "&Import the archives' own labels", self.import_archive_labels)
        self._menu_action(file_menu, "&Export labels…", self.export_dialog, "Ctrl+E")
        file_menu.addSeparator()
        self._menu_action(file_menu, "&Quit", self.close, "Ctrl+Q")

        self.edit_menu = bar.addMenu("&Edit")

        view_menu = bar.addMenu("&View")
        self.panel_actions = {}
        for name in PANELS:
            action = self._menu_action(view_menu, f"Show {PANEL_TITLES[name]} panel", None, checkable=True)
            action.setChecked(True)
            action.toggled.connect(partial(self.set_panel_visible, name))
            self.panel_actions[name] = action
        view_menu.addSeparator()
        filter_menu = view_menu.addMenu("Filter (view only)")
        for spec in PRESETS:
            self._menu_action(filter_menu, spec.label, partial(self.set_filter, spec))
        self._menu_action(filter_menu, "Custom…", self.custom_filter_dialog)
        view_menu.addSeparator()
        self.common_scale_action = self._menu_action(view_menu, "Common amplitude scale for Z, N, E", None,
                                                     checkable=True)
        self.common_scale_action.toggled.connect(
            lambda on: self.trace.set_amplitude_mode("common" if on else "panel"))
        self._menu_action(view_menu, "Amplitude ×2", partial(self.trace.scale_amplitude, 2.0), "Ctrl+Up")
        self._menu_action(view_menu, "Amplitude ÷2", partial(self.trace.scale_amplitude, 0.5), "Ctrl+Down")
        self._menu_action(view_menu, "Fit amplitude to the view", self.trace.fit_amplitude, "Ctrl+0")
        self._menu_action(view_menu, "Whole record", self.trace.show_all, "Home")
        view_menu.addSeparator()
        view_menu.addAction(self.model_dock.toggleViewAction())

        model_menu = bar.addMenu("&Model")
        self._menu_action(model_menu, "Run on this record", partial(self.run_model, False), "Ctrl+R")
        self._menu_action(model_menu, "Run on all records", partial(self.run_model, True), "Ctrl+Shift+R")
        self._menu_action(model_menu, "Cancel run", self.cancel_model)
        model_menu.addSeparator()
        self._menu_action(model_menu, "Re&train on this session…", self.retrain_dialog)

        settings_menu = bar.addMenu("&Settings")
        self._menu_action(settings_menu, "Review &keys…", self.keymap_dialog)
        self.help_menu = bar.addMenu("&Help")

    def _build_review_actions(self) -> None:
        """One QAction per review key (issue 6 section 3); their keys come from the keymap."""
        handlers = {
            "set_p_pick": partial(self.set_pick, "P"),
            "set_s_pick": partial(self.set_pick, "S"),
            "accept_pick": partial(self._edit, lambda e: e.accept()),
            "reject_pick": partial(self._edit, lambda e: e.reject()),
            "nudge_pick_left": partial(self._edit, lambda e: e.nudge(-1)),
            "nudge_pick_right": partial(self._edit, lambda e: e.nudge(1)),
            "nudge_pick_left_10": partial(self._edit, lambda e: e.nudge(-10)),
            "nudge_pick_right_10": partial(self._edit, lambda e: e.nudge(10)),
            "next_pick": self.select_next_pick,
            "polarity_positive": partial(self._edit, lambda e: e.set_polarity("positive")),
            "polarity_negative": partial(self._edit, lambda e: e.set_polarity("negative")),
            "polarity_undecidable": partial(self._edit, lambda e: e.set_polarity("undecidable")),
            "onset_impulsive": partial(self._edit, lambda e: e.set_onset("impulsive")),
            "onset_emergent": partial(self._edit, lambda e: e.set_onset("emergent")),
            "onset_questionable": partial(self._edit, lambda e: e.set_onset("questionable")),
            "label_window_earthquake": partial(self._edit, lambda e: e.label_window("earthquake")),
            "label_window_noise": partial(self._edit, lambda e: e.label_window("noise")),
            "label_window_unsure": partial(self._edit, lambda e: e.label_window("unsure")),
            "next_item": partial(self.queue.step, 1),
            "previous_item": partial(self.queue.step, -1),
            "undo": self.undo,
            "redo": self.redo,
            "toggle_filter": self.toggle_filter,
            "help": self.help.toggle,
        }
        for cls, seconds in keys.UNCERTAINTY_CLASSES_S.items():
            handlers[f"uncertainty_class_{cls}"] = partial(self._edit, lambda e, s=seconds: e.set_uncertainty(s))
        for spec in keys.ACTIONS:
            action = QAction(spec.text, self)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, handler=handlers[spec.name]: handler())
            self.addAction(action)
            self.review_actions[spec.name] = action
            menu = self.help_menu if spec.name == "help" else self.edit_menu
            menu.addAction(action)

    def apply_keymap(self, keymap: dict[str, list[str]]) -> None:
        """Bind the review actions to the keys of ``keymap``."""
        self.keymap = keymap
        for name, action in self.review_actions.items():
            action.setShortcuts([QKeySequence(k) for k in keymap.get(name, [])])
        self.help.set_keymap(keymap)

    # ----- opening --------------------------------------------------------------------------------------------------
    def open_paths(self, paths: list[str], session_path: str | None = None) -> None:
        """Open archives (files, folders, SDS roots) and sessions; errors become message boxes."""
        sessions = [p for p in paths if is_session_path(p)]
        archives = [p for p in paths if not is_session_path(p)]
        for path in sessions[:1] if session_path is None else []:
            self.open_session(path)
        if session_path is not None:
            self.open_session(session_path, archives)
        elif archives and self.session is None:
            self.open_session(default_session_path(archives), archives)
        elif archives:
            self.add_archives(archives)
        for path in paths + ([session_path] if session_path else []):
            self._remember_recent(path)

    def open_session(self, path: str, archives: list[str] = ()) -> bool:
        """Open (or create) a session file and the archives it lists, plus ``archives``."""
        from eqviewer.review.session import Session

        self.close_session()
        try:
            if Session.exists(path):
                self.session = Session.open(path)
            else:
                good = [a for a in archives if os.path.exists(a)]
                self.session = Session.create(path, archives=good)
        except EqviewerError as exc:
            self.show_error("Cannot open the review session", str(exc))
            return False
        self.queue.set_session(self.session)
        listed = []
        for entry in self.session.archives():
            if entry.changed:
                self.show_error("Archive changed", f"{entry.path}: missing or changed since it was added to the "
                                                   "session; labels may not line up")
            listed.append(entry.path)
        self.add_archives(listed + [a for a in archives if os.path.abspath(a) not in listed], register=True)
        self._update_status()
        return True

    def close_session(self) -> None:
        """Close the current session (every edit is already stored)."""
        self.cancel_model(wait=True)
        self.wanted_record = None
        for loader in list(self.loaders):  # a read cannot be interrupted; its result is ignored now
            loader.wait()
        if self.session is not None:
            self.session.close()
        self.session = None
        for source in self.sources.values():
            source.close()
        self.sources.clear()
        self.record = None
        self.editor = None
        self.queue.set_session(None)
        self.queue.set_entries([])

    def add_archives(self, paths: list[str], register: bool = True) -> None:
        """Open archives and list their records in the queue; a bad archive shows an error, the rest still open."""
        from eqviewer.io import open_archive

        first_new = None
        for path in paths:
            path = os.path.abspath(path)
            if path in self.sources:
                continue
            try:
                source = open_archive(path)
                items = source.items()
                if register and self.session is not None and not self.session.read_only:
                    self.session.add_archive(path)
            except EqviewerError as exc:
                self.show_error("Cannot open the archive", str(exc))
                continue
            self.sources[path] = source
            entries = [QueueEntry(str(source.ref(item)), source, item, item.station_id, item.start, item.key,
                                  item.category, list(item.labels)) for item in items]
            self.queue.add_entries(entries)
            first_new = first_new or (entries[0].record_id if entries else None)
        if self.record is None and first_new is not None:
            ids = self.queue.record_ids()
            self.queue.select(ids[0] if ids else first_new)

    def open_files_dialog(self) -> None:
        """File ▸ Open files."""
        paths, _ = QFileDialog.getOpenFileNames(self, "Open waveform files or a session", self._last_dir(),
                                                "All files (*);;Review sessions (*.eqreview)")
        if paths:
            self.open_paths(paths)

    def open_folder_dialog(self) -> None:
        """File ▸ Open folder (a folder of files or an SDS root)."""
        path = QFileDialog.getExistingDirectory(self, "Open a folder or SDS archive", self._last_dir())
        if path:
            self.open_paths([path])

    def open_session_dialog(self) -> None:
        """File ▸ Open session."""
        path, _ = QFileDialog.getOpenFileName(self, "Open a review session", self._last_dir(),
                                              "Review sessions (*.eqreview)")
        if path:
            self.open_paths([path])

    def _last_dir(self) -> str:
        recent = self.recent_files()
        return os.path.dirname(recent[0]) if recent else os.path.expanduser("~")

    def recent_files(self) -> list[str]:
        """Recently opened paths, newest first."""
        value = self.settings.value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _remember_recent(self, path: str) -> None:
        path = os.path.abspath(path)
        recent = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recent", recent[:RECENT_MAX])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            self._menu_action(self.recent_menu, path, partial(self.open_paths, [path]))
        if not self.recent_files():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def dragEnterEvent(self, event):  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # ----- showing a record -----------------------------------------------------------------------------------------
    def show_record(self, record_id: str) -> None:
        """Read a record and draw it with its curves, picks and archive labels; a long record (a day of an SDS
        station) is read in a loader thread and drawn when it arrives (``record_shown`` says when)."""
        entry = self.queue.entry(record_id)
        if entry is None:
            return
        self.wanted_record = record_id
        if getattr(entry.item, "n_samples", 0) > BACKGROUND_READ_SAMPLES:
            self._read_in_background(record_id, entry)
            return
        try:
            record = entry.source.read(entry.item)
        except EqviewerError as exc:
            self.show_error("Cannot read the record", str(exc))
            return
        self._show_read_record(record_id, record)

    def _read_in_background(self, record_id: str, entry: QueueEntry) -> None:
        def job(progress, cancel, emit) -> None:
            emit((record_id, entry.source.read(entry.item)))

        loader = Worker(job, f"reading {entry.station_id}", self)
        loader.result.connect(lambda result: self._on_record_read(*result))
        loader.failed.connect(lambda message, rid=record_id: self._on_record_failed(rid, message))
        loader.done.connect(lambda _cancelled, w=loader: self._on_loader_done(w))
        self.loaders.add(loader)
        self.editor = None  # no edits to the record shown before while the next one is read
        self.statusBar().showMessage(f"reading {entry.station_id} {format_time(entry.start)} …")
        loader.start()

    def _on_record_read(self, record_id: str, record) -> None:
        if record_id == self.wanted_record:  # the analyst may have moved on while it was read
            self.statusBar().clearMessage()
            self._show_read_record(record_id, record)

    def _on_record_failed(self, record_id: str, message: str) -> None:
        if record_id == self.wanted_record:
            self.show_error("Cannot read the record", message)

    def _on_loader_done(self, loader: Worker) -> None:
        loader.wait()
        self.loaders.discard(loader)
        loader.deleteLater()

    def _show_read_record(self, record_id: str, record) -> None:
        self.record = record
        author = self.session.author if self.session is not None else None
        self.editor = PickEditor(self.session, record_id, record.station_id, record.sampling_rate, author)
        missing = tuple(c for c in "ZNE" if f"missing_{c}" in record.flags)
        self.trace.set_record(record.data, record.start, record.sampling_rate, record.station_id, missing)
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
        record_id = str(self.record.ref)
        curves = self.session.curves(record_id) if self.session is not None else None
        info = self.session.curve_info(record_id) if curves else None
        start, rate = (info.start, info.sampling_rate) if info else (self.record.start, self.record.sampling_rate)
        probabilities, attention = curve_panels(curves or {})
        self.trace.set_probabilities(start, rate, probabilities)
        self.trace.set_attention(start, rate, attention)

    def refresh_picks(self) -> None:
        """Redraw the picks from the session and update the queue row and status bar."""
        if self.editor is None or self.session is None:
            return
        self.trace.set_picks(self.editor.picks(), self.editor.selected)
        self.queue.refresh(self.editor.record_id)
        self._update_status()
        try:
            self._seen_token = self.session.change_token()  # our own edit: no need to redraw again on the poll
        except EqviewerError:
            self._seen_token = None

    def poll_session(self) -> None:
        """Redraw when the session changed behind this window's back (another analyst, another process)."""
        if self.session is None or self.worker is not None:
            return
        try:
            token = self.session.change_token()
        except EqviewerError:
            return
        if self._seen_token is not None and token != self._seen_token:
            self.queue.refresh()
            self.refresh_picks()
        self._seen_token = token

    # ----- review edits ---------------------------------------------------------------------------------------------
    def _edit(self, change) -> None:
        """Run one PickEditor edit; a session error (read-only, vanished pick) becomes a message box."""
        if self.editor is None or self.session is None:
            return
        try:
            change(self.editor)
        except EqviewerError as exc:
            self.show_error("Cannot change the pick", str(exc))
        self.refresh_picks()

    def set_pick(self, phase: str, time: UTCDateTime | None = None) -> None:
        """P / S: a pick at ``time`` (default: the time under the mouse)."""
        if self.editor is None:
            return
        when = self.trace.cursor_time() if time is None else time
        self._edit(lambda e: e.set_pick(phase, when))

    def select_pick(self, pick_id: int | None) -> None:
        """Select a pick (as a click on its line does)."""
        if self.editor is not None:
            self.editor.select(pick_id)
            self.refresh_picks()

    def select_next_pick(self) -> None:
        """Tab: select the next pick in time."""
        if self.editor is not None:
            self.editor.select_next()
            self.refresh_picks()

    def undo(self) -> None:
        """Undo the newest edit in the session."""
        self._history(lambda s: s.undo())

    def redo(self) -> None:
        """Redo the edit undone last."""
        self._history(lambda s: s.redo())

    def _history(self, step) -> None:
        if self.session is None:
            return
        try:
            if not step(self.session):
                self.statusBar().showMessage("nothing to undo / redo", 2000)
        except EqviewerError as exc:
            self.show_error("Cannot undo / redo", str(exc))
        self.queue.refresh()
        self.refresh_picks()

    def _on_pick_clicked(self, pick_id: int) -> None:
        self.select_pick(pick_id)

    def _on_pick_dragged(self, pick_id: int, seconds: float) -> None:
        if self.record is not None:
            self._edit(lambda e: e.move(pick_id, self.record.start + seconds))

    # ----- view -----------------------------------------------------------------------------------------------------
    def set_panel_visible(self, name: str, visible: bool) -> None:
        """Show or hide a panel of the trace view (remembered in the settings)."""
        self.trace.set_panel_visible(name, visible)
        self.settings.setValue(f"panels/{name}", visible)

    def set_filter(self, spec: FilterSpec) -> None:
        """Choose the view filter and switch it on."""
        self.filter_spec = spec
        self.filter_on = True
        self._redraw_filter()

    def toggle_filter(self) -> None:
        """F: view filter on / off."""
        self.filter_on = not self.filter_on
        self._redraw_filter()

    def custom_filter_dialog(self) -> None:
        """View ▸ Filter ▸ Custom."""
        dialog = FilterDialog(self.filter_spec, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_filter(dialog.spec())

    def _redraw_filter(self) -> None:
        if self.record is None:
            self._update_status()
            return
        data = self.record.data
        if self.filter_on:
            try:
                data = apply_filter(data, self.record.sampling_rate, self.filter_spec)
            except ValueError as exc:
                self.filter_on = False
                self.show_error("Cannot apply the filter", str(exc))
        self.trace.set_display_data(data)
        self._update_status()

    def _on_thresholds(self, det: float, p: float, s: float) -> None:
        self.trace.set_thresholds(det, p, s)
        self.queue.threshold = det

    def _on_model_chosen(self, *_args) -> None:
        spec = self.model_panel.model_spec()
        loaded = self.models.loaded(spec)
        self.model_label.setText(f"model: {spec}:{loaded.version}" if loaded is not None else
                                 f"model: {spec} (loads on the first run)")

    def _on_cursor_moved(self, seconds: float) -> None:
        self.cursor_label.setText(f"cursor {format_time(self.trace.start + seconds)}")

    def _restore_view_settings(self) -> None:
        for name, action in self.panel_actions.items():
            action.setChecked(self.settings.value(f"panels/{name}", True, type=bool))
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def _update_status(self) -> None:
        ids = self.queue.record_ids()
        current = self.queue.current_record()
        if current in ids:
            self.position_label.setText(f"record {ids.index(current) + 1} of {len(ids)}")
        else:
            self.position_label.setText(f"{len(ids)} records")
        text = ""
        if self.editor is not None and self.session is not None:
            labels = self.session.window_labels(record=self.editor.record_id)
            manual = [w for w in labels if w.status == "manual"]
            text = f"label: {manual[-1].category}" if manual else "label: none"
            pick = self.editor.selected_pick()
            if pick is not None:
                extra = ", ".join(v for v in (pick.onset, pick.polarity) if v)
                unc = f" ±{pick.uncertainty_s:g} s" if pick.uncertainty_s else ""
                text += f" · selected {pick.phase} {pick.status} {format_time(pick.time)}{unc}" + \
                        (f" ({extra})" if extra else "")
        if self.filter_on:
            text += f" · filter {self.filter_spec.label}"
        self.label_label.setText(text)
        if self.session is None:
            self.session_label.setText("no session")
        else:
            ro = " (read-only)" if self.session.read_only else ""
            self.session_label.setText(f"session {os.path.basename(self.session.path)}{ro}")
            self.session_label.setToolTip(self.session.read_only_reason or self.session.path)
            self.review_actions["undo"].setEnabled(self.session.can_undo)
            self.review_actions["redo"].setEnabled(self.session.can_redo)

    # ----- model runs -----------------------------------------------------------------------------------------------
    def run_model(self, all_records: bool = False) -> Worker | None:
        """Run the detector on the record shown (or on every queued record the model has not run on yet; on Dask
        when the model panel says so: :meth:`run_on_dask`)."""
        if self.worker is not None or self.session is None:
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
        jobs = [(self.queue.entry(rid).source, self.queue.entry(rid).item) for rid in ids]
        if not jobs:
            self.statusBar().showMessage("the model has run on every record already", 3000)
            return None
        job = detect_job(self.model_panel.model_spec(), self.model_panel.settings(), jobs, self.models)
        return self._start_worker(Worker(job, "the detector", self), "detect", self._on_result)

    def run_on_dask(self, workers: int | None = None) -> Worker | None:
        """Run the model over every open archive on a local Dask cluster of ``workers`` processes (default one per
        core), station-day tasks stored as they finish; tasks the session holds and records the model has run on
        are skipped (a rerun resumes)."""
        if self.worker is not None or self.session is None or self.session.read_only or not self.sources:
            return None
        sources = list(self.sources.values())
        try:
            done = done_runs(self.session, sources)
        except EqviewerError as exc:
            self.show_error("Cannot plan the Dask run", str(exc))
            return None
        job = dask_job(sources, done, self.model_panel.model_spec(), self.model_panel.settings(), workers)
        return self._start_worker(Worker(job, "the Dask run", self), "dask", self._on_task_stored)

    def _on_task_stored(self, result) -> None:
        """Store one finished Dask task (GUI thread) and redraw the records it touched."""
        if not self._from_current_run() or self.session is None:
            return
        picks, window_labels, run_info, replace = result
        try:
            self.session.add_automatic(picks, window_labels, run_info=run_info, **replace)
        except EqviewerError as exc:
            self.show_error("Cannot store the model's results", str(exc))
            return
        if run_info and run_info.get("model"):
            self.model_label.setText(f"model: {run_info['model']}")
        touched = {p.record for p in picks} | {w.record for w in window_labels} | set(replace["replace_records"])
        for record in touched:
            self.queue.refresh(record)
        if self.editor is not None and self.editor.record_id in touched:
            self.refresh_picks()

    def _start_worker(self, worker: Worker, kind: str, on_result) -> Worker:
        """Start a background job with progress and Cancel in the status bar (one job at a time)."""
        self.worker = worker
        self.worker_kind = kind
        worker.progress.connect(self._on_progress)
        worker.result.connect(on_result)
        worker.failed.connect(self._on_failed)
        worker.done.connect(self._on_worker_done)
        self.model_panel.set_running(True)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        worker.start()
        return worker

    def cancel_model(self, wait: bool = False) -> None:
        """Ask a running model to stop (it stops after its current chunk of windows)."""
        if self.worker is not None:
            self.worker.cancel()
            if wait:  # closing: finish now; signals the old worker still has queued are ignored (sender check)
                self.worker.wait()
                self._finish_run(True)

    def _from_current_run(self) -> bool:
        sender = self.sender()
        return sender is None or sender is self.worker

    def _on_failed(self, message: str) -> None:
        if self._from_current_run():
            self.show_error("Retraining failed" if self.worker_kind == "retrain" else "The model run failed", message)

    def _on_progress(self, fraction: float, text: str) -> None:
        if not self._from_current_run():
            return
        self.progress.setValue(int(fraction * 1000))
        self.progress.setToolTip(text)
        self.statusBar().showMessage(text)

    def _on_result(self, result) -> None:
        """Store one record's annotations in the session (GUI thread) and draw them if it is shown."""
        if not self._from_current_run():
            return
        annotations, provenance, run_info = result
        self.model_provenance = provenance
        self.model_label.setText(f"model: {provenance}")
        if self.session is None:
            return
        try:
            # a re-run replaces the record's still-automatic results (reviewed picks stay), as one undoable edit
            self.session.add_automatic(annotations.picks, annotations.window_labels(), run_info=run_info,
                                       replace_records=[annotations.record])
            self.session.store_curves(annotations.record, annotations.start, annotations.sampling_rate,
                                      annotations.curves)
        except EqviewerError as exc:
            self.show_error("Cannot store the model's results", str(exc))
            return
        self.queue.refresh(annotations.record)
        if self.editor is not None and self.editor.record_id == annotations.record:
            self.refresh_curves()
            self.refresh_picks()

    def _on_worker_done(self, cancelled: bool) -> None:
        if self.worker is not None and self._from_current_run():
            self._finish_run(cancelled)

    def _finish_run(self, cancelled: bool) -> None:
        self.worker.wait()
        self.worker = None
        kind, self.worker_kind = self.worker_kind, ""
        self.model_panel.set_running(False)
        self.progress.hide()
        self.cancel_button.hide()
        if kind == "retrain":
            self.statusBar().showMessage("retraining cancelled" if cancelled else "retraining finished", 4000)
            self.retrain_finished.emit(self.retrain_outcome)
            return
        self.statusBar().showMessage("model run cancelled" if cancelled else "model run finished", 4000)
        self.queue.rebuild()
        self._update_status()
        self.model_finished.emit(cancelled)

    # ----- retraining -------------------------------------------------------------------------------------------------
    def retrain_dialog(self) -> None:
        """Model ▸ Retrain on this session: choose name, base, task and epochs, then train in the background."""
        if self.session is None:
            self.show_error("Nothing to retrain on", "open archives or a session and review some labels first")
            return
        models = [self.model_panel.model_box.itemData(i) for i in range(self.model_panel.model_box.count())]
        base = self.model_panel.model_spec()
        stem = os.path.splitext(os.path.basename(self.session.path.rstrip("/")))[0] or "session"
        suggested = retrain_name(stem, set(models))
        dialog = RetrainDialog(models, base, suggested, set(models), self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        options = dialog.options(self.model_panel.det_threshold.value(), self.model_panel.p_threshold.value())
        dialog.deleteLater()
        if accepted:
            self.start_retrain(options)

    def start_retrain(self, options: RetrainOptions) -> Worker | None:
        """Export the session, fine-tune and compare before/after in the worker; None when a job is running."""
        if self.worker is not None or self.session is None:
            return None
        stamp = UTCDateTime().strftime("%Y%m%dT%H%M%S")
        report_dir = os.path.join(user_data_folder(), "reports", f"{options.name}-{stamp}")
        self.retrain_outcome = None
        try:
            job = retrain_job(self.session.path, options, report_dir)
        except EqviewerError as exc:
            self.show_error("Cannot retrain", str(exc))
            return None
        return self._start_worker(Worker(job, "retraining", self), "retrain", self._on_retrained)

    def _on_retrained(self, outcome: RetrainOutcome) -> None:
        """The new model is registered: list it, and show the before/after figures with a switch button."""
        if not self._from_current_run():
            return
        self.retrain_outcome = outcome
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

    # ----- dialogs ----------------------------------------------------------------------------------------------------
    def export_dialog(self) -> None:
        """File ▸ Export labels: every format of eqviewer.review.export."""
        if self.session is None:
            self.show_error("Nothing to export", "open archives or a session first")
            return
        dialog = ExportDialog(os.path.dirname(self.session.path), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.export(*dialog.choice())

    def export(self, fmt: str, path: str, statuses: tuple[str, ...]) -> bool:
        """Export the session's labels; True on success."""
        from eqviewer.review.export import export_session

        try:
            export_session(self.session, fmt, path, statuses=statuses)
        except EqviewerError as exc:
            self.show_error("Export failed", str(exc))
            return False
        self.statusBar().showMessage(f"exported {fmt} to {path}", 5000)
        return True

    def import_archive_labels(self) -> None:
        """File ▸ Import: the picks and categories the archives hold become manual labels (one undoable edit)."""
        from eqviewer.review.import_labels import import_archive_labels

        if self.session is None:
            return
        try:
            summary = import_archive_labels(self.session)
        except EqviewerError as exc:
            self.show_error("Cannot import the archive labels", str(exc))
            return
        self.statusBar().showMessage(f"imported {summary.picks} picks and {summary.window_labels} labels of "
                                     f"{summary.records} records (Ctrl+Z undoes it)", 6000)
        self.queue.refresh()
        self.refresh_picks()

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

    # ----- closing ----------------------------------------------------------------------------------------------------
    def closeEvent(self, event):  # noqa: N802 (Qt's name)
        """Nothing to save: every edit is already in the session. Stop a model run, remember the layout."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.close_session()
        super().closeEvent(event)


def detect_job(model_spec: str, settings, jobs: list[tuple[object, object]], models: ModelCache):
    """The worker's job: load the model (kept in ``models`` for the next run, reloaded when re-registered), then
    run eqviewer.detect on each (source, item) and emit the results."""
    from eqviewer.detect.detector import Detector

    def job(progress, cancel, emit) -> None:
        if models.loaded(model_spec) is None:
            progress(0, 1, f"loading model {model_spec}")
        model = models.get(model_spec)
        detector = Detector(model, settings)
        total = len(jobs)
        for index, (source, item) in enumerate(jobs):
            if cancel():
                raise Cancelled
            record = source.read(item)
            label = f"{record.station_id} {record.start.strftime('%H:%M:%S')} ({index + 1}/{total})"
            progress(index, total, f"model: {label}")
            annotations = detector.run(
                record, progress=lambda done, of: progress(index + done / max(of, 1), total, f"model: {label}"),
                cancel=cancel)
            if annotations.info.get("cancelled"):
                raise Cancelled
            emit((annotations, detector.provenance, {**annotations.info, "settings": settings.as_dict()}))
        progress(total, total, "model: done")

    return job
