"""The magnitude types shared by every package: an amplitude measured for an event at one station (with the station
magnitude made from it) and the event's magnitude, as the magnitude workflow makes them and the session stores
them."""

from __future__ import annotations

from dataclasses import dataclass

from obspy import UTCDateTime

AUTOMATIC = "automatic"
"""The status of an amplitude measured by eqviewer, not checked by an analyst."""


@dataclass(frozen=True)
class Amplitude:
    """The zero-to-peak amplitude (m, simulated Wood-Anderson with a static magnification of 1) of one station's
    larger horizontal component: the channel measured (``waveform_id`` NET.STA.LOC.CHA), the period (s) and time of
    the peak, the window searched, the hypocentral distance (km), and the station magnitude made from it with the
    station's correction (``used`` False: left out of the event's magnitude as an outlier)."""

    station_key: str
    waveform_id: str
    amplitude_m: float
    period_s: float | None
    time: UTCDateTime
    window_start: UTCDateTime
    window_end: UTCDateTime
    distance_km: float
    status: str = AUTOMATIC
    station_magnitude: float | None = None
    correction: float = 0.0
    used: bool = True
    id: int | None = None


@dataclass(frozen=True)
class Magnitude:
    """An event's magnitude: its value, uncertainty, how many station magnitudes made it, how (``method``: the
    formula and the mean), and its kind ("ML")."""

    value: float
    uncertainty: float | None
    station_count: int
    method: str
    kind: str = "ML"
