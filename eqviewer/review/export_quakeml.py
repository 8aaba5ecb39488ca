"""QuakeML export through ObsPy's event classes.

When the session holds located events (``eqviewer associate``), each becomes an Event with its Origin (time,
epicentre, depth and its type, their errors, RMS, azimuthal gap, phase and station counts used and associated)
and an Arrival per exported current pick (pick reference, phase, residual, distance, azimuth, weight: 0 for an
arrival excluded from the location); a corrected pick stands in the arrival of the pick it corrects, rejected picks
name no arrival. An origin is "reviewed" (manual) once every pick of its event was reviewed, else "preliminary";
the event has the type the analyst gave (else earthquake). Reviewed picks no event explains are grouped by time
(:func:`eqviewer.review.association.group_events`) into events without origin; automatic picks no event explains
are left out (association found nothing across the network for them: likely noise). A session never associated
groups all its picks by time. Picks name the real channel (from the station metadata) where it is known. An
event with a local magnitude carries it, its amplitudes and station magnitudes (:mod:`.export_magnitudes`).
"""

from __future__ import annotations

from dataclasses import replace
from math import cos, radians

from obspy.core.event import Arrival as ObsPyArrival, Catalog, Comment, CreationInfo, Event
from obspy.core.event import Origin as ObsPyOrigin, OriginQuality, OriginUncertainty, Pick as ObsPyPick
from obspy.core.event import QuantityError, ResourceIdentifier, WaveformStreamID
from obspy.geodetics import kilometer2degrees

from eqviewer.io import QUAKEML_ID_PREFIX, StationCoordinates, quakeml_id, station_key, write_quakeml
from eqviewer.labels import REVIEWED_STATUSES, Pick
from eqviewer.origins import Origin
from eqviewer.review.association import group_events
from eqviewer.review.export_magnitudes import add_magnitude
from eqviewer.atomic_files import atomic_output
from eqviewer.review.selection import picks_with_status, split_station_id

# status -> (QuakeML evaluation_mode, evaluation_status)
EVALUATION = {
    "automatic": ("automatic", "preliminary"),
    "accepted": ("automatic", "confirmed"),
    "corrected": ("manual", "reviewed"),
    "manual": ("manual", "reviewed"),
    "rejected": ("automatic", "rejected"),
}
# whether every pick of a located event was reviewed -> its origin's (evaluation_mode, evaluation_status)
ORIGIN_EVALUATION = {False: ("automatic", "preliminary"), True: ("manual", "reviewed")}
DEFAULT_EVENT_TYPE = "earthquake"
"""The QuakeML type of an event the analyst gave none."""
PHASE_COMPONENTS = {"P": "Z3", "S": "NE12"}
"""Components a phase is picked on, in order of preference: P on the vertical, S on a horizontal (eqviewer reads
both horizontals; QuakeML wants one real channel code, not a wildcard)."""


def pick_uri(pick_id: int) -> str:
    """The resource identifier of one of our picks."""
    return quakeml_id("pick", pick_id)


def channel_code(pick: Pick, station: StationCoordinates | None) -> str | None:
    """The channel the pick was made on: the station's channel of the pick's band on the phase's component, or,
    when the station metadata does not list it, the band with the phase's first component ("BHZ" for P, "BHN" for
    S)."""
    band = split_station_id(pick.station_id)[3]
    channels = [c for c in (station.channels if station else ()) if c[:-1] == band[:2]]
    for component in PHASE_COMPONENTS.get(pick.phase[:1], ""):
        for code in channels:
            if code[-1] == component:
                return code
    return band[:2] + PHASE_COMPONENTS.get(pick.phase[:1].upper(), "Z")[0] if band else None


def obspy_pick(pick: Pick, original: Pick | None = None, station: StationCoordinates | None = None) -> ObsPyPick:
    """An ObsPy Pick for one of ours; ``original`` is the automatic pick a corrected one replaced."""
    network, code, location, _ = split_station_id(pick.station_id)
    mode, status = EVALUATION[pick.status]
    comments = [Comment(text=f"eqviewer status: {pick.status}; record {pick.record}")]
    if original is not None:
        comments.append(Comment(
            text=f"corrected from automatic pick {pick_uri(original.id)} at {original.time}"
                 + (f" by {original.model}" if original.model else "")))
    return ObsPyPick(
        resource_id=ResourceIdentifier(pick_uri(pick.id)),
        time=pick.time,
        time_errors=QuantityError(uncertainty=pick.uncertainty_s),
        waveform_id=WaveformStreamID(network_code=network, station_code=code, location_code=location,
                                     channel_code=channel_code(pick, station)),
        method_id=ResourceIdentifier(quakeml_id("model", pick.model)) if pick.model else None,
        phase_hint=pick.phase,
        onset=pick.onset,
        polarity=pick.polarity,
        evaluation_mode=mode,
        evaluation_status=status,
        creation_info=CreationInfo(author=pick.author, creation_time=pick.created),
        comments=comments,
    )


def obspy_origin(origin: Origin, exported: dict[int, Pick], reviewed: bool = False) -> ObsPyOrigin:
    """An ObsPy Origin for a located event, with Arrivals for the exported picks it explains (their weight 0 where
    the analyst excluded them from the location); ``reviewed``: every pick of the event was reviewed."""
    def degrees(km: float | None, scale: float = 1.0) -> QuantityError:
        return QuantityError(uncertainty=None if km is None else kilometer2degrees(km) * scale)

    arrivals = [a for a in origin.arrivals if a.pick_id in exported]
    used = [a for a in arrivals if a in origin.used_arrivals]
    stations = {station_key(exported[a.pick_id].station_id) for a in arrivals}
    used_stations = {station_key(exported[a.pick_id].station_id) for a in used}
    residuals = [a.residual_s for a in used if a.residual_s is not None]
    mode, status = ("manual", "final") if origin.committed else ORIGIN_EVALUATION[reviewed]
    return ObsPyOrigin(
        resource_id=ResourceIdentifier(quakeml_id("origin", origin.id)),
        time=origin.time, time_errors=QuantityError(uncertainty=origin.time_error_s),
        latitude=origin.latitude, latitude_errors=degrees(origin.horizontal_error_km),
        longitude=origin.longitude,
        longitude_errors=degrees(origin.horizontal_error_km, 1 / max(cos(radians(origin.latitude)), 1e-3)),
        depth=origin.depth_km * 1000.0,
        depth_errors=QuantityError(uncertainty=None if origin.depth_error_km is None else origin.depth_error_km * 1000),
        origin_uncertainty=OriginUncertainty(
            horizontal_uncertainty=None if origin.horizontal_error_km is None else origin.horizontal_error_km * 1000,
            preferred_description="horizontal uncertainty"),
        depth_type="operator assigned" if origin.depth_fixed else "from location",
        quality=OriginQuality(associated_phase_count=len(arrivals), used_phase_count=len(used),
                              associated_station_count=len(stations), used_station_count=len(used_stations),
                              azimuthal_gap=origin.azimuthal_gap_deg,
                              standard_error=(sum(r * r for r in residuals) / len(residuals)) ** 0.5
                              if residuals else origin.rms_s),
        method_id=ResourceIdentifier(quakeml_id("method", origin.method)),
        earth_model_id=ResourceIdentifier(quakeml_id("earth_model", origin.velocity_model)),
        evaluation_mode=mode, evaluation_status=status,
        creation_info=CreationInfo(author=origin.author),
        arrivals=[ObsPyArrival(pick_id=ResourceIdentifier(pick_uri(a.pick_id)), phase=a.phase,
                               time_residual=a.residual_s, time_weight=a.weight if a in used else 0.0,
                               distance=None if a.distance_km is None else kilometer2degrees(a.distance_km),
                               azimuth=a.azimuth_deg) for a in arrivals],
    )


def current_arrivals(session, origin: Origin) -> tuple[Origin, list[Pick]]:
    """The event with arrivals naming its current picks (a corrected pick in place of the one it corrects, picks
    no longer current and rejected ones left out), and every current pick of the event (rejected ones too)."""
    pairs = session.event_picks(origin.id)
    arrivals = tuple(replace(a, pick_id=p.id) for a, p in pairs if p.status != "rejected")
    return replace(origin, arrivals=arrivals), [p for _, p in pairs]


def build_catalog(session, statuses: tuple[str, ...]) -> Catalog:
    """A Catalog of the session's located events and, for picks none of them explains, events inferred by time."""
    catalog = Catalog(resource_id=ResourceIdentifier(f"{QUAKEML_ID_PREFIX}/catalog"),
                      description="eqviewer review export")
    picks = picks_with_status(session, statuses)
    exported = {p.id: p for p in picks}
    stations = session.stations()
    origins = session.events()
    explained: set[int] = set()

    def add_picks(event: Event, members: list[Pick]) -> None:
        for pick in members:
            original = session.pick(pick.origin_id) if pick.origin_id is not None else None
            event.picks.append(obspy_pick(pick, original, stations.get(station_key(pick.station_id))))

    for stored in origins:
        origin, current = current_arrivals(session, stored)
        members = sorted((exported[p.id] for p in current if p.id in exported), key=lambda p: (p.time.ns, p.station_id))
        if not members:
            continue
        explained.update(p.id for p in members)
        located = obspy_origin(origin, exported, all(p.status != "automatic" for p in current))
        event = Event(resource_id=ResourceIdentifier(quakeml_id("event", origin.id)),
                      event_type=origin.event_type or DEFAULT_EVENT_TYPE, origins=[located],
                      preferred_origin_id=located.resource_id)
        add_picks(event, members)
        add_magnitude(event, session, origin.id, located.resource_id)
        catalog.append(event)
    rest = [p for p in picks if p.id not in explained and (not origins or p.status in REVIEWED_STATUSES)]
    for members in group_events(rest):
        records = sorted({p.record for p in members})
        event = Event(resource_id=ResourceIdentifier(quakeml_id("event", f"pick-{members[0].id}")),
                      event_type=DEFAULT_EVENT_TYPE, comments=[Comment(text="records " + " ".join(records))])
        add_picks(event, members)
        catalog.append(event)
    catalog.events.sort(key=lambda e: min(p.time for p in e.picks))
    return catalog


def export(session, out_path, statuses: tuple[str, ...]) -> int:
    """Write the picks as QuakeML (text made XML-safe: :mod:`eqviewer.io.text_fields`); the number of picks."""
    catalog = build_catalog(session, statuses)
    with atomic_output(out_path) as tmp:
        write_quakeml(catalog, tmp)
    return sum(len(event.picks) for event in catalog)
