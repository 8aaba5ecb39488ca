"""Associating a session's picks into located events and storing the stations association needs: the one
workflow ``eqviewer associate``, ``detect --associate``, ``session new --inventory``, ``open --inventory`` and the
window's re-associate key share.

Events replace the session's earlier ones as one undoable edit, except committed events: they stay as they are and
their picks are not associated again; a new event with the same picks as an earlier one keeps its id (and type
and status). Picks no event explains count as unassociated.
Station coordinates come from inventories (StationXML or any file or folder ObsPy reads), from inventories stored
in the session earlier, and from the metadata of the session's dataset archives; what the analyst gave wins over
what an archive says, and every change of a station's stored coordinates is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from eqviewer.app.magnitudes import EventMagnitude, has_station_metadata, magnitude_settings
from eqviewer.associate import (AssociationResult, AssociationSettings, AssociationSummary, MagnitudeInputs,
                                MagnitudeSettings, StationUpdate, VelocityModel, add_station_metadata,
                                associate_picks, association_inputs, event_model, magnitude_inputs, measure_origins,
                                parse_velocity_model, read_station_metadata, session_model, store_events,
                                store_magnitudes, store_station_metadata)
from eqviewer.errors import EqviewerError
from eqviewer.io import StationCoordinates
from eqviewer.labels import Pick

__all__ = ["DEFAULT_VELOCITY_MODEL", "AssociationOutcome", "AssociationReport", "AssociationRequest",
           "AssociationSettings", "AssociationSummary", "Reassociation", "StationUpdate", "add_station_metadata",
           "associate_and_store", "association_settings", "prepare_reassociation", "read_station_metadata",
           "store_association", "store_events", "store_station_metadata"]

# Homogeneous velocities (km/s) used where the user names no model and the session's events carry none.
DEFAULT_VELOCITY_MODEL = "vp=6.0,vs=3.5"
ASSOCIATING = "associating"
MEASURING = "measuring magnitudes"


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
    plan = prepare_reassociation(session, model, settings)

    def report(done: int, total: int, stage: str) -> None:
        if progress is not None and stage == ASSOCIATING:
            progress(done, total)

    summary, magnitudes = store_association(session, plan.run(report, cancel))
    return AssociationReport(summary, stations, plan.model.name, magnitudes)


@dataclass(frozen=True)
class AssociationOutcome:
    """What a (re-)association found, nothing stored yet: the events (``result``) and, when magnitudes were tried,
    the local magnitude of each event, in the result's order."""

    result: AssociationResult
    magnitudes: list[EventMagnitude] = field(default_factory=list)
    keep: tuple[int, ...] = ()


@dataclass(frozen=True)
class Reassociation:
    """A (re-)association of a session's picks, read in the session's thread (:func:`prepare_reassociation`), run
    anywhere (:meth:`run`, or :meth:`job` in the window's runner) and stored back in the session's thread with
    :func:`store_association`. ``magnitudes``: what measuring the events' local magnitudes needs (None: no station
    came from station metadata, no magnitude is tried); ``keep``: the committed events, which stay (their picks are
    not among ``picks``)."""

    picks: list[Pick]
    stations: dict[str, StationCoordinates]
    model: VelocityModel
    settings: AssociationSettings = AssociationSettings()
    magnitudes: MagnitudeInputs | None = None
    magnitude_settings: MagnitudeSettings = MagnitudeSettings()
    keep: tuple[int, ...] = ()

    def run(self, progress: Callable[[int, int, str], None], cancel: Callable[[], bool] | None = None
            ) -> AssociationOutcome:
        """Associate, then measure the events' magnitudes (reading waveforms; nothing is stored);
        ``progress(done, total, stage)``."""
        result = associate_picks(self.picks, self.stations, self.model, self.settings,
                                 progress=lambda done, total: progress(done, total, ASSOCIATING), cancel=cancel)
        if self.magnitudes is None or not result.origins:
            return AssociationOutcome(result, keep=self.keep)
        measured = measure_origins(result.origins, self.magnitudes, self.magnitude_settings,
                                   progress=lambda done, total: progress(done, total, MEASURING), cancel=cancel)
        return AssociationOutcome(result, measured, self.keep)

    def job(self, progress: Callable[[int, int, str], None], cancel: Callable[[], bool],
            emit: Callable[[AssociationOutcome], None]) -> None:
        """The background job (:mod:`eqviewer.app.runs` convention): associate, measure and emit the outcome."""
        emit(self.run(progress, cancel))


def prepare_reassociation(session, model: VelocityModel | None = None,
                          settings: AssociationSettings = AssociationSettings()) -> Reassociation:
    """The session's current P and S picks (not those of committed events) and stations, with ``model`` (None: the velocity model its current
    events were located with, else :data:`DEFAULT_VELOCITY_MODEL`) given the vp/vs and station delays fitted to
    the session's events when it has them (``eqviewer locate --fit-model``), and what measuring magnitudes needs when a
    station came from station metadata; SessionError when it knows no station coordinates."""
    picks, stations = association_inputs(session)
    events = session.events()
    if model is None:
        model = (event_model(events[0]) if events else None) or parse_velocity_model(DEFAULT_VELOCITY_MODEL)
    committed = tuple(e.id for e in events if e.committed)
    taken = {pick.id for event_id in committed for _, pick in session.event_picks(event_id)}
    inputs = magnitude_inputs(session) if has_station_metadata(session) else None
    return Reassociation([p for p in picks if p.id not in taken], stations, session_model(session, model), settings,
                         inputs, magnitude_settings(), committed)


def store_association(session, outcome: AssociationOutcome) -> tuple[AssociationSummary, list[EventMagnitude]]:
    """Store the events in place of the session's except the committed ones (one undoable edit), then their
    magnitudes; what was stored."""
    summary = store_events(session, outcome.result, outcome.keep)
    return summary, store_magnitudes(session, outcome.magnitudes, summary.event_ids)
