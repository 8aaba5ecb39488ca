"""The review window during and after a station-day model run: longest event-loop stall, and session size.

Targets: no event-loop stall over 200 ms while the model runs on a day and its results are stored and drawn; the
station-day's session under 10 MB (curves stored compactly) with the picks the detector made.

Generates the 24 h 3-C 100 Hz MiniSEED day of benchmarks/detect_day.py (real STEAD and OBS events in red noise),
opens it in the main window (offscreen), runs the seed model on it in the worker (Model ▸ Run on this record) while a
5 ms timer stamps the event loop, and keeps stamping for 5 s after the run ends (results stored, curves and picks
drawn, queue refreshed). Prints the longest gap between stamps during and after the run, the session file size,
the curve bytes as stored now and as float32 + zlib (schema 1) would have been, and the picks stored. As
`eqviewer open` does, the window loads the model runtime (TensorFlow) in the background when it opens; the run
starts once the day is shown and that import is done. Then times `eqviewer detect DAY --session ...` on the same
file with the window's settings (`--attention` while the Model panel computes attention maps, as it does by default;
a fresh process: its start and the model's load included) for the window's run to be compared with.

    QT_QPA_PLATFORM=offscreen EQVIEWER_MODELS_DIR=../shared/models/seed .venv/bin/python benchmarks/gui_day_run.py \
        [--no-attention]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from PyQt6.QtCore import QSettings, QTimer  # noqa: E402
from PyQt6.QtWidgets import QApplication  # noqa: E402

from detect_day import make_day, write_mseed  # noqa: E402

STAMP_MS = 5
AFTER_S = 5.0
STALL_TARGET_MS = 200.0


def wait(app: QApplication, done, timeout_s: float) -> None:
    """Run the event loop until ``done()`` or the timeout."""
    end = time.monotonic() + timeout_s
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-attention", action="store_true", help="untick the Model panel's attention maps")
    args = parser.parse_args()
    from eqviewer.app.model_cache import load_runtime_in_background
    from eqviewer.gui.main_window import MainWindow

    app = QApplication([])
    legacy: list[int] = []
    record_legacy_sizes(legacy)
    with tempfile.TemporaryDirectory() as tmp:
        day = Path(tmp) / "XX.DAY.mseed"
        data, truth = make_day(24.0)
        write_mseed(data, day)
        del data
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.resize(1600, 1000)
        window.show()
        window.model_panel.attention.setChecked(not args.no_attention)
        runtime = load_runtime_in_background()  # as `eqviewer open` does when the window opens
        shown = []
        window.record_shown.connect(shown.append)
        session_path = Path(tmp) / "day.eqreview"
        window.open_paths([str(day)], session_path=str(session_path))
        wait(app, lambda: bool(shown), 300)
        wait(app, lambda: not runtime.is_alive(), 300)
        stamps: list[float] = []
        timer = QTimer()
        timer.timeout.connect(lambda: stamps.append(time.monotonic()))
        timer.start(STAMP_MS)
        finished = []
        window.model_finished.connect(finished.append)
        t0 = time.monotonic()
        results: list[float] = []
        worker = window.model_runs.run_model(False)
        worker.result.connect(lambda _result: results.append(time.monotonic()))  # after the window's own slot
        wait(app, lambda: bool(finished), 3600)
        t_end = time.monotonic()
        wait(app, lambda: False, AFTER_S)
        timer.stop()
        gaps = np.diff(np.asarray(stamps))
        at = np.asarray(stamps[1:])
        t_result = results[0] if results else t_end
        during = gaps[(at > t0) & (at <= t_result)]  # the model computing in the worker
        after = gaps[at > t_result]  # the GUI thread storing and drawing the results, then the run's end
        picks = window.session.picks(record=window.editor.record_id)
        window.close()
        cli_s = time_cli_detect(day, Path(tmp) / "cli.eqreview", not args.no_attention)

        size = session_path.stat().st_size
        with sqlite3.connect(session_path) as db:
            rows = db.execute("SELECT name, sampling_rate, n_samples, length(data) FROM curve").fetchall()
        stored = sum(r[3] for r in rows)
        cli = "eqviewer detect" + " --attention" * (not args.no_attention)
        print(f"station-day: 24 h, 3 components at 100 Hz, {len(truth)} real events embedded; model run "
              f"{t_end - t0:.1f} s wall in the window; `{cli}` on the same file {cli_s:.1f} s wall")
        print(f"longest event-loop stall: while the model computes {1000 * during.max():.0f} ms; from its results to "
              f"{AFTER_S:g} s after the run (stored, drawn) {1000 * after.max():.0f} ms, the gaps over 100 ms there: "
              f"{', '.join(f'{1000 * g:.0f}' for g in after[after > 0.1])} ms   (target < {STALL_TARGET_MS:.0f} ms; "
              f"timer every {STAMP_MS} ms)")
        print(f"session file: {size / 1e6:.2f} MB   (target < 10 MB); curves {stored / 1e6:.2f} MB in "
              f"{len(rows)} rows ({', '.join(f'{n} {r:g} Hz' for n, r, _, _ in sorted(rows)[:4])}, ...)")
        print(f"the same curves as float32 + zlib level 1 (schema 1): {sum(legacy) / 1e6:.1f} MB")
        print(f"picks stored: {len(picks)} (P {sum(p.phase == 'P' for p in picks)}, "
              f"S {sum(p.phase == 'S' for p in picks)})")


def time_cli_detect(day: Path, session: Path, attention: bool) -> float:
    """Wall seconds of ``eqviewer detect DAY --session SESSION [--attention]`` in a fresh process (its progress
    hidden)."""
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "eqviewer", "detect", str(day), "--session", str(session),
                    *(["--attention"] if attention else [])], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.monotonic() - t0


def record_legacy_sizes(sizes: list[int]) -> None:
    """Make curve_codec.encode_all also note the bytes schema 1 stored (float32, zlib level 1) for each curve."""
    from eqviewer.review import curve_codec

    original = curve_codec.encode_all

    def encode_all(curves, sampling_rate):
        sizes.extend(len(zlib.compress(np.ascontiguousarray(v, dtype="<f4").tobytes(), 1)) for v in curves.values())
        return original(curves, sampling_rate)

    curve_codec.encode_all = encode_all


if __name__ == "__main__":
    main()
