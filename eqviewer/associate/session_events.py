"""Associate a review session's picks into events and store them in it: the one workflow the `associate`
command, `detect --associate` and the review window's re-associate key share."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from eqviewer.associate.associator import AssociationResult, associate_picks
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity import VelocityModel
from eqviewer.errors import SessionError
from eqviewer.io.inventory import StationCoordinates, coordinates_from_dataset, read_inventory
from eqviewer.labels import Pick

# Statuses of picks association uses: every current pick except those an analyst rejected.
ASSOCIATED_STATUSES = ("automatic", "accepted", "corrected", "manual")


@dataclass(frozen=True)
class AssociationSummary:
    """What an association run did: events made, picks used and explained, stations lacking coordinates."""

    events: int
    picks: int
    associated: int
    stations_without_coordinates: list[str]


def add_station_metadata(session, inventories: Iterable[str | os.PathLike] = ()) -> int:
    """Store the stations of ``inventories`` (StationXML or any ObsPy-readable file or folder) and those the
    session's dataset archives list in their metadata; how many stations the session now knows."""
    for archive in session.archives():
        found = coordinates_from_dataset(archive.path) if os.path.exists(archive.path) else []
        if found:
            session.set_stations(found, source=archive.path)
    for inventory in inventories:
        session.set_stations(read_inventory(inventory), source=os.path.abspath(os.fspath(inventory)))
    return len(session.stations())


def association_inputs(session) -> tuple[list[Pick], dict[str, StationCoordinates]]:
    """The session's current P and S picks that association uses (not rejected ones) and its stations;
    SessionError when it knows no station coordinates."""
    stations = session.stations()
    if not stations:
        raise SessionError(session.path, "no station coordinates: add them with --inventory STATIONS.xml")
    picks = [p for p in session.picks() if p.status in ASSOCIATED_STATUSES and p.phase[:1] in ("P", "S")]
    return picks, stations


def store_events(session, result: AssociationResult) -> AssociationSummary:
    """Replace the session's events by the result's (one undoable edit); what was done."""
    session.replace_events(result.origins)
    return AssociationSummary(len(result.origins), result.n_picks, sum(o.n_picks for o in result.origins),
                              result.stations_without_coordinates)


def associate_session(session, model: VelocityModel, settings: AssociationSettings = AssociationSettings(),
                      progress: Callable[[int, int], None] | None = None,
                      cancel: Callable[[], bool] | None = None) -> AssociationSummary:
    """Associate the session's current P and S picks (not rejected ones) and replace its events, one undoable
    edit. SessionError when the session knows no station coordinates."""
    picks, stations = association_inputs(session)
    return store_events(session, associate_picks(picks, stations, model, settings, progress=progress, cancel=cancel))
