"""Opening and creating a session file (SQLite): one connection, checked before anything can change the file.

A file is opened on a single connection that refuses writes; only once the file has proved to be a session this
version reads does the opener take the write lock (:mod:`eqviewer.review.lock`) and let that same connection
write (WAL mode, full fsync). A file that is not a session is never changed, nor is a lock left beside it.
A new session is built under a temporary name and renamed into place, so a failure leaves nothing behind.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence

from eqviewer.atomic_files import PendingOutput
from eqviewer.errors import EqviewerError, ExportError, SessionError
from eqviewer.review.lock import SessionLock
from eqviewer.review.session_archives import archive_row, check_storable
from eqviewer.review.store import Store

ON_REQUEST = "opened read-only on request"
NOT_WRITABLE = "the file or its folder is not writable"
NOT_A_SESSION = "not a review session (or its header is damaged: `eqviewer session check` says what can be recovered)"


def require_file(path: str) -> None:
    """SessionError unless ``path`` is a file (not missing, a folder, a pipe or a device): nothing else is opened
    as a session, so a mistyped name is never created and a pipe never waited on."""
    if os.path.isfile(path):
        return
    if not os.path.lexists(path):
        raise SessionError(path, "no such review session")
    kind = "a folder" if os.path.isdir(path) else "not a regular file (a pipe, device or broken link)"
    raise SessionError(path, f"is {kind}, not a review session file")


def connect_checked(path: str, only_reads: bool = False) -> Store:
    """A read-only connection to the session file at ``path`` (with ``only_reads``, one that can never write, so
    closing it changes nothing on disk); SessionError unless it is a review session this version can read (nothing
    is written to find out)."""
    require_file(path)
    try:
        store = Store.connect_sqlite(path, read_only=True, only_reads=only_reads)
    except (SessionError, sqlite3.DatabaseError) as exc:
        raise SessionError(path, f"not a review session, or damaged ({getattr(exc, 'reason', exc)})") from exc
    try:
        store.check_format(path, NOT_A_SESSION)
    except SessionError:
        store.close()
        raise
    return store


def open_file(path: str, read_only: bool) -> tuple[Store, SessionLock | None, str | None]:
    """Open the session file at ``path``: its store, the write lock (None for a read-only view) and why the view
    is read-only (None when it may write: then older sessions are migrated and a killed writer's edits folded in).

    Without ``read_only`` the view is read-only only when the file or its folder is not writable or another
    handle holds the lock.
    """
    store = connect_checked(path, only_reads=read_only)
    lock, reason = (None, ON_REQUEST) if read_only else _take_lock(path)
    if lock is None:
        return store, None, reason
    try:
        store.allow_writes()
        store.migrate()  # a session of an older eqviewer, brought up to this schema
        store.checkpoint()  # edits a killed writer left in the -wal file go into the session file now
    except (SessionError, sqlite3.DatabaseError) as exc:
        store.close()
        lock.release()
        if isinstance(exc, SessionError):
            raise
        raise SessionError(path, f"cannot open the review session ({exc})") from exc
    return store, lock, None


def _take_lock(path: str) -> tuple[SessionLock | None, str | None]:
    """The write lock of the file, or None and why it cannot be written."""
    if not os.access(path, os.W_OK) or not os.access(os.path.dirname(os.path.abspath(path)), os.W_OK):
        return None, f"{NOT_WRITABLE}: opened read-only"
    lock = SessionLock(path)
    if not lock.acquire():
        return None, f"in use by {lock.holder()}: opened read-only"
    return lock, None


def create_file(path: str, archives: Sequence[str], created_ns: int) -> None:
    """Write a new session file at ``path`` listing ``archives`` (absolute paths); SessionError when it exists,
    an archive is missing, or the file cannot be written (what a killed creation left is removed by the next)."""
    if os.path.exists(path):
        raise SessionError(path, "already exists; open it instead, or choose another name")
    for archive in archives:
        if not os.path.exists(archive):
            raise SessionError(archive, "archive not found")
        check_storable(archive)
    try:
        pending = PendingOutput(path)
    except ExportError as exc:
        raise SessionError(path, f"cannot create the session file: {exc.reason}") from exc
    tmp = pending.tmp
    store = None
    try:
        store = Store.connect_sqlite(tmp, read_only=False)
        store.create_schema(created_ns)
        with store.transaction():
            for archive in archives:
                store.add_archive(*archive_row(archive), created_ns)
        store.close(leave_wal=True)  # fold the WAL in before the rename
        store = None
        pending.commit()
    except (SessionError, ExportError, OSError) as exc:  # a full disk, an unreadable archive
        reason = exc.reason if isinstance(exc, EqviewerError) else f"{exc.strerror or exc} ({exc.filename or tmp})"
        raise SessionError(path, f"cannot create the session file: {reason}") from exc
    finally:
        if store is not None:
            store.connection.close()
        pending.discard()
        for leftover in (tmp + "-wal", tmp + "-shm"):
            if os.path.exists(leftover):
                os.remove(leftover)
