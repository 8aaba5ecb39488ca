"""How fast the trace view shows and pans/zooms a day-long 3-C 100 Hz record (targets: < 1 s, < 50 ms/frame).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_render.py [--hours 24] [--frames 40]

The record is synthetic noise with an event every 10 minutes (8.64 million samples per component for 24 h), with
probability curves and ten attention rows at 100 Hz as the detector stores them. "show" is set_record +
curves + attention + the first complete paint; a frame is one view-range change plus a complete repaint.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from obspy import UTCDateTime  # noqa: E402
from PyQt6.QtWidgets import QApplication  # noqa: E402

from eqviewer.gui.attention_panel import ATTENTION_ORDER  # noqa: E402
from eqviewer.gui.trace_view import TraceView  # noqa: E402
from eqviewer.labels import Pick  # noqa: E402

RATE = 100.0


def synthetic_day(hours: float, seed: int = 0) -> tuple[np.ndarray, dict, dict, list[Pick]]:
    """Samples (3, n), probability curves, attention maps and picks for ``hours`` of data."""
    rng = np.random.default_rng(seed)
    n = int(hours * 3600 * RATE)
    data = rng.standard_normal((3, n), dtype=np.float32)
    p = np.zeros(n, dtype=np.float32)
    s = np.zeros(n, dtype=np.float32)
    start = UTCDateTime(2024, 1, 1)
    picks = []
    shape = np.exp(-0.5 * (np.arange(-100, 100) / 20.0) ** 2).astype(np.float32)
    for i, onset in enumerate(range(30_000, n - 10_000, 60_000)):
        data[:, onset:onset + 3000] *= 20 * np.exp(-np.arange(3000) / 800.0).astype(np.float32)
        p[onset - 100:onset + 100] = 0.9 * shape
        s[onset + 1400:onset + 1600] = 0.7 * shape
        picks.append(Pick("XX.DAY..HH", "P", start + onset / RATE, probability=0.9, id=2 * i + 1))
        picks.append(Pick("XX.DAY..HH", "S", start + (onset + 1500) / RATE, probability=0.7, id=2 * i + 2))
    curves = {"detection": np.clip(p * 1.1, 0, 1), "p": p, "s": s}
    attention = {name: rng.random(n, dtype=np.float32) for name in ATTENTION_ORDER}
    return data, curves, attention, picks


def repaint(view: TraceView) -> None:
    """One complete, synchronous repaint of the plots (what the screen shows next)."""
    view.layout_widget.viewport().repaint()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--frames", type=int, default=40)
    parser.add_argument("--picks", action="store_true", help="also draw one P and one S pick every 10 minutes")
    args = parser.parse_args()

    app = QApplication([])
    view = TraceView()
    view.resize(1600, 1000)
    view.show()
    app.processEvents()
    repaint(view)
    data, curves, attention, picks = synthetic_day(args.hours)
    start = UTCDateTime(2024, 1, 1)

    t0, c0 = time.perf_counter(), time.process_time()
    view.set_record(data, start, RATE, "XX.DAY..HH")
    view.set_probabilities(start, RATE, curves)
    view.set_attention(start, RATE, attention)
    if args.picks:
        view.set_picks(picks)
    repaint(view)
    shown, shown_cpu = time.perf_counter() - t0, time.process_time() - c0

    length = data.shape[1] / RATE
    spans = [length, 6 * 3600, 3600, 600, 60, 10]
    frames, frames_cpu = [], []
    rng = np.random.default_rng(1)
    for i in range(args.frames):
        span = min(spans[i % len(spans)], length)
        left = float(rng.uniform(0, max(length - span, 0)))
        t, c = time.perf_counter(), time.process_time()
        view.set_x_range(left, left + span)
        repaint(view)
        frames.append(time.perf_counter() - t)
        frames_cpu.append(time.process_time() - c)
        QApplication.processEvents()  # queued work between frames (untimed, as between two screen refreshes)
    pans, pans_cpu = [], []
    view.set_x_range(0, 3600)
    for i in range(args.frames):
        t, c = time.perf_counter(), time.process_time()
        view.set_x_range(60.0 * i, 3600 + 60.0 * i)
        repaint(view)
        pans.append(time.perf_counter() - t)
        pans_cpu.append(time.process_time() - c)
        QApplication.processEvents()

    ms = lambda values: 1000 * np.asarray(values)  # noqa: E731
    print(f"record: {args.hours:g} h, 3 components, {data.shape[1]:,} samples each, "
          f"{len(picks) if args.picks else 0} picks drawn")
    print("wall = elapsed time (depends on machine load); cpu = this process's CPU time (load-independent)")
    print(f"show (set data + first full paint): wall {shown:.3f} s, cpu {shown_cpu:.3f} s   (target < 1 s)")
    for name, wall, cpu in (("zoom", frames, frames_cpu), ("pan (1 h view, 1 min steps)", pans, pans_cpu)):
        print(f"{name} frames: wall median {np.median(ms(wall)):.1f} ms, 90th pct {np.percentile(ms(wall), 90):.1f} ms; "
              f"cpu median {np.median(ms(cpu)):.1f} ms, 90th pct {np.percentile(ms(cpu), 90):.1f} ms   (target < 50 ms)")


if __name__ == "__main__":
    main()
