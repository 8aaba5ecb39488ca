"""Local magnitudes of a review session's located events: amplitudes measured from the session's archives, station
magnitudes from a formula with per-station corrections, the event's magnitude as their robust mean, all stored in
the session (replacing what an earlier run stored for those events)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from eqviewer.associate.amplitudes import AmplitudeSettings, hypocentral_km, measure_event
from eqviewer.associate.magnitude import IASPEI, LocalMagnitudeFormula, method_text, network_magnitude, parse_method
from eqviewer.errors import EqviewerError, SessionError
from eqviewer.io import ResponseReader, StationCoordinates, open_archive
from eqviewer.labels import Pick
from eqviewer.magnitudes import Amplitude, Magnitude
from eqviewer.origins import Origin


@dataclass(frozen=True)
class MagnitudeSettings:
    """How magnitudes are made: the ``formula``, the ``mean`` of station magnitudes ("median" or "trimmed"), a
    correction added to each station's magnitude (by NET.STA.LOC), and where amplitudes are measured."""

    formula: LocalMagnitudeFormula = IASPEI
    mean: str = "median"
    corrections: Mapping[str, float] = field(default_factory=dict)
    amplitude: AmplitudeSettings = AmplitudeSettings()


@dataclass(frozen=True)
class EventMagnitude:
    """What was found for one event: its magnitude (None when no station could be measured), the amplitudes, and a
    message for each station or archive left out."""

    origin_id: int | None
    magnitude: Magnitude | None
    amplitudes: list[Amplitude]
    messages: list[str]


def station_magnitudes(amplitudes: list[Amplitude], settings: MagnitudeSettings) -> tuple[list[Amplitude],
                                                                                         Magnitude | None]:
    """The amplitudes with their station magnitudes (and which the mean used), and the event's magnitude (None for
    no amplitude)."""
    if not amplitudes:
        return [], None
    corrected = [replace(a, correction=settings.corrections.get(a.station_key, 0.0)) for a in amplitudes]
    values = [settings.formula.station_magnitude(a.amplitude_m, a.distance_km) + a.correction for a in corrected]
    network = network_magnitude(values, settings.mean)
    marked = [replace(a, station_magnitude=v, used=u) for a, v, u in zip(corrected, values, network.used)]
    return marked, Magnitude(network.value, network.uncertainty, network.station_count,
                             method_text(settings.formula, settings.mean))


@dataclass(frozen=True)
class MagnitudeInputs:
    """What measuring magnitudes reads from a session, so that the measuring can run in another thread: station
    coordinates and the metadata file or folder of each (by NET.STA.LOC), the picks by id, the archives' paths."""

    stations: Mapping[str, StationCoordinates]
    metadata: Mapping[str, str]
    picks: Mapping[int, Pick]
    archives: tuple[str, ...]


def magnitude_inputs(session) -> MagnitudeInputs:
    """Read what measuring the magnitudes of the session's events needs."""
    return MagnitudeInputs(session.stations(), session.station_sources(), {p.id: p for p in session.picks()},
                           tuple(entry.path for entry in session.archives()))


def measure_origins(origins: Sequence[Origin], inputs: MagnitudeInputs,
                    settings: MagnitudeSettings = MagnitudeSettings(),
                    progress: Callable[[int, int], None] | None = None,
                    cancel: Callable[[], bool] | None = None) -> list[EventMagnitude]:
    """Measure the magnitude of each origin (stored or not: each result carries the origin's id, None for one not
    stored yet) from the archives' waveforms, storing nothing; ``progress(done, total)`` per origin, ``cancel()``
    checked between them (the origins measured so far are returned)."""
    archive_messages, sources = [], []
    for path in inputs.archives:
        try:
            sources.append(open_archive(path))
        except EqviewerError as exc:
            archive_messages.append(f"archive left out: {exc}")
    responses = ResponseReader()
    results = []
    try:
        for done, origin in enumerate(origins):
            if cancel is not None and cancel():
                break
            measured = measure_event(origin, inputs.stations, inputs.picks, sources, inputs.metadata, responses,
                                     settings.amplitude)
            amplitudes, magnitude = station_magnitudes(measured.amplitudes, settings)
            results.append(EventMagnitude(origin.id, magnitude, amplitudes, archive_messages + measured.messages))
            if progress is not None:
                progress(done + 1, len(origins))
    finally:
        for source in sources:
            source.close()
    return results


def store_magnitudes(session, results: Iterable[EventMagnitude], origin_ids: Sequence[int] | None = None
                     ) -> list[EventMagnitude]:
    """Store measured magnitudes in the writable ``session``, replacing the events' earlier ones; ``origin_ids``
    (in the results' order) names the events of results measured before their origins were stored. The results
    as stored."""
    if origin_ids is not None:
        results = [replace(r, origin_id=i) for r, i in zip(results, origin_ids)]
    results = list(results)
    for result in results:
        session.set_magnitude(result.origin_id, result.amplitudes, result.magnitude)
    return results


def measure_magnitudes(session, settings: MagnitudeSettings = MagnitudeSettings(), event_id: int | None = None,
                       progress: Callable[[int, int], None] | None = None,
                       cancel: Callable[[], bool] | None = None) -> list[EventMagnitude]:
    """Measure and store the magnitude of every located event of the writable ``session`` (or of ``event_id``
    only); ``progress(done, total)`` per event, ``cancel()`` checked between events. SessionError when there is
    no such event or no event at all."""
    events = session.events()
    if event_id is not None:
        events = [e for e in events if e.id == event_id]
        if not events:
            raise SessionError(session.path, f"no located event {event_id}")
    if not events:
        raise SessionError(session.path, "no located events: associate the picks first (eqviewer associate)")
    return store_magnitudes(session, measure_origins(events, magnitude_inputs(session), settings, progress, cancel))


def update_magnitude(session, origin: Origin) -> Magnitude | None:
    """After ``origin`` was relocated: its stored amplitudes' hypocentral distances from the new location, their
    station magnitudes with the formula, mean and corrections the magnitude was made with, and the event's
    magnitude from those, stored in the writable ``session`` (no waveform is read) as part of the relocation's
    edit (undoing the relocation takes them back). The new magnitude, None when the event has none."""
    magnitude = session.magnitude(origin.id)
    amplitudes = session.amplitudes(origin.id)
    if magnitude is None or not amplitudes:
        return None
    formula, mean = parse_method(magnitude.method)
    stations = session.stations()
    moved = [replace(a, distance_km=hypocentral_km(origin, stations[a.station_key]))
             if a.station_key in stations else a for a in amplitudes]
    corrections = {a.station_key: a.correction for a in amplitudes}
    amplitudes, magnitude = station_magnitudes(moved, MagnitudeSettings(formula, mean, corrections))
    session.revise_magnitude(origin.id, amplitudes, magnitude)
    return magnitude
