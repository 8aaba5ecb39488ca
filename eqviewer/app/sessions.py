"""Opening review sessions for every front end: one call, one policy, and the names a front end needs.

:func:`open_session` opens (or creates) the session at a path, as the :class:`SessionPolicy` it is given says,
so the window, the command line and scripts decide the same way what happens when the session is missing, or
another process is writing it. The rest of this module re-exports what a front end needs to name sessions, so
that it imports only :mod:`eqviewer.app`.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable

from eqviewer.app.session_paths import default_session_path
from eqviewer.errors import SessionError
from eqviewer.review import NOT_WRITABLE, SESSION_SUFFIX, Session, is_database_url, is_session_path

LOCKED = "the session is open in another process; close it there first"


class SessionPolicy(enum.Enum):
    """What :func:`open_session` does with a path: which sessions it opens, creates, and how it may write them."""

    READ = "read"
    """An existing session, read-only."""
    WRITE = "write"
    """An existing session, writable: SessionError when another process is writing it (or it cannot be
    written)."""
    WRITE_OR_READ = "write or read"
    """An existing session, writable; a read-only view (``read_only_reason`` says why) when it cannot be written."""
    CREATE = "create"
    """A new session listing the archives: SessionError when it exists already."""
    OPEN_OR_CREATE = "open or create"
    """:attr:`WRITE`, listing those archives it does not list yet, or :attr:`CREATE` when it is missing."""
    WRITE_OR_READ_OR_CREATE = "write or read or create"
    """:attr:`WRITE_OR_READ`, or :attr:`CREATE` when it is missing (what the review window does)."""


def open_session(path: str, policy: SessionPolicy, archives: Iterable[str] = (),
                 author: str | None = None) -> Session:
    """Open or create the review session at ``path`` (a ``*.eqreview`` file or a ``postgresql://`` URL) as
    ``policy`` says; ``archives`` are listed in a session this call creates (and, with
    :attr:`SessionPolicy.OPEN_OR_CREATE`, added to an existing one that does not list them yet).

    ``author`` names the analyst in the edit history (default: the user's login name). SessionError when the
    policy cannot be met (missing, already there, written by another process, not a session).
    """
    archives = list(archives)
    if policy in (SessionPolicy.OPEN_OR_CREATE, SessionPolicy.WRITE_OR_READ_OR_CREATE) and not Session.exists(path):
        policy = SessionPolicy.CREATE
    if policy is SessionPolicy.CREATE:
        return Session.create(path, archives=archives, author=author)
    session = Session.open(path, read_only=policy is SessionPolicy.READ, author=author)
    if policy in (SessionPolicy.WRITE, SessionPolicy.OPEN_OR_CREATE) and session.read_only:
        not_writable = session.read_only_reason.startswith(NOT_WRITABLE)
        session.close()
        raise SessionError(path, NOT_WRITABLE if not_writable else LOCKED)
    if policy is SessionPolicy.OPEN_OR_CREATE:
        try:
            _add_missing_archives(session, archives)
        except BaseException:
            session.close()
            raise
    return session


def _add_missing_archives(session: Session, archives: list[str]) -> None:
    """List in ``session`` those ``archives`` it does not list yet (by absolute path, or as given)."""
    known = {entry.path for entry in session.archives()}
    for archive in archives:
        if os.path.abspath(archive) not in known and archive not in known:
            session.add_archive(archive)


__all__ = ["LOCKED", "SESSION_SUFFIX", "SessionPolicy", "default_session_path", "is_database_url",
           "is_session_path", "open_session"]
