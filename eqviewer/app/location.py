"""Relocating reviewed events from their current picks: the one workflow `eqviewer locate` and the Event tab's
relocation after each edit share.

An event is located anew from where it is, on the current picks of its arrivals (a corrected pick in place of the
pick it corrects, rejected picks left out, arrivals the analyst excluded not used), with the velocity model it was
located with; it keeps its id, and the new location replaces the old one in place (undoable). Its local magnitude
follows from the stored amplitudes at their new distances (no waveform is read). A depth held fixed
(``fixed_depth_km``, or an event located with a fixed depth before) has no error and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from eqviewer.associate import AssociationSettings, VelocityModel, relocate, relocation_inputs, update_magnitude
from eqviewer.errors import EqviewerError
from eqviewer.io import StationCoordinates, station_key
from eqviewer.labels import Pick
from eqviewer.origins import Origin

__all__ = ["Relocation", "depth_error_text", "location_text", "needs_relocation", "prepare_relocation",
           "relocate_all", "relocate_event", "store_relocation"]

RESIDUAL_TOLERANCE_S = 1e-3
"""How far a stored residual may differ from the one its pick's time gives before the event is out of date."""
FIXED_DEPTH_TEXT = "fixed"
"""What a depth error reads when the depth was held."""


@dataclass(frozen=True)
class Relocation:
    """One event's relocation, read in the session's thread (:func:`prepare_relocation`), run anywhere
    (:meth:`locate`, or :meth:`job` in the window's runner) and stored back with :func:`store_relocation`.
    ``follows`` is the newest edit when it was read: the relocation joins it when it is still the newest."""

    origin: Origin
    picks: list[tuple[Pick, bool]]
    stations: dict[str, StationCoordinates]
    model: VelocityModel
    fixed_depth_km: float | None
    follows: int | None
    settings: AssociationSettings = AssociationSettings()

    def locate(self) -> Origin:
        """The event located anew (EqviewerError when too few used picks are left)."""
        return relocate(self.origin, self.picks, self.stations, self.model, self.settings.pick_error_s,
                        self.settings.max_depth_km, self.fixed_depth_km)

    def job(self, progress: Callable[[int, int, str], None], cancel: Callable[[], bool],
            emit: Callable[[Origin], None]) -> None:
        """The background job (:mod:`eqviewer.app.runs` convention): locate and emit the origin."""
        emit(self.locate())


def prepare_relocation(session, event_id: int, fixed_depth_km: float | None = None) -> Relocation:
    """What relocating ``event_id`` needs, read from the session now; without ``fixed_depth_km`` an event whose
    depth was held keeps it held. SessionError when there is no such event."""
    origin, picks, model = relocation_inputs(session, event_id)
    if fixed_depth_km is None and origin.depth_fixed:
        fixed_depth_km = origin.depth_km
    return Relocation(origin, picks, session.stations(), model, fixed_depth_km, session.newest_edit())


def needs_relocation(session, event_id: int) -> bool:
    """Whether the stored location of an event no longer matches its current picks: a pick was corrected, moved,
    rejected or accepted back, or an arrival excluded or used again since it was located (undo, which takes the
    location back with the edit, leaves it matching)."""
    origin, picks, model = relocation_inputs(session, event_id)
    arrivals = {a.pick_id: a for a in origin.arrivals}
    stations = session.stations()
    for pick, used in picks:
        arrival = arrivals.get(pick.id)
        if arrival is None or arrival.distance_km is None:
            return True  # corrected since (the arrival still names the pick it corrects), or joined since
        weighted = arrival.weight is None or arrival.weight > 0  # no weight: as association located it, used
        if weighted != (used and pick.status != "rejected"):
            return True
        station = stations.get(station_key(pick.station_id))
        if station is not None and arrival.distance_km is not None and arrival.residual_s is not None:
            predicted = float(model.travel_time(arrival.distance_km, origin.depth_km, pick.phase[:1],
                                                station.elevation_m)) + model.delay(station.key, pick.phase)
            if abs(pick.time - origin.time - predicted - arrival.residual_s) > RESIDUAL_TOLERANCE_S:
                return True
    return False


def store_relocation(session, plan: Relocation, origin: Origin) -> None:
    """Store a relocation in place of the event's location (joining the edit it follows when that is still the
    newest one), and its magnitude from its amplitudes' new distances."""
    session.update_event(origin, plan.follows)
    update_magnitude(session, origin)


def relocate_event(session, event_id: int, fixed_depth_km: float | None = None) -> Origin:
    """Relocate one event of the writable ``session`` and store it (one undoable edit) with its magnitude from
    its amplitudes' new distances; the new origin. EqviewerError when there is no such event or too few used picks
    are left."""
    plan = prepare_relocation(session, event_id, fixed_depth_km)
    origin = plan.locate()
    session.update_event(origin)
    update_magnitude(session, origin)
    return origin


def relocate_all(session, fixed_depth_km: float | None = None) -> tuple[list[Origin], list[str]]:
    """Relocate every event of the session (each its own edit); the new origins, and why the others could not
    be relocated."""
    origins, problems = [], []
    for event in session.events():
        try:
            origins.append(relocate_event(session, event.id, fixed_depth_km))
        except EqviewerError as exc:
            problems.append(str(exc))
    return origins, problems


def depth_error_text(origin: Origin) -> str:
    """The depth error as shown: "±1.2 km", "±? km" when the picks do not constrain it, "fixed" when held."""
    if origin.depth_fixed:
        return FIXED_DEPTH_TEXT
    return "±? km" if origin.depth_error_km is None else f"±{origin.depth_error_km:.1f} km"


def location_text(origin: Origin) -> str:
    """One line for an event: id, time, epicentre, depth with its error, RMS, horizontal and time errors, gap and
    the used picks."""
    def value(number: float | None, spec: str) -> str:
        return "?" if number is None else format(number, spec)

    return (f"event {origin.id}: {origin.time.isoformat()} lat {origin.latitude:.4f} lon {origin.longitude:.4f}"
            f" depth {origin.depth_km:.1f} km {depth_error_text(origin)}, rms {value(origin.rms_s, '.3f')} s,"
            f" errors ±{value(origin.horizontal_error_km, '.1f')} km ±{value(origin.time_error_s, '.2f')} s,"
            f" gap {value(origin.azimuthal_gap_deg, '.0f')}°, {len(origin.used_arrivals)} of {origin.n_picks} picks")
