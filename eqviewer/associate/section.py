"""What the event view shows for one located event: every station with coordinates, sorted by epicentral
distance, with a slice of its waveforms around the event, its picks there, and the P and S times the origin and
its velocity model predict (so a missed arrival shows where no pick is)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from obspy import UTCDateTime

from eqviewer.associate.geometry import distances_azimuths
from eqviewer.associate.velocity import PHASES, VelocityModel, parse_velocity_model
from eqviewer.errors import EqviewerError
from eqviewer.io import SAMPLING_RATE, StationCoordinates, station_key
from eqviewer.labels import Pick
from eqviewer.origins import Origin

BEFORE_S = 5.0  # seconds shown before the origin time
AFTER_S_PAST_S = 15.0  # seconds shown after the latest predicted S


@dataclass
class SectionTrace:
    """One station of an event section. ``data`` is (3, n) Z, N, E from ``start`` at ``sampling_rate`` (None when
    no archive covers the event there); ``record`` the record id to open its 3-C view (None likewise), and
    ``station_id`` the station id its picks carry there (NET.STA.LOC.BAND; None likewise)."""

    station: StationCoordinates
    distance_km: float
    predicted: dict[str, UTCDateTime]
    picks: list[Pick] = field(default_factory=list)
    record: str | None = None
    start: UTCDateTime | None = None
    sampling_rate: float = SAMPLING_RATE
    data: np.ndarray | None = None
    station_id: str | None = None

    def missed(self, phase: str, tolerance_s: float = 1.5) -> bool:
        """Whether no pick of ``phase`` (other than a rejected one) lies within ``tolerance_s`` of its predicted
        time: the view draws the prediction then."""
        time = self.predicted.get(phase)
        return time is not None and not any(
            p.phase[:1] == phase and p.status != "rejected" and abs(p.time - time) <= tolerance_s for p in self.picks)


def event_model(origin: Origin) -> VelocityModel | None:
    """The velocity model an origin was located with (None when it can no longer be read)."""
    try:
        return parse_velocity_model(origin.velocity_model)
    except EqviewerError:
        return None


def predicted_arrivals(origin: Origin, station: StationCoordinates, model: VelocityModel | None) -> dict:
    """Phase -> predicted arrival time at the station (empty without a model)."""
    if model is None:
        return {}
    distance = distances_azimuths(origin.latitude, origin.longitude, [station])[0][0]
    return {phase: origin.time + float(model.travel_time(distance, origin.depth_km, phase, station.elevation_m))
            for phase in PHASES}


def event_section(origin: Origin, stations: dict[str, StationCoordinates], picks: Iterable[Pick],
                  sources: Iterable = (), read: bool = True) -> list[SectionTrace]:
    """The stations of ``origin``'s section, nearest first, with their ``picks`` in the shown span and (when
    ``read``) their samples from the first of ``sources`` (opened archives) that covers the span."""
    model = event_model(origin)
    network = list(stations.values())
    distances, _ = distances_azimuths(origin.latitude, origin.longitude, network)
    traces = [SectionTrace(station, float(distance), predicted_arrivals(origin, station, model))
              for station, distance in zip(network, distances)]
    traces.sort(key=lambda t: t.distance_km)
    start, end = section_span(origin, traces)
    by_key = {t.station.key: t for t in traces}
    for pick in picks:
        trace = by_key.get(station_key(pick.station_id))
        if trace is not None and start <= pick.time <= end:
            trace.picks.append(pick)
            trace.record = trace.record or pick.record
            trace.station_id = trace.station_id or pick.station_id
    if read:
        _read_slices(traces, list(sources), start, end)
    return traces


def section_span(origin: Origin, traces: list[SectionTrace]) -> tuple[UTCDateTime, UTCDateTime]:
    """The time span the section shows: from before the origin to after the latest predicted S (or 60 s)."""
    latest = max((t.predicted["S"] for t in traces if "S" in t.predicted), default=origin.time + 45.0)
    return origin.time - BEFORE_S, latest + AFTER_S_PAST_S


def _read_slices(traces: list[SectionTrace], sources: list, start: UTCDateTime, end: UTCDateTime) -> None:
    for trace in traces:
        for source in sources:
            item = next((i for i in source.items() if station_key(i.station_id) == trace.station.key
                         and i.start <= end and i.end >= start), None)
            if item is None:
                continue
            try:
                record = source.read(item, start, end)
            except EqviewerError:
                continue
            trace.record, trace.station_id = str(source.ref(item)), item.station_id
            trace.start, trace.sampling_rate, trace.data = record.start, record.sampling_rate, record.data
            break
