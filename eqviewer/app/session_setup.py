"""Filling a review session: a new session listing its archives with the stations of its inventories, and the
labels the archives already hold imported as manual labels (``eqviewer session new|import-labels``)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from eqviewer.app.association import add_station_metadata
from eqviewer.app.sessions import SessionPolicy, open_session
from eqviewer.io.inventory import read_inventory
from eqviewer.review.import_labels import ImportSummary, import_archive_labels

__all__ = ["ImportSummary", "NewSession", "import_archive_labels", "new_session"]


@dataclass(frozen=True)
class NewSession:
    """What :func:`new_session` made: the archives the session lists and the stations it knows coordinates of."""

    archives: int
    stations: int


def new_session(path: str, archives: Iterable[str | os.PathLike], inventories: Iterable[str] = (),
                author: str | None = None) -> NewSession:
    """Create the session at ``path`` reviewing ``archives`` and store the stations of ``inventories`` and of the
    archives' own metadata. The inventories are read before the file is made, so a bad one leaves no session.

    ``author`` names the analyst in the edit history (default: the login name). SessionError when ``path``
    exists or an archive is missing; EqviewerError naming an unreadable inventory.
    """
    inventories = list(inventories)
    for inventory in inventories:
        read_inventory(inventory)
    with open_session(path, SessionPolicy.CREATE, [os.fspath(a) for a in archives], author=author) as session:
        stations = add_station_metadata(session, inventories)
        return NewSession(len(session.archives()), stations)
