"""The main window's ways in: file dialogs, recent files, drag and drop, and reading the record the queue selects
(long records in a loader thread, so the window stays responsive)."""

from __future__ import annotations

import os
from functools import partial

from PyQt6.QtWidgets import QFileDialog

from eqviewer.errors import EqviewerError
from eqviewer.gui.time_axis import format_time
from eqviewer.gui.window_menus import menu_action
from eqviewer.gui.worker import Worker
from eqviewer.io.record import SAMPLING_RATE

RECENT_MAX = 10
BACKGROUND_READ_SAMPLES = int(3600 * SAMPLING_RATE)
"""Records longer than this (an hour at 100 Hz) are read in a loader thread, so the window stays responsive."""


class OpeningMixin:
    """Opening dialogs and record reading for :class:`eqviewer.gui.main_window.MainWindow` (which provides
    ``open_paths``, ``review``, ``settings``, ``recent_menu`` and ``show_error``)."""

    loaders: set[Worker]

    # ----- dialogs and recent files -------------------------------------------------------------------------------
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

    def remember_recent(self, path: str) -> None:
        """Put ``path`` first in the recent files."""
        path = os.path.abspath(path)
        recent = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recent", recent[:RECENT_MAX])

    def fill_recent_menu(self) -> None:
        """File ▸ Open recent, filled when it opens."""
        self.recent_menu.clear()
        for path in self.recent_files():
            menu_action(self, self.recent_menu, path, partial(self.open_paths, [path]))
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

    # ----- reading the selected record ----------------------------------------------------------------------------
    def show_record(self, record_id: str) -> None:
        """Read a record and draw it with its curves, picks and archive labels; a long record (a day of an SDS
        station) is read in a loader thread and drawn when it arrives (``record_shown`` says when)."""
        entry = self.review.entry(record_id)
        if entry is None:
            return
        self.review.want(record_id)  # no edits to the record shown before while this one is read
        if getattr(entry.item, "n_samples", 0) > BACKGROUND_READ_SAMPLES:
            self._read_in_background(record_id, entry)
            return
        try:
            record = entry.source.read(entry.item)
        except EqviewerError as exc:
            self.show_error("Cannot read the record", str(exc))
            return
        self.review.show(record_id, record)

    def _read_in_background(self, record_id: str, entry) -> None:
        def job(progress, cancel, emit) -> None:
            emit((record_id, entry.source.read(entry.item)))

        loader = Worker(job, f"reading {entry.station_id}", self)
        loader.result.connect(lambda result: self._on_record_read(*result))
        loader.failed.connect(lambda message, rid=record_id: self._on_record_failed(rid, message))
        loader.done.connect(lambda _cancelled, w=loader: self._on_loader_done(w))
        self.loaders.add(loader)
        self.statusBar().showMessage(f"reading {entry.station_id} {format_time(entry.start)} …")
        loader.start()

    def _on_record_read(self, record_id: str, record) -> None:
        if self.review.show(record_id, record):  # the analyst may have moved on while it was read
            self.statusBar().clearMessage()

    def _on_record_failed(self, record_id: str, message: str) -> None:
        if record_id == self.review.wanted_record:
            self.show_error("Cannot read the record", message)

    def _on_loader_done(self, loader: Worker) -> None:
        loader.wait()
        self.loaders.discard(loader)
        loader.deleteLater()

    def wait_for_loaders(self) -> None:
        """Wait for the reads in progress (a read cannot be interrupted; their results are ignored once the
        analyst asked for another record)."""
        for loader in list(self.loaders):
            loader.wait()
