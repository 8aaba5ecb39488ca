"""Associating a session's picks into located events and storing the stations association needs: the one
workflow ``eqviewer associate``, ``detect --associate``, ``session new --inventory``, ``open --inventory`` and the
window's re-associate key share.

Events replace the session's earlier ones as one undoable edit; picks no event explains count as unassociated.
Station coordinates come from inventories (StationXML or any file or folder ObsPy reads), from inventories stored
in the session earlier, and from the metadata of the session's dataset archives; what the analyst gave wins over
what an archive says, and every change of a station's stored coordinates is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from eqviewer.app.magnitudes import EventMagnitude, compute_magnitudes, has_station_metadata
from eqviewer.associate import (AssociationResult, AssociationSettings, AssociationSummary, StationUpdate,
                                VelocityModel, add_station_metadata, associate_picks, associate_session,
                                association_inputs, event_model, parse_velocity_model, read_station_metadata,
                                store_events, store_station_metadata)
from eqviewer.errors import EqviewerError
from eqviewer.io import StationCoordinates
from eqviewer.labels import Pick

__all__ = ["DEFAULT_VELOCITY_MODEL", "AssociationReport", "AssociationRequest", "AssociationSettings",
           "AssociationSummary", "Reassociation", "StationUpdate", "add_station_metadata",
           "associate_and_store", "association_settings", "prepare_reassociation", "read_station_metadata",
           "store_events", "store_station_metadata"]

# Homogeneous velocities (km/s) used where the user names no model and the session's events carry none.
DEFAULT_VELOCITY_MODEL = "vp=6.0,vs=3.5"


@dataclass(frozen=True)
class AssociationRequest:
    """What the user asks to associate with: ``velocity_model`` ("vp=X,vs=Y" in km/s, or a file of
    "depth vp vs" layers), ``settings`` (changes to the :class:`AssociationSettings` defaults, field -> value), and
    ``inventories`` whose stations are stored in the session first."""

    velocity_model: str = DEFAULT_VELOCITY_MODEL
    settings: Mapping[str, float] = field(default_factory=dict)
    inventories: tuple[str, ...] = ()


@dataclass(frozen=True)
class AssociationReport:
    """What :func:`associate_and_store` did: the events stored (``summary``), the stations the session knows
    coordinates of and the changes of their stored coordinates (``stations``), the velocity model's name, and the
    local magnitudes of the events (``magnitudes``: empty when no station came from station metadata)."""

    summary: AssociationSummary
    stations: StationUpdate
    model: str
    magnitudes: list[EventMagnitude] = field(default_factory=list)


def association_settings(changes: Mapping[str, float]) -> AssociationSettings:
    """The default settings with ``changes`` applied; EqviewerError saying which value is out of range."""
    try:
        return AssociationSettings(**changes)
    except ValueError as exc:
        raise EqviewerError(None, str(exc)) from None


def associate_and_store(session, request: AssociationRequest, progress: Callable[[int, int], None] | None = None,
                        cancel: Callable[[], bool] | None = None) -> AssociationReport:
    """Store the request's inventories in the writable ``session``, associate its current P and S picks (not the
    rejected ones) and replace its events (one undoable edit); ``progress(done, total)`` per time chunk. When
    stations came from station metadata (their responses may be known), the events' local magnitudes follow.

    The velocity model, the settings and the station metadata are checked before anything is stored. EqviewerError
    for a bad model, setting or inventory, and when the session knows no station coordinates.
    """
    model = parse_velocity_model(request.velocity_model)
    settings = association_settings(request.settings)
    stations = add_station_metadata(session, request.inventories)
    summary = associate_session(session, model, settings, progress=progress, cancel=cancel)
    magnitudes = compute_magnitudes(session) if summary.events and has_station_metadata(session) else []
    return AssociationReport(summary, stations, model.name, magnitudes)


@dataclass(frozen=True)
class Reassociation:
    """A re-association of a session's picks with the velocity model of its events, read in the session's thread
    (:func:`prepare_reassociation`), run anywhere (:meth:`job`) and stored back in the session's thread with
    :func:`store_events`."""

    picks: list[Pick]
    stations: dict[str, StationCoordinates]
    model: VelocityModel
    settings: AssociationSettings = AssociationSettings()

    def job(self, progress: Callable[[int, int, str], None], cancel: Callable[[], bool],
            emit: Callable[[AssociationResult], None]) -> None:
        """The background job (:mod:`eqviewer.app.runs` convention): associate and emit the result."""
        emit(associate_picks(self.picks, self.stations, self.model, self.settings,
                             progress=lambda done, total: progress(done, total, "associating"), cancel=cancel))


def prepare_reassociation(session) -> Reassociation:
    """The session's current P and S picks and stations, with the velocity model its current events were located
    with (else :data:`DEFAULT_VELOCITY_MODEL`); SessionError when it knows no station coordinates."""
    picks, stations = association_inputs(session)
    events = session.events()
    model = (event_model(events[0]) if events else None) or parse_velocity_model(DEFAULT_VELOCITY_MODEL)
    return Reassociation(picks, stations, model)

