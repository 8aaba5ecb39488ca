"""The archives a session lists, each with the size and header checksum it had when it was added."""

from __future__ import annotations

import os

from eqviewer.errors import SessionError
from eqviewer.io import is_utf8
from eqviewer.review.archives import ArchiveEntry, fingerprint, guess_format, is_changed
from eqviewer.review.session_base import SessionBase, now_ns
from eqviewer.review.store import Store


class SessionArchives(SessionBase):
    """Listing archives in a session, and finding which changed since."""

    def add_archive(self, path: str | os.PathLike) -> None:
        """List an archive with its size and header checksum (refreshing them when it is listed already)."""
        list_archive(self._writable(), path, now_ns())

    def archives(self) -> list[ArchiveEntry]:
        """The listed archives; ``changed`` says which are missing or differ from when they were added."""
        return [ArchiveEntry(p, s, c, f, is_changed(p, s, c)) for p, s, c, f in self._store.archives()]


def list_archive(store: Store, path: str | os.PathLike, added_ns: int) -> None:
    """List the archive at ``path`` (made absolute) in ``store``, in a transaction of its own; SessionError when
    it cannot be read or its name cannot be stored."""
    path = os.path.abspath(os.fspath(path))
    try:
        row = archive_row(path)
    except OSError as exc:
        raise SessionError(path, f"cannot read the archive: {exc.strerror}") from exc
    with store.transaction():
        store.add_archive(*row, added_ns)


def archive_row(path: str) -> tuple[str, int, str, str]:
    """(path, size, header checksum, format) of the archive at the absolute ``path``, as a session lists it;
    OSError when it cannot be read, SessionError when its name cannot be stored."""
    check_storable(path)
    size, checksum = fingerprint(path)
    return path, size, checksum, guess_format(path)


def check_storable(archive: str) -> None:
    """SessionError for an archive whose name is not UTF-8: a session stores names as text and reopens the archive
    by its name, which a name with undecodable bytes cannot round-trip through."""
    if not is_utf8(archive):
        raise SessionError(archive, "the file name is not valid UTF-8, so a session cannot record it; rename the file "
                                    "(e.g. with convmv) and try again")
