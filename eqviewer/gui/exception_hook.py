"""Unexpected exceptions in the window (a bug in a slot, a timer, a worker job): a message box with the traceback
behind "Details", a record in the log file of the user data folder, and the window goes on working.

PyQt calls ``sys.excepthook`` for an exception that escapes a slot or a timer's callback (and, with a hook other
than the default, carries on instead of aborting); ``threading.excepthook`` covers other Python threads; a
:class:`eqviewer.gui.worker.Worker` catches its job's exceptions itself and hands the traceback to :meth:`report`.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import datetime, timezone

from PyQt6.QtCore import QObject, pyqtSignal
from PyQt6.QtWidgets import QMessageBox

LOG_NAME = "errors.log"
TITLE = "Unexpected error"


class ExceptionReporter(QObject):
    """Reports unexpected exceptions through ``show(title, message) -> QMessageBox`` (the window's non-blocking
    warning box) with the traceback as its detailed text, and appends them to ``log_path``. :meth:`install` makes
    it the process's exception hook until :meth:`uninstall`."""

    _reported = pyqtSignal(str, str, str)  # queued to the GUI thread when reported from another thread

    def __init__(self, show: Callable[[str, str], QMessageBox], log_path: str, parent=None):
        super().__init__(parent)
        self.show = show
        self.log_path = log_path
        self._lock = threading.Lock()
        self._previous = None
        self._reported.connect(self._show_box)

    def install(self) -> None:
        """Catch exceptions that escape slots, timers and threads from now on."""
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = lambda args: self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def uninstall(self) -> None:
        """Put back the hooks found by :meth:`install`."""
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def handle(self, exc_type, exc, tb) -> None:
        """The hook: report one exception (Ctrl+C in a terminal still ends the program)."""
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        try:
            self.report(f"{exc_type.__name__}: {exc}", details)
        except RuntimeError:  # the window was deleted without closing (no box to show): Python's own report
            sys.__excepthook__(exc_type, exc, tb)

    def report(self, message: str, details: str) -> None:
        """Log the exception and show it (from any thread; the box opens in the GUI thread)."""
        self._log(message, details)
        self._reported.emit(TITLE, message, details)

    def _log(self, message: str, details: str) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            os.makedirs(os.path.dirname(self.log_path) or ".", exist_ok=True)
            with self._lock, open(self.log_path, "a", encoding="utf-8") as log:
                log.write(f"--- {stamp} {message}\n{details}\n")
        except OSError as exc:  # a full disk must not turn one error into two
            print(f"eqviewer: cannot write {self.log_path}: {exc}", file=sys.stderr)

    def _show_box(self, title: str, message: str, details: str) -> None:
        box = self.show(title, f"{message}\n\nThe window keeps working; this was written to {self.log_path}.")
        box.setDetailedText(details)
