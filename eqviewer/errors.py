"""The error types of eqviewer.

Every error a user can cause (a bad file, a missing model, a locked session) is an :class:`EqviewerError`
whose message names the file and says what is wrong. The CLI prints it as one line and the GUI shows it in
a message box; neither shows a traceback for these.
"""

from __future__ import annotations

import os


class EqviewerError(Exception):
    """Base class: a problem with the user's input or environment, explained in words.

    ``path`` is the file or folder concerned (or None), ``reason`` what is wrong with it.
    ``str(error)`` is ``"<path>: <reason>"`` (or just the reason when there is no path).
    """

    def __init__(self, path: str | os.PathLike | None, reason: str):
        self.path = None if path is None else os.fspath(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}" if self.path is not None else reason)


class ArchiveError(EqviewerError):
    """A waveform archive cannot be read, or holds something it should not."""


class NoDataError(ArchiveError):
    """The archive holds no samples in the requested time span (a gap in continuous data).

    Code that walks a record slice by slice skips such a slice; anywhere else it is an ordinary ArchiveError.
    """


class ModelError(EqviewerError):
    """A model's weights are missing, corrupt or incompatible."""


class SessionError(EqviewerError):
    """A review session cannot be opened, is locked by another process, or is damaged."""


class ExportError(EqviewerError):
    """Labels cannot be exported to the requested format or place."""


class Cancelled(Exception):
    """Raised inside a long-running job when it notices that the user cancelled it (not an error: a front end
    that catches it says "cancelled" and keeps what was stored so far)."""
