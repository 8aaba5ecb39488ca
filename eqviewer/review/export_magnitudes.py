"""The local magnitude of a located event in QuakeML: an Amplitude per measured station (generic amplitude in m of a
Wood-Anderson simulation of magnification 1, type IAML, its period, time window and channel), a StationMagnitude
each, and the event's Magnitude (type ML, method, uncertainty, station count), all linked to the origin; the
magnitude is the event's preferred one."""

from __future__ import annotations

from obspy.core.event import Amplitude as ObsPyAmplitude, Event, Magnitude as ObsPyMagnitude, QuantityError
from obspy.core.event import ResourceIdentifier, StationMagnitude, StationMagnitudeContribution, TimeWindow
from obspy.core.event import WaveformStreamID

from eqviewer.io import quakeml_id

AMPLITUDE_TYPE = "IAML"
"""IASPEI's name of the Wood-Anderson amplitude of ML (magnification 1, in m)."""


def add_magnitude(event: Event, session, origin_id: int, origin_resource: ResourceIdentifier) -> None:
    """Add the stored amplitudes, station magnitudes and magnitude of the session's event ``origin_id`` (if it has
    a magnitude) to ``event``, linked to its origin ``origin_resource``."""
    magnitude = session.magnitude(origin_id)
    if magnitude is None:
        return
    contributions = []
    for a in session.amplitudes(origin_id):
        stream = WaveformStreamID(seed_string=a.waveform_id)
        amplitude = ObsPyAmplitude(
            resource_id=ResourceIdentifier(quakeml_id("amplitude", a.id)), generic_amplitude=a.amplitude_m,
            type=AMPLITUDE_TYPE, unit="m", period=a.period_s, magnitude_hint=magnitude.kind,
            time_window=TimeWindow(begin=0.0, end=a.window_end - a.window_start, reference=a.window_start),
            scaling_time=a.time, waveform_id=stream, evaluation_mode="automatic")
        station = StationMagnitude(
            resource_id=ResourceIdentifier(quakeml_id("station_magnitude", a.id)), origin_id=origin_resource,
            mag=a.station_magnitude, station_magnitude_type=magnitude.kind, amplitude_id=amplitude.resource_id,
            waveform_id=stream)
        event.amplitudes.append(amplitude)
        event.station_magnitudes.append(station)
        contributions.append(StationMagnitudeContribution(station_magnitude_id=station.resource_id,
                                                          weight=1.0 if a.used else 0.0))
    result = ObsPyMagnitude(
        resource_id=ResourceIdentifier(quakeml_id("magnitude", origin_id)), mag=magnitude.value,
        mag_errors=QuantityError(uncertainty=magnitude.uncertainty), magnitude_type=magnitude.kind,
        origin_id=origin_resource, method_id=ResourceIdentifier(quakeml_id("method", magnitude.method)),
        station_count=magnitude.station_count, station_magnitude_contributions=contributions,
        evaluation_mode="automatic")
    event.magnitudes.append(result)
    event.preferred_magnitude_id = result.resource_id
