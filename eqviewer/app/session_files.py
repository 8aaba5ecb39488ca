"""A session file as a whole, without opening it for review: a safe copy (also while it is open), and a check of
a damaged one with recovery of what it still holds into a new file (``eqviewer session copy|check``). The source
file is only read; nothing existing is overwritten."""

from __future__ import annotations

import os

from eqviewer.errors import SessionError
from eqviewer.review import SessionCheck, TableCheck, check_session, is_database_url, recover_session, redacted
from eqviewer.review import copy_session as copy_session_file

__all__ = ["SessionCheck", "TableCheck", "check_session_file", "copy_session"]

FILES_ONLY = ("works on session files (*.eqreview) only; a PostgreSQL session is backed up, copied and checked"
              " with PostgreSQL's own tools (pg_dump, pg_restore)")


def check_session_file(path: str | os.PathLike, recover_to: str | os.PathLike | None = None) -> SessionCheck:
    """SQLite's integrity check of the session file at ``path`` and how many rows of each table can be read; with
    ``recover_to``, every readable row is also copied into a new session file there.

    SessionError when ``path`` is not a session file (a PostgreSQL URL included), or ``recover_to`` is a URL,
    exists, or nothing can be read.
    """
    _files_only("check", path, recover_to)
    if recover_to is not None:
        return recover_session(path, recover_to)
    return check_session(path)


def copy_session(source: str | os.PathLike, destination: str | os.PathLike) -> int:
    """Copy the session file ``source``, with every edit committed so far, into the new file ``destination``; its
    size in bytes (:func:`eqviewer.review.session_file.copy_session`). SessionError also for a PostgreSQL URL."""
    _files_only("copy", source, destination)
    return copy_session_file(source, destination)


def _files_only(action: str, *paths: str | os.PathLike | None) -> None:
    """SessionError naming the first of ``paths`` that is a database URL (passwords hidden)."""
    for path in paths:
        if path is not None and is_database_url(os.fspath(path)):
            raise SessionError(redacted(os.fspath(path)), f"`eqviewer session {action}` {FILES_ONLY}")
