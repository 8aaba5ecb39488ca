"""How fast association runs over a large network: 50 stations x 1 day, about 10^5 picks including false ones.

Stations at random over a 200 x 200 km area; events at random inside it, 2-25 km deep, about one every 80 s;
each station within 150 km of an event gets its P and S (homogeneous vp 6.0 / vs 3.5 km/s, 0.05 s Gaussian timing
error, 10 % of arrivals missed); false picks at random times and stations make up a fifth of all picks. Runs
:func:`eqviewer.associate.associator.associate_picks` (PyOcto in 6-hour chunks) and prints the seconds it took,
the CPU seconds of all its threads (on a busy machine wall time says little; on an idle one it is about
CPU time / cores), picks per second, event recall and false events (an origin within 2 s and 10 km of a true event,
each origin matching one event at most), and how many
false picks were associated. Target: under a minute.

    .venv/bin/python benchmarks/associate_day.py [--stations 50] [--hours 24] [--events-per-hour 44]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from obspy import UTCDateTime

from eqviewer.associate.associator import associate_picks
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.io.inventory import StationCoordinates
from eqviewer.labels import Pick

START = UTCDateTime("2024-06-01")
KM_PER_DEGREE = 111.195
LAT0, LON0 = 35.0, -118.0


def to_latlon(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat-earth degrees of km east/north of the area's centre (accurate to well under a km here)."""
    return LAT0 + y / KM_PER_DEGREE, LON0 + x / (KM_PER_DEGREE * np.cos(np.radians(LAT0)))


def generate(n_stations: int, hours: float, per_hour: float, rng) -> tuple:
    sx, sy = rng.uniform(-100, 100, n_stations), rng.uniform(-100, 100, n_stations)
    lat, lon = to_latlon(sx, sy)
    stations = {f"XX.B{i:02d}.": StationCoordinates(f"XX.B{i:02d}.", float(a), float(b), 0.0)
                for i, (a, b) in enumerate(zip(lat, lon))}
    n_events = int(hours * per_hour)
    times = np.sort(rng.uniform(0, hours * 3600, n_events))
    ex, ey, ez = rng.uniform(-90, 90, n_events), rng.uniform(-90, 90, n_events), rng.uniform(2, 25, n_events)
    picks = []
    keys = list(stations)
    for t, x, y, z in zip(times, ex, ey, ez):
        distance = np.hypot(np.hypot(sx - x, sy - y), z)
        for i in np.flatnonzero(np.hypot(sx - x, sy - y) < 150):
            for phase, v in (("P", 6.0), ("S", 3.5)):
                if rng.uniform() < 0.9:
                    when = START + float(t + distance[i] / v + rng.normal(0, 0.05))
                    picks.append(Pick(keys[i] + ".HH", phase, when, record="bench", uncertainty_s=0.1))
    n_true = len(picks)
    for _ in range(n_true // 4):
        picks.append(Pick(keys[int(rng.integers(len(keys)))] + ".HH", str(rng.choice(["P", "S"])),
                          START + float(rng.uniform(0, hours * 3600)), record="bench", uncertainty_s=0.1))
    picks = [p.with_changes(id=i) for i, p in enumerate(picks)]
    truth = list(zip(times, *to_latlon(ex, ey)))
    return stations, picks, n_true, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=50)
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--events-per-hour", type=float, default=44.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    stations, picks, n_true, truth = generate(args.stations, args.hours, args.events_per_hour, rng)
    print(f"{len(stations)} stations, {args.hours:g} h, {len(truth)} events, {len(picks)} picks"
          f" ({len(picks) - n_true} false); {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    started, cpu = time.perf_counter(), time.process_time()
    result = associate_picks(picks, stations, parse_velocity_model("vp=6.0,vs=3.5"), AssociationSettings())
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    origins = result.origins
    times = np.array([o.time - START for o in origins])
    matched, taken = 0, set()
    for t, lat, lon in truth:  # each origin matches one true event at most
        close = [i for i in np.flatnonzero(np.abs(times - t) < 2.0) if i not in taken]
        km = [np.hypot((origins[i].latitude - lat) * KM_PER_DEGREE,
                       (origins[i].longitude - lon) * KM_PER_DEGREE * np.cos(np.radians(lat))) for i in close]
        if km and min(km) < 10.0:
            matched += 1
            taken.add(close[int(np.argmin(km))])
    false_picks = sum(a.pick_id >= n_true for o in origins for a in o.arrivals)
    print(f"associated in {seconds:.1f} s, {cpu:.1f} CPU-s over all threads, load {os.getloadavg()[0]:.1f}"
          f" ({len(picks) / seconds:,.0f} picks/s): {len(origins)} origins,"
          f" recall {matched / len(truth):.3f}, false events {len(origins) - matched},"
          f" false picks associated {false_picks} of {len(picks) - n_true}")


if __name__ == "__main__":
    main()
