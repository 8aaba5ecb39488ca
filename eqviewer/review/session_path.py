"""What a session path is, and where the session it names lives: a session file or a PostgreSQL database.

A session path is a file ending in :data:`SESSION_SUFFIX` or a ``postgresql://user@host/db`` URL, whether the
session exists yet or not. :func:`locate` decides once which of the two a path names; the :class:`SessionFile`
or :class:`SessionDatabase` it returns says whether the session exists, opens it, or creates it, each time on
one connection (:class:`~eqviewer.review.session_base.OpenedStore`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from eqviewer.review import backend_postgres, session_sqlite
from eqviewer.review.backend_postgres import is_database_url
from eqviewer.review.session_archives import list_archive
from eqviewer.review.session_base import OpenedStore
from eqviewer.review.store import Store

SESSION_SUFFIX = ".eqreview"


def is_session_path(path: str | os.PathLike) -> bool:
    """Whether ``path`` names a review session (a *.eqreview file or a PostgreSQL URL) rather than an archive."""
    path = os.fspath(path)
    return path.endswith(SESSION_SUFFIX) or is_database_url(path)


class SessionFile:
    """A session in a SQLite file (:mod:`eqviewer.review.session_sqlite`): one writer, any number of readers."""

    def __init__(self, path: str):
        self.path = path

    def exists(self) -> bool:
        """Whether there is a file to open (a session or not)."""
        return os.path.exists(self.path)

    def open(self, read_only: bool) -> OpenedStore:
        """Open it; a read-only view when asked, or when another handle writes it or it cannot be written."""
        store, lock, reason = session_sqlite.open_file(self.path, read_only)
        return OpenedStore(self.path, store, lock, reason, shared=False)

    def create(self, archives: Sequence[str], created_ns: int) -> OpenedStore:
        """Write a new session file listing ``archives`` and open it for writing."""
        session_sqlite.create_file(self.path, [os.path.abspath(a) for a in archives], created_ns)
        return self.open(read_only=False)


class SessionDatabase:
    """A session in a PostgreSQL database (:mod:`eqviewer.review.backend_postgres`) that a team writes at once."""

    def __init__(self, url: str):
        self.url = url

    def exists(self) -> bool:
        """Whether the database holds a session (False also when it cannot be reached)."""
        return backend_postgres.exists(self.url)

    def open(self, read_only: bool) -> OpenedStore:
        """Connect to the session; ``read_only`` refuses writes."""
        store = backend_postgres.connect(self.url, create=False, read_only=read_only)
        return self._opened(store, session_sqlite.ON_REQUEST if read_only else None)

    def create(self, archives: Sequence[str], created_ns: int) -> OpenedStore:
        """Make the session's tables in the (empty) database and list ``archives``."""
        opened = self._opened(backend_postgres.connect(self.url, create=True, created_ns=created_ns), None)
        try:
            for archive in archives:
                list_archive(opened.store, archive, created_ns)
        except BaseException:
            opened.store.close()
            raise
        return opened

    def _opened(self, store: Store, reason: str | None) -> OpenedStore:
        return OpenedStore(backend_postgres.redacted(self.url), store, None, reason, shared=True)


def locate(path: str | os.PathLike) -> SessionFile | SessionDatabase:
    """Where the session ``path`` names lives (it need not exist yet)."""
    path = os.fspath(path)
    return SessionDatabase(path) if is_database_url(path) else SessionFile(path)


__all__ = ["SESSION_SUFFIX", "SessionDatabase", "SessionFile", "is_database_url", "is_session_path",
           "locate"]
