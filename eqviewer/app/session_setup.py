"""Filling a review session: a new session listing its archives with the stations of its inventories, and the
labels the archives already hold imported as manual labels (``eqviewer session new|import-labels``)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from eqviewer.app.association import read_station_metadata, store_station_metadata
from eqviewer.app.sessions import SessionPolicy, open_session
from eqviewer.io import StationChange
from eqviewer.review import ImportSummary, import_archive_labels

__all__ = ["ImportSummary", "NewSession", "import_archive_labels", "new_session"]


@dataclass(frozen=True)
class NewSession:
    """What :func:`new_session` made: the archives the session lists, the stations it knows coordinates of, and
    the stations an inventory moved from where an archive's metadata put them."""

    archives: int
    stations: int
    changes: list[StationChange]


def new_session(path: str, archives: Iterable[str | os.PathLike], inventories: Iterable[str] = (),
                author: str | None = None) -> NewSession:
    """Create the session at ``path`` reviewing ``archives`` and store the stations of the archives' own metadata
    and of ``inventories`` (which win where they differ). All station metadata is read and checked before the file
    is made, so a bad input leaves no session.

    ``author`` names the analyst in the edit history (default: the login name). SessionError when ``path``
    exists or an archive is missing; EqviewerError naming an unreadable inventory or a bad station.
    """
    archives = [os.fspath(a) for a in archives]
    stations = read_station_metadata(archives, inventories)
    with open_session(path, SessionPolicy.CREATE, archives, author=author) as session:
        update = store_station_metadata(session, stations)
        return NewSession(len(session.archives()), update.stations, update.changes)
