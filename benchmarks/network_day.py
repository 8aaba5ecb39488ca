"""The network check of association: a generated network day run through the analyst's commands, scored.

Generates 10 stations on a 40-km ring (StationXML written by ObsPy), a day of 3-component 100 Hz MiniSEED per
station with 24 real STEAD earthquakes of ../shared embedded at their travel times in a homogeneous model
(vp 6.0, vs 3.5 km/s) over red noise, and false onsets (a real P wavelet on one station at a random time). Then
runs, each in a fresh process:

    eqviewer session new S ARCHIVE --inventory stations.xml
    eqviewer detect ARCHIVE --session S --cascade
    eqviewer associate S --velocity-model vp=6.0,vs=3.5
    eqviewer export S --format quakeml --status automatic,accepted,corrected,manual --out cat.xml

reads the origins back with ObsPy and prints event recall, false events, median epicentre error and origin time
errors (an origin matches an event within 3 s and 15 km).

    .venv/bin/python benchmarks/network_day.py [--hours 24] [--events 24] [--false-onsets 40] [--keep DIR]

--keep DIR leaves the archive, session and catalogue in DIR (for `eqviewer open DIR/archive --session ...`).

--harder makes a harder day and generates its picks directly (detecting 16 stations' day on 2 CPU cores takes
hours): 16 stations scattered over 80 x 80 km, --events events of which a fifth lie outside the network, three
aftershock sequences (a main shock and 9 events 5-30 s apart each), true velocities 3 % off the model given
(vp 6.18, vs 3.395 against vp=6.0,vs=3.5) with station delays (P 0.1 s rms, S 1.7 times P), missed picks, pick
errors (P 0.05 s, S 0.1 s), scattered false picks and noise bursts (5-10 false picks on as many stations within
8 s). The session is written directly, then, each in a fresh process and scored after each export:

    eqviewer associate S --velocity-model vp=6.0,vs=3.5
    eqviewer locate S --fit-model --all-events
    eqviewer associate S   (again, with the fitted vp/vs and station delays)

    .venv/bin/python benchmarks/network_day.py --harder [--events 100] [--seed 1] [--merge-window 0]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from obspy import read_events
from obspy.geodetics import gps2dist_azimuth

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("EQVIEWER_SHARED", ROOT.parent / "shared"))

from eqviewer.io.inventory import StationCoordinates  # noqa: E402
from eqviewer.labels import Pick  # noqa: E402
from eqviewer.review.session import Session  # noqa: E402
from tests.associate.network import (CENTRE, KM_PER_DEGREE, START, TrueEvent, arrival, random_events,  # noqa: E402
                                     ring_stations, waveform_day, write_stationxml)

MATCH_S, MATCH_KM = 3.0, 15.0
GIVEN_MODEL = "vp=6.0,vs=3.5"
TRUE_VP, TRUE_VS = 6.18, 3.395  # 3 % faster P, 3 % slower S than the model given
SEQUENCES, AFTERSHOCKS = 3, 9


def eqviewer(*args: str) -> float:
    """Run one eqviewer command in a fresh process; its wall seconds (exit on failure)."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    env.setdefault("EQVIEWER_MODELS_DIR", str(SHARED / "models" / "seed"))
    print("$ eqviewer " + " ".join(args), flush=True)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "eqviewer", *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    tail = [line for line in (done.stdout + done.stderr).splitlines() if line.strip() and "it/s" not in line][-3:]
    print("  " + "\n  ".join(tail) + f"\n  ({seconds:.1f} s)", flush=True)
    if done.returncode != 0:
        raise SystemExit(f"failed with status {done.returncode}")
    return seconds


def score(catalog_path: Path, truth) -> dict:
    """Recall, false events and errors of the catalogue's origins against the true events."""
    origins = [event.preferred_origin() or event.origins[0] for event in read_events(str(catalog_path))
               if event.origins]
    used, time_errors, distances = set(), [], []
    for event in truth:
        best, best_km = None, None
        for i, origin in enumerate(origins):
            if i in used or abs(origin.time - event.time) > MATCH_S:
                continue
            km = gps2dist_azimuth(origin.latitude, origin.longitude, event.latitude, event.longitude)[0] / 1000
            if km <= MATCH_KM and (best is None or km < best_km):
                best, best_km = i, km
        if best is not None:
            used.add(best)
            time_errors.append(abs(origins[best].time - event.time))
            distances.append(best_km)
    return {
        "events": len(truth), "origins": len(origins), "matched": len(used),
        "recall": len(used) / len(truth), "false_events": len(origins) - len(used),
        "false_fraction": (len(origins) - len(used)) / max(len(origins), 1),
        "median_epicentre_km": float(np.median(distances)) if distances else None,
        "max_epicentre_km": float(np.max(distances)) if distances else None,
        "median_time_error_s": float(np.median(time_errors)) if time_errors else None,
        "max_time_error_s": float(np.max(time_errors)) if time_errors else None,
    }


def _offset(km_east: float, km_north: float) -> tuple[float, float]:
    """Latitude and longitude ``km_east``, ``km_north`` of the centre."""
    lat0, lon0 = CENTRE
    return (lat0 + km_north / KM_PER_DEGREE,
            lon0 + km_east / (KM_PER_DEGREE * np.cos(np.radians(lat0))))


def harder_day(rng: np.random.Generator, hours: float, n_events: int) -> tuple[list, list, list[Pick]]:
    """Stations, true events and picks of the harder day (see the module's notes)."""
    stations = []
    for i in range(16):
        lat, lon = _offset(*rng.uniform(-40, 40, 2))
        stations.append(StationCoordinates(f"XX.H{i:02d}.", lat, lon, float(rng.uniform(0, 800)), ("HHZ",)))
    background = n_events - SEQUENCES * (AFTERSHOCKS + 1)
    times = np.sort(rng.uniform(60, hours * 3600 - 120, background + SEQUENCES))
    mains = {len(times) * k // (2 * SEQUENCES) for k in range(1, 2 * SEQUENCES, 2)}  # spread over the day
    truth = []
    for number, time in enumerate(times):
        outside = number % 5 == 0
        radius = rng.uniform(60, 90) if outside else 45 * np.sqrt(rng.uniform())
        angle = rng.uniform(0, 2 * np.pi)
        lat, lon = _offset(radius * np.cos(angle), radius * np.sin(angle))
        main = TrueEvent(START + float(time), lat, lon, float(rng.uniform(3, 20)))
        truth.append(main)
        if number in mains:
            later = main.time
            for _ in range(AFTERSHOCKS):
                later += float(rng.uniform(5, 30))
                lat, lon = _offset(*rng.normal(0, 2, 2))
                truth.append(TrueEvent(later, main.latitude + lat - CENTRE[0], main.longitude + lon - CENTRE[1],
                                       float(np.clip(main.depth_km + rng.normal(0, 2), 2, 25))))
    truth.sort(key=lambda e: e.time)
    delays = {s.key: float(rng.normal(0, 0.1)) for s in stations}
    picks = []
    for event in truth:
        for station in stations:
            km = gps2dist_azimuth(event.latitude, event.longitude, station.latitude, station.longitude)[0] / 1000
            seen = 0.95 if km < 60 else 0.7
            for phase, error, factor in (("P", 0.05, 1.0), ("S", 0.1, 1.7)):
                if rng.uniform() < seen - (0.1 if phase == "S" else 0.0):
                    time = arrival(event, station, phase, TRUE_VP, TRUE_VS) + factor * delays[station.key]
                    picks.append(Pick(station.key + ".HH", phase, time + float(rng.normal(0, error)),
                                      record=f"{station.key}day", uncertainty_s=0.1))
    for _ in range(len(truth) * 4):  # scattered false picks
        station = stations[int(rng.integers(len(stations)))]
        picks.append(Pick(station.key + ".HH", str(rng.choice(["P", "S"])),
                          START + float(rng.uniform(0, hours * 3600)), record=f"{station.key}day",
                          uncertainty_s=0.1))
    for _ in range(20):  # noise bursts: many stations at once
        start = float(rng.uniform(0, hours * 3600 - 10))
        for index in rng.choice(len(stations), size=int(rng.integers(5, 11)), replace=False):
            station = stations[int(index)]
            picks.append(Pick(station.key + ".HH", str(rng.choice(["P", "S"])),
                              START + start + float(rng.uniform(0, 8)), record=f"{station.key}day",
                              uncertainty_s=0.1))
    return stations, truth, picks


def run_harder(args, folder: Path) -> None:
    """The harder day: picks written into a session directly, then associate, fit, associate again; scored."""
    rng = np.random.default_rng(args.seed)
    stations, truth, picks = harder_day(rng, args.hours, args.events)
    session = folder / "network.eqreview"
    with Session.create(session) as writing:
        writing.add_automatic(picks)
        writing.set_stations(stations, source=str(folder / "stations.xml"))
    print(f"generated {len(stations)} stations x {args.hours:g} h, {len(truth)} events, {len(picks)} picks"
          f" (picks generated, no detection) under {folder}")
    catalogue = str(folder / "cat.xml")
    export = ("export", str(session), "--format", "quakeml", "--status", "automatic,accepted,corrected,manual",
              "--out", catalogue)
    merge = ("--merge-window", str(args.merge_window))
    results = {}
    for stage, command in (("associate", ("associate", str(session), "--velocity-model", GIVEN_MODEL, *merge)),
                           ("locate --fit-model", ("locate", str(session), "--fit-model", "--all-events")),
                           ("associate again", ("associate", str(session), *merge))):
        seconds = eqviewer(*command)
        eqviewer(*export)
        results[stage] = score(Path(catalogue), truth) | {"seconds": round(seconds, 1)}
        print(json.dumps({stage: results[stage]}), flush=True)
    with Session.open(session, read_only=True) as reading:
        ratio, spread, events = reading.model_fit()["vp/vs"]
    print(json.dumps({"seed": args.seed, "merge_window_s": args.merge_window, "true vp/vs": TRUE_VP / TRUE_VS,
                      "fitted vp/vs": [round(ratio, 4), round(spread, 4), events], **results}, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--events", type=int, default=24)
    parser.add_argument("--false-onsets", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", metavar="DIR", help="keep the generated files in DIR")
    parser.add_argument("--harder", action="store_true", help="the harder day, its picks generated directly")
    parser.add_argument("--pick-min-detection", type=float, default=None,
                        help="detect's --pick-min-detection (default: detect's own)")
    parser.add_argument("--merge-window", type=float, default=20.0,
                        help="with --harder: associate's --merge-window (0: no merging of split events)")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="eqviewer-network-"))
    if args.harder:
        folder.mkdir(parents=True, exist_ok=True)
        run_harder(args, folder)
        if not args.keep:
            shutil.rmtree(folder)
        return
    archive = folder / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    stations = ring_stations(10)
    truth = random_events(args.events, args.hours * 3600, rng)
    started = time.perf_counter()
    write_stationxml(stations, folder / "stations.xml")
    false = waveform_day(SHARED / "data", stations, truth, args.hours * 3600, archive, rng, args.false_onsets)
    (folder / "truth.json").write_text(json.dumps(
        {"events": [[str(e.time), e.latitude, e.longitude, e.depth_km] for e in truth],
         "false_onsets": [[k, str(t)] for k, t in false]}, indent=1))
    print(f"generated {len(stations)} stations x {args.hours:g} h, {len(truth)} events, {len(false)} false onsets"
          f" in {time.perf_counter() - started:.0f} s under {folder}")
    session = folder / "network.eqreview"
    if session.exists():
        session.unlink()
    eqviewer("session", "new", str(session), str(archive), "--inventory", str(folder / "stations.xml"))
    eqviewer("detect", str(archive), "--session", str(session), "--cascade", "--device", "cpu",
             *(["--pick-min-detection", str(args.pick_min_detection)] if args.pick_min_detection is not None else []))
    eqviewer("associate", str(session), "--velocity-model", "vp=6.0,vs=3.5")
    eqviewer("export", str(session), "--format", "quakeml", "--status", "automatic,accepted,corrected,manual",
             "--out", str(folder / "cat.xml"))
    print(json.dumps(score(folder / "cat.xml", truth), indent=1))
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
