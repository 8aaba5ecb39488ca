"""The analyst's review of an event's amplitudes and station magnitudes: move an amplitude's window (the peak
re-measured in it), re-pick the peak at a time, accept or reject an amplitude, exclude a station from the
network ML (or take it in again). Each is one undoable edit of the session's journal that also carries the
station magnitudes and the event's ML recomputed with the formula and mean it was made with."""

from __future__ import annotations

from dataclasses import dataclass, replace

from obspy import UTCDateTime

from eqviewer.associate import (AmplitudeSettings, StationSkipped, network_magnitude, parse_method, peak,
                                wood_anderson_traces)
from eqviewer.errors import EqviewerError, SessionError
from eqviewer.io import ResponseReader, open_archive
from eqviewer.magnitudes import Amplitude, Magnitude

MANUAL, CONFIRMED, REJECTED, EXCLUDED = "manual", "confirmed", "rejected", "excluded"
"""An amplitude's status after review: its peak re-measured by the analyst, accepted, rejected (a wrong
measurement), or its station excluded from the event's magnitude."""
LEFT_OUT = (REJECTED, EXCLUDED)
"""Statuses whose station magnitudes the event's magnitude leaves out."""


@dataclass(frozen=True)
class StationMagnitudeRow:
    """One line of the station-magnitude table: the amplitude, its station magnitude and residual to the event's
    ML (None when either is unknown), and whether the ML used it."""

    amplitude: Amplitude
    residual: float | None

    @property
    def used(self) -> bool:
        """Whether the event's magnitude used this station."""
        return self.amplitude.used


def recompute(amplitudes: list[Amplitude], magnitude: Magnitude) -> tuple[list[Amplitude], Magnitude]:
    """The station magnitudes of ``amplitudes`` with the formula and mean ``magnitude`` was made with (each
    amplitude's stored correction added), and the event's magnitude from those not left out (the old value with
    a count of 0 when every station is left out)."""
    formula, mean = parse_method(magnitude.method)
    values = [formula.station_magnitude(a.amplitude_m, a.distance_km) + a.correction for a in amplitudes]
    kept = [i for i, a in enumerate(amplitudes) if a.status not in LEFT_OUT]
    used = [False] * len(amplitudes)
    if not kept:
        return ([replace(a, station_magnitude=v, used=False) for a, v in zip(amplitudes, values)],
                replace(magnitude, uncertainty=None, station_count=0))
    network = network_magnitude([values[i] for i in kept], mean)
    for i, flag in zip(kept, network.used):
        used[i] = flag
    return ([replace(a, station_magnitude=v, used=u) for a, v, u in zip(amplitudes, values, used)],
            replace(magnitude, value=network.value, uncertainty=network.uncertainty,
                    station_count=network.station_count))


def station_rows(session, origin_id: int) -> list[StationMagnitudeRow]:
    """The event's station magnitudes by hypocentral distance, with their residuals to its ML."""
    magnitude = session.magnitude(origin_id)
    rows = []
    for a in sorted(session.amplitudes(origin_id), key=lambda a: a.distance_km):
        known = magnitude is not None and magnitude.station_count > 0 and a.station_magnitude is not None
        rows.append(StationMagnitudeRow(a, a.station_magnitude - magnitude.value if known else None))
    return rows


def station_amplitudes(session, station: str, start: UTCDateTime, end: UTCDateTime) -> list[tuple[int, Amplitude]]:
    """The amplitudes of station ``station`` (NET.STA.LOC) whose window overlaps ``start`` - ``end``, with the id
    of the event each belongs to, in time order (what a station's record shows)."""
    found = [(origin.id, a) for origin in session.events() for a in session.amplitudes(origin.id)
             if a.station_key == station and a.window_end >= start and a.window_start <= end]
    return sorted(found, key=lambda pair: pair[1].time.ns)


class AmplitudeReview:
    """The review edits of a writable ``session``'s amplitudes; responses are read once per station metadata."""

    def __init__(self, session, settings: AmplitudeSettings = AmplitudeSettings()):
        self.session, self.settings = session, settings
        self.responses = ResponseReader()

    def accept(self, origin_id: int, amplitude_id: int) -> Magnitude:
        """Accept an amplitude as measured (taken into the ML again when it was rejected or excluded)."""
        return self._edit("accept amplitude", origin_id, amplitude_id, lambda a: replace(a, status=CONFIRMED))

    def reject(self, origin_id: int, amplitude_id: int) -> Magnitude:
        """Reject an amplitude: its station magnitude is left out of the event's ML."""
        return self._edit("reject amplitude", origin_id, amplitude_id, lambda a: replace(a, status=REJECTED))

    def toggle_station(self, origin_id: int, amplitude_id: int) -> Magnitude:
        """Exclude the amplitude's station from the event's ML, or take an excluded one in again."""
        return self._edit("exclude station", origin_id, amplitude_id,
                          lambda a: replace(a, status=CONFIRMED if a.status == EXCLUDED else EXCLUDED))

    def move_window(self, origin_id: int, amplitude_id: int, start: UTCDateTime, end: UTCDateTime) -> Magnitude:
        """Search the amplitude from ``start`` to ``end``: the larger horizontal peak there, measured again."""
        if end <= start:
            raise SessionError(self.session.path, f"amplitude window {start} - {end} ends before it starts")

        def measure(amplitude: Amplitude) -> Amplitude:
            peaks = [(peak(t.data, t.start, t.sampling_rate, start, end), t.waveform_id)
                     for t in self._traces(amplitude, start, end)]
            found, waveform_id = max(peaks, key=lambda p: p[0].amplitude_m)
            return replace(amplitude, waveform_id=waveform_id, amplitude_m=found.amplitude_m,
                           period_s=found.period_s, time=found.time, window_start=start, window_end=end,
                           status=MANUAL)

        return self._edit("move amplitude window", origin_id, amplitude_id, measure)

    def repick(self, origin_id: int, amplitude_id: int, time: UTCDateTime) -> Magnitude:
        """Re-pick the amplitude at ``time``: the peak of its channel within ``settings.repick_s`` of it (the
        window widened to hold it)."""
        half = self.settings.repick_s

        def measure(amplitude: Amplitude) -> Amplitude:
            start, end = min(amplitude.window_start, time - half), max(amplitude.window_end, time + half)
            traces = {t.waveform_id: t for t in self._traces(amplitude, start, end)}
            trace = traces.get(amplitude.waveform_id) or next(iter(traces.values()))
            found = peak(trace.data, trace.start, trace.sampling_rate, time - half, time + half)
            return replace(amplitude, waveform_id=trace.waveform_id, amplitude_m=found.amplitude_m,
                           period_s=found.period_s, time=found.time, window_start=start, window_end=end,
                           status=MANUAL)

        return self._edit("re-pick amplitude", origin_id, amplitude_id, measure)

    def _edit(self, kind: str, origin_id: int, amplitude_id: int, change) -> Magnitude:
        session = self.session
        magnitude = session.magnitude(origin_id)
        amplitudes = session.amplitudes(origin_id)
        if magnitude is None or not any(a.id == amplitude_id for a in amplitudes):
            raise SessionError(session.path, f"event {origin_id} has no amplitude {amplitude_id}: measure its "
                                             "magnitude first")
        changed = [change(a) if a.id == amplitude_id else a for a in amplitudes]
        amplitudes, magnitude = recompute(changed, magnitude)
        session.review_amplitudes(kind, origin_id, amplitudes, magnitude)
        return magnitude

    def _traces(self, amplitude: Amplitude, start: UTCDateTime, end: UTCDateTime) -> list:
        session = self.session
        station = session.stations().get(amplitude.station_key)
        if station is None:
            raise SessionError(session.path, f"station {amplitude.station_key} has no coordinates")
        sources = []
        try:
            for entry in session.archives():
                try:
                    sources.append(open_archive(entry.path))
                except EqviewerError:
                    continue
            return wood_anderson_traces(station, start, end, sources, session.station_sources().get(station.key),
                                        self.responses, self.settings)
        except StationSkipped as exc:
            raise SessionError(session.path, f"{amplitude.station_key}: {exc}") from None
        finally:
            for source in sources:
                source.close()
