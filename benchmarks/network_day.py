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

from tests.associate.network import random_events, ring_stations, waveform_day, write_stationxml  # noqa: E402

MATCH_S, MATCH_KM = 3.0, 15.0


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--events", type=int, default=24)
    parser.add_argument("--false-onsets", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", metavar="DIR", help="keep the generated files in DIR")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="eqviewer-network-"))
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
    eqviewer("detect", str(archive), "--session", str(session), "--cascade", "--device", "cpu")
    eqviewer("associate", str(session), "--velocity-model", "vp=6.0,vs=3.5")
    eqviewer("export", str(session), "--format", "quakeml", "--status", "automatic,accepted,corrected,manual",
             "--out", str(folder / "cat.xml"))
    print(json.dumps(score(folder / "cat.xml", truth), indent=1))
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
