"""What every part of a :class:`~eqviewer.review.session.Session` shares: the open store (as the opener hands it
over, an :class:`OpenedStore`), who edits, whether the handle may write, closing, and the journal every undoable
edit goes through.

Each part of a session (archives, labels, edits, bulk results, curves, network, history: see
:mod:`eqviewer.review.session`) is a subclass of :class:`SessionBase`, and ``Session`` combines them; the helpers
below convert times and describe row changes for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from obspy import UTCDateTime

from eqviewer.errors import SessionError
from eqviewer.review.lock import SessionLock
from eqviewer.review.store import Change, Store

ACTIVATE = ({"active": 0}, {"active": 1})
"""(old, new) of a change that makes rows current."""
DEACTIVATE = ({"active": 1}, {"active": 0})
"""(old, new) of a change that retires rows (they are kept, inactive)."""


def now_ns() -> int:
    """The time now, in nanoseconds since 1970 (as the store keeps times)."""
    return UTCDateTime().ns


def to_ns(time: UTCDateTime | None) -> int | None:
    """A time as the store keeps it (None stays None)."""
    if time is None:
        return None
    return time.ns if isinstance(time, UTCDateTime) else UTCDateTime(time).ns


def from_ns(ns: int | None) -> UTCDateTime | None:
    """A time the store kept (None stays None)."""
    return None if ns is None else UTCDateTime(ns=int(ns))


def id_ranges(ids: list[int]) -> list[tuple[int, int]]:
    """Sorted ids as (first, last) runs of consecutive ids."""
    ranges: list[tuple[int, int]] = []
    for row_id in ids:
        if ranges and row_id == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], row_id)
        else:
            ranges.append((row_id, row_id))
    return ranges


@dataclass(frozen=True)
class OpenedStore:
    """A session as opened: the name it goes by (a URL without its password), its store, the write lock of a
    session file (None when read-only, or for a database), why it is read-only (None when it may write), and
    whether several analysts write it at once (a database)."""

    label: str
    store: Store
    lock: SessionLock | None
    read_only_reason: str | None
    shared: bool


class SessionBase:
    """An open session's state; :meth:`close` (or ``with``) when done."""

    def __init__(self, opened: OpenedStore, author: str | None):
        self.path = opened.label
        self.author = author
        self.read_only_reason = opened.read_only_reason
        self.shared = opened.shared  # a PostgreSQL session several analysts edit at once (undo acts on one's own edits)
        self._undo_author = author if opened.shared else None
        self._store = opened.store
        self._lock = opened.lock
        self._closed = False

    @property
    def read_only(self) -> bool:
        """True when this handle may not edit (another process writes, or read-only was asked for)."""
        return self.read_only_reason is not None

    def close(self) -> None:
        """Close the file and give the write lock back (closing twice does nothing)."""
        if self._closed:
            return
        self._closed = True
        self._store.close(leave_wal=not self.read_only)
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def integrity_errors(self) -> list[str]:
        """What SQLite's integrity check finds wrong with the file (empty when sound)."""
        return self._store.integrity_errors()

    def _writable(self) -> Store:
        """The store, or SessionError when this handle may not edit."""
        if self.read_only:
            raise SessionError(self.path, f"cannot edit: {self.read_only_reason}")
        return self._store

    def _edit(self, kind: str, changes: list[Change]) -> None:
        """Apply ``changes`` and journal them as one undoable edit (inside the caller's transaction)."""
        store = self._store
        for change in changes:
            store.apply_change(change, change.new)
        store.journal(kind, self.author, now_ns(), changes, own_history=self.shared)
