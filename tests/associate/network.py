"""A generated seismic network for the association tests and benchmarks: stations on a ring, events inside it,
arrival times from a homogeneous model, StationXML written by ObsPy, and (optionally) a day of 3-component
MiniSEED per station with real earthquake records of ../shared embedded at those times over noise, plus false
onsets (real P onsets at random times on single stations).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import h5py
import numpy as np
from obspy import Stream, Trace, UTCDateTime
from obspy.core.inventory import Channel, Inventory, Network, Site, Station
from obspy.geodetics import gps2dist_azimuth
from scipy.signal import lfilter

from eqviewer.io.inventory import StationCoordinates
from eqviewer.labels import Pick

KM_PER_DEGREE = 111.195
CENTRE = (34.0, -117.0)
START = UTCDateTime("2024-06-01T00:00:00")
RATE = 100.0
NOISE_RMS = 800.0


@dataclass(frozen=True)
class TrueEvent:
    """An event of the generated network."""

    time: UTCDateTime
    latitude: float
    longitude: float
    depth_km: float


def ring_stations(n: int = 10, radius_km: float = 40.0) -> list[StationCoordinates]:
    """``n`` stations XX.Snn on a ring around :data:`CENTRE`."""
    lat0, lon0 = CENTRE
    stations = []
    for i in range(n):
        angle = 2 * math.pi * i / n
        lat = lat0 + radius_km * math.sin(angle) / KM_PER_DEGREE
        lon = lon0 + radius_km * math.cos(angle) / (KM_PER_DEGREE * math.cos(math.radians(lat0)))
        stations.append(StationCoordinates(f"XX.S{i:02d}.", lat, lon, 100.0 * (i % 3), ("HHE", "HHN", "HHZ")))
    return stations


def random_events(n: int, span_s: float, rng: np.random.Generator, radius_km: float = 30.0,
                  min_gap_s: float = 120.0) -> list[TrueEvent]:
    """``n`` events at least ``min_gap_s`` apart within ``radius_km`` of the centre, 3-20 km deep."""
    lat0, lon0 = CENTRE
    slots = np.sort(rng.choice(np.arange(1, int(span_s / min_gap_s) - 1), size=n, replace=False)) * min_gap_s
    events = []
    for slot in slots:
        r, a = radius_km * math.sqrt(rng.uniform()), rng.uniform(0, 2 * math.pi)
        events.append(TrueEvent(START + float(slot) + rng.uniform(0, 20), lat0 + r * math.sin(a) / KM_PER_DEGREE,
                                lon0 + r * math.cos(a) / (KM_PER_DEGREE * math.cos(math.radians(lat0))),
                                float(rng.uniform(3, 20))))
    return events


def arrival(event: TrueEvent, station: StationCoordinates, phase: str, vp: float = 6.0, vs: float = 3.5) -> UTCDateTime:
    """The arrival time of a phase at a station (straight ray in a homogeneous model, the ellipsoid distance)."""
    metres, _, _ = gps2dist_azimuth(event.latitude, event.longitude, station.latitude, station.longitude)
    length = math.hypot(metres / 1000.0, event.depth_km + station.elevation_m / 1000.0)
    return event.time + length / (vp if phase == "P" else vs)


def synthetic_picks(stations: list[StationCoordinates], events: list[TrueEvent], rng: np.random.Generator,
                    jitter_s: float = 0.05, n_false: int = 0, span_s: float = 3600.0) -> list[Pick]:
    """P and S picks of every event on every station (Gaussian timing error), plus ``n_false`` false picks at
    random times and stations; ids are their positions."""
    picks = []
    for event in events:
        for station in stations:
            for phase in ("P", "S"):
                time = arrival(event, station, phase) + float(rng.normal(0, jitter_s))
                picks.append(Pick(station.key + ".HH", phase, time, record="synthetic", uncertainty_s=0.1))
    for _ in range(n_false):
        station = stations[int(rng.integers(len(stations)))]
        picks.append(Pick(station.key + ".HH", str(rng.choice(["P", "S"])), START + float(rng.uniform(0, span_s)),
                          record="synthetic", uncertainty_s=0.1))
    return [p.with_changes(id=i) for i, p in enumerate(picks)]


def write_stationxml(stations: list[StationCoordinates], path: Path) -> None:
    """StationXML of the network, written by ObsPy."""
    network = Network("XX", stations=[])
    for s in stations:
        _, code, location = s.key.split(".")
        channels = [Channel(c, location, s.latitude, s.longitude, s.elevation_m, 0.0, sample_rate=RATE)
                    for c in s.channels]
        network.stations.append(Station(code, s.latitude, s.longitude, s.elevation_m, channels=channels,
                                        site=Site(name=code)))
    Inventory(networks=[network], source="eqviewer tests").write(str(path), format="STATIONXML")


def real_records(shared_data: Path) -> list[tuple[np.ndarray, float, float]]:
    """(3, 6000) Z, N, E records with their P and S samples: the 50 STEAD earthquakes of ../shared."""
    records = []
    with h5py.File(shared_data / "stead_eqt50" / "waveforms.hdf5", "r") as f:
        group = f["earthquake/local"]
        for name in sorted(group):
            d = group[name]
            records.append((d[()][:, ::-1].T.astype(np.float64), float(d.attrs["p_arrival_sample"]),
                            float(d.attrs["s_arrival_sample"])))
    return records


def waveform_day(shared_data: Path, stations: list[StationCoordinates], events: list[TrueEvent], span_s: float,
                 folder: Path, rng: np.random.Generator, n_false: int = 0) -> list[tuple[str, UTCDateTime]]:
    """Write one MiniSEED file per station holding ``span_s`` of noise with every event embedded: the real
    record's P part from its P onset at the predicted P time and its S part from its S onset at the predicted S
    time, scaled so its pre-P noise matches the background and decaying with distance. ``n_false`` false onsets
    (a real P wavelet of a few seconds) go in at random times on random stations; their (station key, time).
    Stations are made one at a time (a day of one station is 200 MB in memory)."""
    records = real_records(shared_data)
    scaled = []
    for data, p, s in records:
        pre = data[:, : max(int(p) - 50, 100)]
        scaled.append(((data - pre.mean(axis=1, keepdims=True)) * (NOISE_RMS / max(float(pre.std()), 1e-9)), p, s))
    chosen = [scaled[int(rng.integers(len(scaled)))] for _ in events]
    false_onsets = []
    for _ in range(n_false):
        station = stations[int(rng.integers(len(stations)))]
        false_onsets.append((station.key, START + float(rng.uniform(60, span_s - 60)), int(rng.integers(len(scaled)))))
    taper = np.clip(np.arange(400) / 100.0, 0, 1) * np.clip((399 - np.arange(400)) / 100.0, 0, 1)
    n = int(span_s * RATE)
    for station in stations:
        noise = lfilter([1.0], [1.0, -0.9], rng.standard_normal((3, n)), axis=1)
        day = noise * (NOISE_RMS / noise.std(axis=1, keepdims=True))
        del noise
        for event, (data, p, s) in zip(events, chosen):
            t_p, t_s = arrival(event, station, "P"), arrival(event, station, "S")
            metres, _, _ = gps2dist_azimuth(event.latitude, event.longitude, station.latitude, station.longitude)
            gain = 3.0 * 40.0 / max(metres / 1000.0, 10.0)
            # each part starts 0.1 s before its onset: the record's own pre-event noise, amplified by the gain,
            # would otherwise make an onset of its own ahead of the arrival
            _add(day, gain * data[:, int(p) - 10:int(s) - 10], (t_p - START) * RATE - 10)
            _add(day, gain * data[:, int(s) - 10:], (t_s - START) * RATE - 10)
        for key, time, index in false_onsets:
            if key == station.key:
                data, p, _ = scaled[index]
                _add(day, 3.0 * data[:, int(p) - 100:int(p) + 300] * taper, (time - START) * RATE - 100)
        network, code, location = station.key.split(".")
        traces = [Trace(np.round(day[i]).astype(np.int32),
                        header={"network": network, "station": code, "location": location, "channel": f"HH{c}",
                                "sampling_rate": RATE, "starttime": START}) for i, c in enumerate("ZNE")]
        del day
        Stream(traces).write(str(folder / f"{network}.{code}.mseed"), format="MSEED", encoding="STEIM2")
    return [(key, time) for key, time, _ in false_onsets]


def _add(day: np.ndarray, part: np.ndarray, first: float) -> None:
    """Add ``part`` into ``day`` from sample ``first`` (rounded), clipped to the day, its ends tapered."""
    first = int(round(first))
    part = part * np.clip(np.arange(part.shape[1]) / 10.0, 0, 1)
    lo, hi = max(first, 0), min(first + part.shape[1], day.shape[1])
    if hi > lo:
        day[:, lo:hi] += part[:, lo - first:hi - first]
