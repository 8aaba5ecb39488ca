"""Associate a review session's picks into events and store them in it: the one workflow the `associate`
command, `detect --associate` and the review window's re-associate key share."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from eqviewer.associate.associator import AssociationResult, associate_picks
from eqviewer.associate.locate import ASSOCIATED_STATUSES
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity import VelocityModel, parse_velocity_model
from eqviewer.associate.velocity_fit import ModelFit
from eqviewer.errors import SessionError
from eqviewer.io import StationChange, StationCoordinates, coordinates_from_dataset, read_inventory
from eqviewer.labels import Pick
from eqviewer.origins import Origin



@dataclass(frozen=True)
class AssociationSummary:
    """What an association run did: events made, picks used and explained (``picks - associated`` are likely
    noise), the picks left out because their stations have no coordinates, those stations, and the ids of the
    stored events (in the result's order)."""

    events: int
    picks: int
    associated: int
    stations_without_coordinates: list[str]
    picks_without_coordinates: int = 0
    event_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class StationUpdate:
    """What storing station metadata did: how many stations the session knows, and every station whose stored
    coordinates changed (old, new, and the source of each)."""

    stations: int
    changes: list[StationChange]


# The stations of one input and its source (the absolute path of the inventory or archive).
StationInput = tuple[list[StationCoordinates], str]


def read_station_metadata(archives: Iterable[str | os.PathLike], inventories: Iterable[str | os.PathLike] = ()
                          ) -> list[StationInput]:
    """The stations the metadata of dataset ``archives`` lists, then those of ``inventories`` (StationXML or any
    ObsPy-readable file or folder), each with its source; all read and checked, nothing stored. ArchiveError
    naming the file and station when an input is unreadable or holds a bad or conflicting station."""
    inputs = []
    for archive in map(os.path.abspath, archives):
        found = coordinates_from_dataset(archive) if os.path.exists(archive) else []
        if found:
            inputs.append((found, archive))
    return inputs + [(read_inventory(inventory), os.path.abspath(inventory)) for inventory in inventories]


def store_station_metadata(session, inputs: Iterable[StationInput]) -> StationUpdate:
    """Store read station metadata in the session, in order; the session keeps what the analyst gave over what an
    archive says (see :meth:`SessionNetwork.set_stations`). What changed."""
    changes = [change for stations, source in inputs for change in session.set_stations(stations, source)]
    return StationUpdate(len(session.stations()), changes)


def add_station_metadata(session, inventories: Iterable[str | os.PathLike] = ()) -> StationUpdate:
    """Store the stations the session's dataset archives list in their metadata and those of ``inventories``,
    all read and checked before anything is stored (a refused input stores nothing); what changed."""
    return store_station_metadata(session, read_station_metadata([a.path for a in session.archives()],
                                                                 inventories))


def association_inputs(session) -> tuple[list[Pick], dict[str, StationCoordinates]]:
    """The session's current P and S picks that association uses (not rejected ones) and its stations;
    SessionError when it knows no station coordinates."""
    stations = session.stations()
    if not stations:
        raise SessionError(session.path, "no station coordinates: add them with --inventory STATIONS.xml")
    picks = [p for p in session.picks() if p.status in ASSOCIATED_STATUSES and p.phase[:1] in ("P", "S")]
    return picks, stations


def store_events(session, result: AssociationResult, keep: Iterable[int] = ()) -> AssociationSummary:
    """Replace the session's events, except those in ``keep``, by the result's (one undoable edit; an event with
    the same picks as a current one keeps its id); what was done."""
    ids = session.replace_events(result.origins, keep=keep)
    return AssociationSummary(len(result.origins), result.n_picks, sum(o.n_picks for o in result.origins),
                              result.stations_without_coordinates, len(session.picks_without_coordinates()),
                              tuple(ids))


def associate_session(session, model: VelocityModel, settings: AssociationSettings = AssociationSettings(),
                      progress: Callable[[int, int], None] | None = None,
                      cancel: Callable[[], bool] | None = None) -> AssociationSummary:
    """Associate the session's current P and S picks (not rejected ones) and replace its events, one undoable
    edit. SessionError when the session knows no station coordinates."""
    picks, stations = association_inputs(session)
    return store_events(session, associate_picks(picks, stations, session_model(session, model), settings,
                                                 progress=progress, cancel=cancel))


def session_model(session, model: VelocityModel) -> VelocityModel:
    """``model`` with the vp/vs and station delays fitted to the session's events (``eqviewer locate
    --fit-model``), or as it is when none were fitted: the model every location in the session uses."""
    fit = ModelFit.from_values(session.model_fit())
    return model if fit is None else fit.model(model)


def relocation_inputs(session, event_id: int) -> tuple[Origin, list[tuple[Pick, bool]], VelocityModel]:
    """What relocating one event needs: the event, the current P and S picks of its arrivals (a corrected pick in
    place of the one it corrects), each with whether the analyst lets the location use it, and the velocity model
    the event was located with, with the session's fitted vp/vs and station delays (:func:`session_model`).
    SessionError when the session has no such event; EqviewerError when its model can no longer be read."""
    origin = session.event(event_id)
    if origin is None:
        raise SessionError(session.path, f"no event {event_id} (it may have been deleted or re-associated)")
    picks = [(pick, arrival.used) for arrival, pick in session.event_picks(event_id)
             if pick.phase[:1] in ("P", "S")]
    return origin, picks, session_model(session, parse_velocity_model(origin.velocity_model))
