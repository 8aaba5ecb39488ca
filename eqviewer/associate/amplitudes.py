"""The Wood-Anderson amplitudes of one located event: for each station with an arrival of the event, its waveforms
around the event read from the session's archives, the instrument response of each horizontal channel read from
the station's metadata, and the larger horizontal peak in a window from P to a time after S that grows with
distance. A station that cannot be measured (no response, no waveforms, a gap or clipping in the window) is left
out, with a message naming it and saying why."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from obspy import UTCDateTime

from eqviewer.associate.geometry import distances_azimuths
from eqviewer.associate.section import event_model, predicted_arrivals
from eqviewer.associate.wood_anderson import clipped, peak, wood_anderson
from eqviewer.errors import EqviewerError
from eqviewer.io import ResponseReader, StationCoordinates, station_key
from eqviewer.labels import Pick
from eqviewer.magnitudes import Amplitude
from eqviewer.origins import Origin

HORIZONTALS = ("N", "E")
HORIZONTAL_CODES = ("N", "E", "1", "2")  # the last letter of a horizontal channel's code
ROWS = {"Z": 0, "N": 1, "E": 2}  # a record's rows


@dataclass(frozen=True)
class AmplitudeSettings:
    """Where the amplitude is looked for: from ``before_p_s`` before P (the picked one, else the predicted one) to
    ``after_s_s`` plus ``after_s_per_km`` per km of hypocentral distance after S (likewise); ``padding_s`` more is
    read on each side for the filters to settle, and a peak lasting ``clip_run`` samples or more marks clipping.
    An analyst's re-pick takes the peak within ``repick_s`` of the time they chose."""

    before_p_s: float = 1.0
    after_s_s: float = 5.0
    after_s_per_km: float = 0.05
    padding_s: float = 30.0
    clip_run: int = 4
    repick_s: float = 0.5


class StationSkipped(Exception):
    """A station of an event that cannot be measured; the message says why."""


@dataclass(frozen=True)
class EventAmplitudes:
    """The amplitudes measured for one event, and a message for each station left out."""

    amplitudes: list[Amplitude]
    messages: list[str]


def measure_event(origin: Origin, stations: Mapping[str, StationCoordinates], picks: Mapping[int, Pick],
                  sources: Iterable, metadata: Mapping[str, str], responses: ResponseReader,
                  settings: AmplitudeSettings = AmplitudeSettings()) -> EventAmplitudes:
    """Measure ``origin`` at every station (with coordinates) one of its arrivals is on: ``picks`` by id give the
    arrivals' stations and times, ``sources`` are the opened archives, ``metadata`` the station metadata file or
    folder of each station (see :meth:`Session.station_sources`)."""
    sources = list(sources)
    model = event_model(origin)
    picked: dict[str, dict[str, UTCDateTime]] = {}
    for arrival in origin.arrivals:
        pick = picks.get(arrival.pick_id)
        if pick is not None:
            picked.setdefault(station_key(pick.station_id), {}).setdefault(pick.phase[:1], pick.time)
    amplitudes, messages = [], []
    for key in sorted(picked):
        station = stations.get(key)
        if station is None:
            continue
        try:
            amplitudes.append(_measure_station(origin, station, picked[key], model, sources, metadata.get(key),
                                               responses, settings))
        except StationSkipped as exc:
            messages.append(f"{key}: {exc}; left out")
    return EventAmplitudes(amplitudes, messages)


def hypocentral_km(origin: Origin, station: StationCoordinates) -> float:
    """The distance (km) from the hypocentre to the station, its elevation included."""
    epicentral = float(distances_azimuths(origin.latitude, origin.longitude, [station])[0][0])
    return math.hypot(epicentral, origin.depth_km + station.elevation_m / 1000.0)


def _measure_station(origin: Origin, station: StationCoordinates, picked: dict[str, UTCDateTime], model,
                     sources: list, source: str | None, responses: ResponseReader,
                     settings: AmplitudeSettings) -> Amplitude:
    distance = hypocentral_km(origin, station)
    times = {**predicted_arrivals(origin, station, model), **picked}
    if "P" not in times or "S" not in times:
        raise StationSkipped("no P or S time (neither picked nor predicted)")
    first = times["P"] - settings.before_p_s
    last = times["S"] + settings.after_s_s + settings.after_s_per_km * distance
    best = None
    for trace in wood_anderson_traces(station, first, last, sources, source, responses, settings):
        found = peak(trace.data, trace.start, trace.sampling_rate, first, last)
        if best is None or found.amplitude_m > best[0].amplitude_m:
            best = (found, trace.waveform_id)
    found, waveform_id = best
    return Amplitude(station.key, waveform_id, found.amplitude_m, found.period_s, found.time, first, last, distance)


@dataclass(frozen=True)
class WoodAndersonTrace:
    """One horizontal channel as a Wood-Anderson seismograph of magnification 1 would have recorded it (m)."""

    waveform_id: str
    data: np.ndarray
    start: UTCDateTime
    sampling_rate: float


def wood_anderson_traces(station: StationCoordinates, first: UTCDateTime, last: UTCDateTime, sources: list,
                         source: str | None, responses: ResponseReader,
                         settings: AmplitudeSettings = AmplitudeSettings()) -> list[WoodAndersonTrace]:
    """The station's horizontal channels from ``first`` to ``last`` (and ``settings.padding_s`` around) as
    Wood-Anderson displacement, from the opened archives ``sources`` and the responses in the station metadata
    ``source``. StationSkipped saying why when a response or the waveforms cannot be read, a channel is clipped
    between ``first`` and ``last``, or there is no horizontal component."""
    if source is None:
        raise StationSkipped("no station metadata to read the instrument response from")
    known = {}  # the responses of the station's horizontal channels, read before any waveform
    for channel in station.channels:
        if channel[-1:] in HORIZONTAL_CODES:
            try:
                known[channel] = responses.response(source, f"{station.key}.{channel}", first)
            except EqviewerError as exc:
                raise StationSkipped(str(exc)) from None
    record = _read(sources, station.key, first - settings.padding_s, last + settings.padding_s)
    traces = []
    for component in HORIZONTALS:
        if f"missing_{component}" in record.flags:
            continue
        channel = channel_code(record, component)
        waveform_id = f"{station.key}.{channel}"
        try:
            response = known.get(channel) or responses.response(source, waveform_id, first)
        except EqviewerError as exc:
            raise StationSkipped(str(exc)) from None
        samples = record.data[ROWS[component]]
        lo, hi = (max(int(round(record.sample_of(t))), 0) for t in (first, last))
        if clipped(samples[lo:hi + 1], settings.clip_run):
            raise StationSkipped(f"{waveform_id} is clipped between P and S")
        data = wood_anderson(samples, record.start, record.sampling_rate, response,
                             record.metadata.get("original_sampling_rate"))
        traces.append(WoodAndersonTrace(waveform_id, data, record.start, record.sampling_rate))
    if not traces:
        raise StationSkipped("no horizontal component")
    return traces


def _read(sources: list, key: str, start: UTCDateTime, end: UTCDateTime):
    """The station's samples from ``start`` to ``end`` from the first source covering them all, without a gap."""
    problem = "no archive of the session holds its waveforms around the event"
    for source in sources:
        for item in source.items():
            if station_key(item.station_id) != key or item.start > start or item.end < end:
                continue
            try:
                record = source.read(item, start, end)
            except EqviewerError as exc:
                problem = f"its waveforms cannot be read ({exc})"
                continue
            gaps = [(UTCDateTime(a), UTCDateTime(b)) for a, b in record.metadata.get("gaps", ())]
            if any(a < end and b > start for a, b in gaps):
                problem = f"its waveforms have a gap around the event ({gaps[0][0]} - {gaps[0][1]})"
                continue
            return record
    raise StationSkipped(problem)


def channel_code(record, component: str) -> str:
    """The channel code of a record's component: as its archive names it, else its band code and the component."""
    channels = record.metadata.get("channels") or {}
    return channels.get(component) or record.station_id.split(".")[-1][:2] + component
