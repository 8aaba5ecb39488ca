"""How fast `eqviewer detect` runs over a station-day, and how many embedded real events it finds.

Generates a 24-hour 3-component 100 Hz MiniSEED day: coloured Gaussian noise at about 1,500 counts rms with the
real earthquakes of ../shared/data (50 STEAD events of TA.109C and 37 OBS events) embedded at random times, each
scaled so that its own pre-P noise matches the background (its real signal-to-noise ratio is kept). Then runs
`eqviewer detect` on it, default and --cascade, each in a fresh process, and prints seconds per station-day,
picker windows per second, peak memory (the process's maximum resident set) and the fraction of embedded events
found (a P or S pick within 0.5 s of the label), plus false picks per hour away from events.

    .venv/bin/python benchmarks/detect_day.py [--hours 24] [--runs default,cascade] [--profile]

--profile times start-up (imports, model load, graph tracing) and runs the default engine on the first two hours
and the cascade on the whole record in this process under cProfile, printing where the time goes. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np
from obspy import Stream, Trace, UTCDateTime
from scipy.signal import lfilter

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("EQVIEWER_SHARED", ROOT.parent / "shared"))
START = UTCDateTime("2024-06-01T00:00:00")
NOISE_RMS = 1500.0
RATE = 100.0
MATCH_S = 0.5


def real_events() -> list[tuple[np.ndarray, float, float]]:
    """(3, 6000) Z, N, E event records with their P and S samples, from the STEAD and OBS samples."""
    events = []
    with h5py.File(SHARED / "data" / "stead_eqt50" / "waveforms.hdf5", "r") as f:
        group = f["earthquake/local"]
        for name in sorted(group):
            d = group[name]
            events.append((d[()][:, ::-1].T, float(d.attrs["p_arrival_sample"]), float(d.attrs["s_arrival_sample"])))
    with h5py.File(SHARED / "data" / "obstransformer56" / "sample.hdf5", "r") as f:
        group = f["data"]
        for name in sorted(group):
            d = group[name]
            if str(d.attrs["trace_category"]) != "earthquake_local":
                continue
            events.append((d[()][:, ::-1].T, float(d.attrs["p_arrival_sample"]), float(d.attrs["s_arrival_sample"])))
    return events


def make_day(hours: float, seed: int = 42) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """The (3, n) day in counts and the embedded (P, S) times in seconds from its start."""
    rng = np.random.default_rng(seed)
    n = int(hours * 3600 * RATE)
    white = rng.standard_normal((3, n))
    noise = lfilter([1.0], [1.0, -0.9], white, axis=1)  # red noise: more power at low frequencies, like the ground
    noise *= NOISE_RMS / noise.std(axis=1, keepdims=True)
    events = real_events()
    rng.shuffle(events)
    count = min(len(events), int(hours * 3600 / 240))  # at least 4 minutes apart on average
    slots = np.sort(rng.choice(np.arange(1, int(hours * 3600 / 120) - 1), size=count, replace=False)) * 120.0
    ramp = np.clip(np.arange(6000) / 200.0, 0, 1) * np.clip((5999 - np.arange(6000)) / 200.0, 0, 1)
    truth = []
    for (data, p, s), slot in zip(events, slots):
        first = int((slot + rng.uniform(0, 60)) * RATE)
        pre = data[:, : max(int(p) - 50, 100)]
        scaled = (data - pre.mean(axis=1, keepdims=True)) * (NOISE_RMS / max(float(pre.std()), 1e-9))
        noise[:, first : first + 6000] = ramp * scaled + (1 - ramp) * noise[:, first : first + 6000]
        truth.append(((first + p) / RATE, (first + s) / RATE))
    return noise, truth


def write_mseed(data: np.ndarray, path: Path) -> None:
    traces = [
        Trace(np.round(data[i]).astype(np.int32),
              header={"network": "XX", "station": "DAY", "location": "", "channel": f"HH{c}",
                      "sampling_rate": RATE, "starttime": START})
        for i, c in enumerate("ZNE")
    ]
    Stream(traces).write(str(path), format="MSEED", encoding="STEIM2")


def run_detect(day: Path, out: Path, extra: list[str]) -> tuple[float, float, float, str]:
    """Run `eqviewer detect` in a fresh process: (wall seconds, CPU seconds, peak RSS in MB, its last stderr line).

    The CPU seconds (user + system of the child) are less sensitive than wall time to other processes sharing the
    cores; on an idle 2-core machine wall time is about half of them."""
    command = [sys.executable, "-m", "eqviewer", "detect", str(day), "--out", str(out), "--device", "cpu", *extra]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    env.setdefault("EQVIEWER_MODELS_DIR", str(SHARED / "models" / "seed"))
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    err = process.stderr.read()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"eqviewer detect failed ({process.returncode}):\n{err[-3000:]}")
    last = [line for line in err.splitlines() if line.startswith("eqviewer detect:")]
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, last[-1] if last else ""


def score(out: Path, truth: list[tuple[float, float]], hours: float) -> dict:
    """Fraction of events found (P or S within 0.5 s), P and S recall, false picks per hour away from events."""
    picks = {"P": [], "S": []}
    with out.open() as f:
        for row in csv.DictReader(f):
            picks[row["phase"]].append(UTCDateTime(row["time"]) - START)
    p_times, s_times = np.array(picks["P"]), np.array(picks["S"])

    def near(times, t):
        return times.size > 0 and np.min(np.abs(times - t)) <= MATCH_S

    p_found = [near(p_times, p) for p, _ in truth]
    s_found = [near(s_times, s) for _, s in truth]
    events = np.array([(p - 10, s + 30) for p, s in truth])
    away = [t for t in np.concatenate([p_times, s_times]) if not np.any((events[:, 0] <= t) & (t <= events[:, 1]))]
    return {
        "events": len(truth),
        "found": float(np.mean(np.array(p_found) | np.array(s_found))),
        "p_recall": float(np.mean(p_found)),
        "s_recall": float(np.mean(s_found)),
        "false_per_hour": len(away) / hours,
    }


def profile(data: np.ndarray, hours: float) -> None:
    """Where the time goes, in this process: start-up costs, then the default engine on the first ``hours`` and
    the cascade on the whole record, each under cProfile."""
    started = time.perf_counter()
    import tensorflow  # noqa: F401  (timed: importing TensorFlow is part of every run)

    from eqviewer.detect import DetectSettings, Detector
    from eqviewer.io.record import ItemRef, Record
    from eqviewer.model import SeedModel

    imported = time.perf_counter()
    os.environ.setdefault("EQVIEWER_MODELS_DIR", str(SHARED / "models" / "seed"))
    model = SeedModel.load()
    loaded = time.perf_counter()
    spans = Detector(model, DetectSettings()).spans  # the leading parts of the curves the default run asks for
    for networks in (("classifier",), ("p", "s"), ("p",)):  # each combination is one traced graph
        model.predict(np.zeros((1, 6000, 3), np.float32), networks=networks, attention=False, spans=spans)
    traced = time.perf_counter()
    print(f"\nstart-up: import TensorFlow + eqviewer {imported - started:.1f} s, load the model {loaded - imported:.1f} s,"
          f" trace the three graphs {traced - loaded:.1f} s")
    whole = Record(data.astype(np.float32), START, "XX.DAY..HH", ItemRef("day", "XX.DAY..HH"))
    n = int(hours * 3600 * RATE)
    part = Record(whole.data[:, :n], START, whole.station_id, whole.ref)
    for name, record, settings in (("default", part, DetectSettings()), ("cascade", whole, DetectSettings(cascade=True))):
        profiler = cProfile.Profile()
        begun = time.perf_counter()
        profiler.enable()
        annotations = Detector(model, settings).run(record)
        profiler.disable()
        seconds = time.perf_counter() - begun
        length_h = record.n_samples / RATE / 3600
        print(f"{name} engine on {length_h:g} h: {seconds:.1f} s, {annotations.n_windows} picker windows")
        stats = pstats.Stats(profiler).stats
        rows = [
            ("SeedModel.predict, all", "seed.py", "predict"),
            ("  band-pass + normalisation of picker input", "preprocess.py", "picker_input"),
            ("  TensorFlow graph calls", "polymorphic_function.py", "__call__"),
            ("cutting windows", "windows.py", "cut_windows"),
            ("stitching", "stitch.py", "add"),
            ("peak picking", "peaks.py", "curve_peaks"),
            ("STA/LTA first pass", "first_pass.py", "sta_lta"),
        ]
        for label, filename, function in rows:
            spent = sum(row[3] for (file, _, fn), row in stats.items() if file.endswith(filename) and fn == function)
            print(f"  {label:46s} {spent:7.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=24.0, help="length of the generated record (default 24)")
    parser.add_argument("--runs", default="default,cascade", help="comma-separated: default, cascade")
    parser.add_argument("--profile", action="store_true", help="profile start-up, the default engine on two hours and the cascade")
    args = parser.parse_args()
    data, truth = make_day(args.hours)
    print(f"generated {args.hours:g} h, 3 components at 100 Hz, noise {NOISE_RMS:.0f} counts rms, {len(truth)} real events embedded")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start (timings are noisy when others run)")
    with tempfile.TemporaryDirectory() as folder:
        day = Path(folder) / "day.mseed"
        write_mseed(data, day)
        for name in [r for r in args.runs.split(",") if r]:
            extra = ["--cascade"] if name == "cascade" else []
            out = Path(folder) / f"{name}.csv"
            seconds, cpu, peak_mb, line = run_detect(day, out, extra)
            result = score(out, truth, args.hours)
            windows = int(line.split(" picker windows")[0].rsplit(" ", 1)[-1]) if "picker windows" in line else 0
            print(
                f"{name:8s}: {seconds * 24 / args.hours:6.1f} s per station-day ({seconds:.1f} s for {args.hours:g} h,"
                f" process start and model load included; {cpu * 24 / args.hours:.1f} CPU-s per station-day),"
                f" {windows / seconds:6.1f} picker windows/s"
                f" ({windows} windows), peak memory {peak_mb:.0f} MB, events found {result['found']:.3f}"
                f" (P {result['p_recall']:.3f}, S {result['s_recall']:.3f}), false picks {result['false_per_hour']:.1f}/h"
                f", load average {os.getloadavg()[0]:.1f}"
            )
    if args.profile:
        profile(data, min(2.0, args.hours))


if __name__ == "__main__":
    main()
