"""The window's ways in: File ▸ Open (files, a folder or SDS archive, a session), Open recent, and dropping paths
on the window."""

from __future__ import annotations

import os
from collections.abc import Callable

from PyQt6.QtCore import QSettings
from PyQt6.QtGui import QDragEnterEvent, QDropEvent
from PyQt6.QtWidgets import QFileDialog, QMenu, QWidget

from eqviewer.gui.actions import FILE_MENU, Action, Entry, Submenu

RECENT_MAX = 10
OPEN_GROUP = "1_open"


class Opening:
    """Open dialogs and recent files for ``parent``; ``open_paths(paths)`` opens what was chosen, ``settings``
    keeps the recent files."""

    def __init__(self, parent: QWidget, settings: QSettings, open_paths: Callable[[list[str]], None]):
        self.parent, self.settings, self._open_paths = parent, settings, open_paths

    def actions(self) -> list[Entry]:
        """File ▸ Open files / folder / session and Open recent."""
        return [
            Action("open_files", "&Open files…", self.open_files_dialog, FILE_MENU, OPEN_GROUP, "Ctrl+O"),
            Action("open_folder", "Open &folder or SDS archive…", self.open_folder_dialog, FILE_MENU, OPEN_GROUP,
                   "Ctrl+Shift+O"),
            Action("open_session", "Open &session…", self.open_session_dialog, FILE_MENU, OPEN_GROUP),
            Submenu("open_recent", "Open &recent", FILE_MENU, OPEN_GROUP, self.fill_recent_menu),
        ]

    def open_files_dialog(self) -> None:
        """File ▸ Open files."""
        paths, _ = QFileDialog.getOpenFileNames(self.parent, "Open waveform files or a session", self._last_dir(),
                                                "All files (*);;Review sessions (*.eqreview)")
        if paths:
            self._open_paths(paths)

    def open_folder_dialog(self) -> None:
        """File ▸ Open folder (a folder of files or an SDS root)."""
        path = QFileDialog.getExistingDirectory(self.parent, "Open a folder or SDS archive", self._last_dir())
        if path:
            self._open_paths([path])

    def open_session_dialog(self) -> None:
        """File ▸ Open session."""
        path, _ = QFileDialog.getOpenFileName(self.parent, "Open a review session", self._last_dir(),
                                              "Review sessions (*.eqreview)")
        if path:
            self._open_paths([path])

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

    def fill_recent_menu(self, menu: QMenu) -> None:
        """File ▸ Open recent, filled when it opens."""
        menu.clear()
        for path in self.recent_files():
            menu.addAction(path).triggered.connect(lambda _checked=False, p=path: self._open_paths([p]))
        if not self.recent_files():
            menu.addAction("(none)").setEnabled(False)

    @staticmethod
    def accept_drag(event: QDragEnterEvent) -> None:
        """Accept a drag that carries paths."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def drop(self, event: QDropEvent) -> None:
        """Open the local paths dropped on the window."""
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self._open_paths(paths)
