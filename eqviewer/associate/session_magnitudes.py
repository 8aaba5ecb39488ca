"""Local magnitudes of a review session's located events: amplitudes measured from the session's archives, station
magnitudes from a formula with per-station corrections, the event's magnitude as their robust mean, all stored in
the session (replacing what an earlier run stored for those events)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from eqviewer.associate.amplitudes import AmplitudeSettings, measure_event
from eqviewer.associate.magnitude import IASPEI, LocalMagnitudeFormula, network_magnitude
from eqviewer.errors import EqviewerError, SessionError
from eqviewer.io import ResponseReader, open_archive
from eqviewer.magnitudes import Amplitude, Magnitude


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

    origin_id: int
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
    method = f"{settings.formula.name} formula, {settings.mean} of station magnitudes"
    return marked, Magnitude(network.value, network.uncertainty, network.station_count, method)


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
    archive_messages, sources = [], []
    for entry in session.archives():
        try:
            sources.append(open_archive(entry.path))
        except EqviewerError as exc:
            archive_messages.append(f"archive left out: {exc}")
    stations, metadata = session.stations(), session.station_sources()
    picks = {p.id: p for p in session.picks()}
    responses = ResponseReader()
    results = []
    try:
        for done, origin in enumerate(events):
            if cancel is not None and cancel():
                break
            measured = measure_event(origin, stations, picks, sources, metadata, responses, settings.amplitude)
            amplitudes, magnitude = station_magnitudes(measured.amplitudes, settings)
            session.set_magnitude(origin.id, amplitudes, magnitude)
            results.append(EventMagnitude(origin.id, magnitude, amplitudes, archive_messages + measured.messages))
            if progress is not None:
                progress(done + 1, len(events))
    finally:
        for source in sources:
            source.close()
    return results
