"""A QThread around one long core call that takes ``progress`` and ``cancel`` callables.

The job runs off the GUI thread; results, progress and errors come back as queued signals, so the event loop keeps
processing while the model runs. The job must not touch Qt widgets or the Session (SQLite connections belong to the
GUI thread): it hands each result to ``emit`` and the GUI thread stores it.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable

from PyQt6.QtCore import QThread, pyqtSignal

from eqviewer.errors import Cancelled, EqviewerError

# job(progress, cancel, emit): progress(done, total, text) reports, cancel() says whether to stop, emit(obj) streams.
Job = Callable[[Callable[[float, float, str], None], Callable[[], bool], Callable[[object], None]], None]


# Progress signals are sent at most this often: a job that reports every few microseconds would otherwise flood
# the GUI thread's queue with posted events, and Qt delivers timers (and so input handling) only when it is empty.
PROGRESS_INTERVAL_S = 0.05


class Worker(QThread):
    """Runs ``job`` in a thread. Signals: ``progress(fraction, text)``, ``result(obj)``, ``failed(message)``,
    ``done(cancelled)`` (always last, also after a failure). After an unexpected exception (a bug, not an
    EqviewerError) ``details`` holds its traceback."""

    progress = pyqtSignal(float, str)
    result = pyqtSignal(object)
    failed = pyqtSignal(str)
    done = pyqtSignal(bool)

    def __init__(self, job: Job, description: str, parent=None):
        super().__init__(parent)
        self.job = job
        self.description = description
        self._cancel = threading.Event()
        self.error: str | None = None
        self.details: str | None = None
        self._last_progress = float("-inf")

    def cancel(self) -> None:
        """Ask the job to stop at its next check of ``cancel()``."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """Whether cancel was requested."""
        return self._cancel.is_set()

    def _progress(self, done: float, total: float, text: str = "") -> None:
        now = time.monotonic()
        if now - self._last_progress < PROGRESS_INTERVAL_S and done < total:
            return
        self._last_progress = now
        self.progress.emit(float(done) / float(total) if total else 0.0, text)

    def run(self) -> None:  # noqa: D102 (QThread's entry point)
        try:
            self.job(self._progress, self.is_cancelled, self.result.emit)
        except Cancelled:
            pass
        except EqviewerError as exc:
            self.error = str(exc)
            self.failed.emit(self.error)
        except Exception as exc:  # noqa: BLE001 - a bug in a job must become a message box, not a dead window
            self.error = f"{self.description} failed: {type(exc).__name__}: {exc}"
            self.details = traceback.format_exc()
            self.failed.emit(self.error)
        self.done.emit(self.is_cancelled())
