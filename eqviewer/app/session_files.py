"""A session file as a whole, without opening it for review: a safe copy (also while it is open), and a check of
a damaged one with recovery of what it still holds into a new file (``eqviewer session copy|check``). The source
file is only read; nothing existing is overwritten."""

from __future__ import annotations

import os

from eqviewer.review.session_file import SessionCheck, TableCheck, check_session, copy_session, recover_session

__all__ = ["SessionCheck", "TableCheck", "check_session_file", "copy_session"]


def check_session_file(path: str | os.PathLike, recover_to: str | os.PathLike | None = None) -> SessionCheck:
    """SQLite's integrity check of the session file at ``path`` and how many rows of each table can be read; with
    ``recover_to``, every readable row is also copied into a new session file there.

    SessionError when ``path`` is not a session, or ``recover_to`` exists or nothing can be read.
    """
    return recover_session(path, recover_to) if recover_to is not None else check_session(path)
