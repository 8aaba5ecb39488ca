"""A generated network with known local magnitudes, for the magnitude tests: ring stations whose StationXML carries
a velocity seismometer's full response, one event, and per station three-component MiniSEED in counts whose
simulated Wood-Anderson peak follows the IASPEI formula for the event's magnitude at the station's hypocentral
distance (the ground velocity is a narrow-band wavelet, scaled by the Wood-Anderson response at its frequency and
passed through the instrument response)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from obspy import Stream, Trace, UTCDateTime
from obspy.core.inventory import Channel, Inventory, Network, Response, Site, Station
from obspy.geodetics import gps2dist_azimuth
from obspy.signal.invsim import WOODANDERSON, paz_2_amplitude_value_of_freq_resp

from eqviewer.associate import add_station_metadata
from eqviewer.io.station_coordinates import StationCoordinates
from eqviewer.labels import Pick
from eqviewer.origins import Arrival, Origin
from eqviewer.review.session import Session
from tests.associate.network import CENTRE, KM_PER_DEGREE, RATE, START, TrueEvent, arrival, ring_stations

SENSITIVITY = 6.0e8  # counts per m/s
POLES = [-4.443 + 4.443j, -4.443 - 4.443j]  # a 1 Hz geophone-like velocity seismometer, damping 0.707
WAVELET_HZ = 3.0
WAVELET_SIGMA_S = 1.0
NOISE_COUNTS = 3.0
SPAN_S = (-60.0, 140.0)  # what the MiniSEED holds around the origin time
MODEL = "vp=6.0,vs=3.5"


def event(offset_km: float = 12.0) -> TrueEvent:
    """The test event: east of the ring's centre, 8 km deep, 100 s after the data start."""
    lat0, lon0 = CENTRE
    return TrueEvent(START + 100.0, lat0, lon0 + offset_km / (KM_PER_DEGREE * math.cos(math.radians(lat0))),
                     8.0)


def response() -> Response:
    """The seismometer's response, counts per m/s."""
    paz = {"poles": POLES, "zeros": [0j, 0j], "gain": 1.0}
    return Response.from_paz([0j, 0j], POLES, SENSITIVITY, input_units="M/S", output_units="COUNTS",
                             normalization_factor=1.0 / paz_2_amplitude_value_of_freq_resp(paz, 1.0))


def write_stationxml(stations: list[StationCoordinates], path: Path, without_response: tuple[str, ...] = ()) -> None:
    """StationXML of the network with full responses (none on the channels of ``without_response`` stations)."""
    network = Network("XX", stations=[])
    for s in stations:
        _, code, location = s.key.split(".")
        channels = [Channel(c, location, s.latitude, s.longitude, s.elevation_m, 0.0, sample_rate=RATE,
                            response=None if s.key in without_response else response()) for c in s.channels]
        network.stations.append(Station(code, s.latitude, s.longitude, s.elevation_m, channels=channels,
                                        site=Site(name=code), start_date=UTCDateTime(2020, 1, 1)))
    Inventory(networks=[network], source="eqviewer tests").write(str(path), format="STATIONXML")


def hypocentral_km(true: TrueEvent, station: StationCoordinates) -> float:
    """The hypocentral distance of a station (km), as the magnitude workflow computes it."""
    metres, _, _ = gps2dist_azimuth(true.latitude, true.longitude, station.latitude, station.longitude)
    return math.hypot(metres / 1000.0, true.depth_km + station.elevation_m / 1000.0)


def iaspei_amplitude_m(magnitude: float, distance_km: float) -> float:
    """The Wood-Anderson amplitude (m, magnification 1) the IASPEI formula gives ``magnitude`` at a distance."""
    return 10 ** (magnitude - 1.11 * math.log10(distance_km) - 0.00189 * distance_km + 2.09) * 1e-9


def write_waveforms(stations: list[StationCoordinates], true: TrueEvent, magnitude: float, folder: Path,
                    rng: np.random.Generator, clip_counts: dict[str, float] | None = None,
                    gap_s: dict[str, tuple[float, float]] | None = None) -> list[Path]:
    """One MiniSEED file per station (Z, N, E in counts) with the event's wavelet 1 s after S; N carries the
    IASPEI amplitude of ``magnitude``, E 0.6 of it. ``clip_counts`` clips a station's samples at that value,
    ``gap_s`` cuts a (start, end) span (s after the origin) out of a station's traces. The files written."""
    wa_gain = paz_2_amplitude_value_of_freq_resp(WOODANDERSON, WAVELET_HZ)  # velocity -> WA displacement, gain 1
    start = true.time + SPAN_S[0]
    n = int((SPAN_S[1] - SPAN_S[0]) * RATE)
    times = np.arange(n) / RATE
    nfft = 2 * n
    instrument, _ = response().get_evalresp_response(1.0 / RATE, nfft, output="VEL")
    paths = []
    for station in stations:
        centre = arrival(true, station, "S") + 1.0 - start
        envelope = np.exp(-0.5 * ((times - centre) / WAVELET_SIGMA_S) ** 2)
        velocity = iaspei_amplitude_m(magnitude, hypocentral_km(true, station)) / wa_gain
        traces = []
        for component, share in (("Z", 0.8), ("N", 1.0), ("E", 0.6)):
            ground = share * velocity * envelope * np.sin(2 * np.pi * WAVELET_HZ * (times - centre))
            counts = np.fft.irfft(np.fft.rfft(ground, nfft) * instrument, nfft)[:n]
            counts += rng.normal(0.0, NOISE_COUNTS, n)
            if clip_counts and station.key in clip_counts:
                counts = np.clip(counts, -clip_counts[station.key], clip_counts[station.key])
            network, code, location = station.key.split(".")
            traces.append(Trace(np.round(counts).astype(np.int32), header={
                "network": network, "station": code, "location": location, "channel": f"HH{component}",
                "sampling_rate": RATE, "starttime": start}))
        stream = Stream(traces)
        if gap_s and station.key in gap_s:
            a, b = gap_s[station.key]
            stream = stream.slice(None, true.time + a) + stream.slice(true.time + b, None)
        path = folder / f"{station.key.rstrip('.')}.mseed"
        stream.write(str(path), format="MSEED", encoding="STEIM2")
        paths.append(path)
    return paths


def make_session(folder: Path, stations: list[StationCoordinates], true: TrueEvent, magnitude: float,
                 rng: np.random.Generator, without_response: tuple[str, ...] = (),
                 clip_counts: dict[str, float] | None = None,
                 gap_s: dict[str, tuple[float, float]] | None = None) -> Session:
    """A session ``folder``/s.eqreview over the network's MiniSEED files, with its stations from net.xml (see
    :func:`write_waveforms` and :func:`write_stationxml` for the options) and the event's exact picks."""
    paths = write_waveforms(stations, true, magnitude, folder, rng, clip_counts, gap_s)
    write_stationxml(stations, folder / "net.xml", without_response)
    session = Session.create(folder / "s.eqreview", archives=paths)
    add_station_metadata(session, [folder / "net.xml"])
    session.add_automatic(event_picks(stations, true))
    return session


def stored_picks(session: Session) -> tuple[list[int], list[Pick]]:
    """The ids and picks a session holds."""
    picks = session.picks()
    return [p.id for p in picks], picks


def event_picks(stations: list[StationCoordinates], true: TrueEvent) -> list[Pick]:
    """Exact P and S picks of the event on every station."""
    return [Pick(s.key + ".HH", phase, arrival(true, s, phase), record="synthetic") for s in stations
            for phase in ("P", "S")]


def located(true: TrueEvent, pick_ids: list[int], picks: list[Pick]) -> Origin:
    """The event as association would store it, explaining ``picks`` (with their session ids)."""
    return Origin(true.time, true.latitude, true.longitude, true.depth_km, method="test", velocity_model=MODEL,
                  arrivals=tuple(Arrival(i, p.phase) for i, p in zip(pick_ids, picks)))


def network(n: int = 6) -> list[StationCoordinates]:
    """The ring of stations."""
    return ring_stations(n, radius_km=40.0)
