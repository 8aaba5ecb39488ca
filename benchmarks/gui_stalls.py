"""The review window's longest event-loop stalls on a station-day: opening it, paging, zooming, the view filter.

Generates a 24 h 3-C 100 Hz day (red noise with a few synthetic events), writes it as MiniSEED in a temporary
folder, opens it in the main window (offscreen) and, while a 5 ms timer stamps the GUI thread, opens the record,
pages through it at a 10-minute zoom, zooms from the whole day in and out, draws day-long model curves (P, S and
P(eq) at 100 Hz, as a model run leaves them) and zooms again, and toggles the view filter on (at the whole day:
filtered in the worker, then drawn) and off, then pages filtered. Prints one line per action:
``<action> <longest gap between stamps in ms>``. Target: no gap over 200 ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_stalls.py [--screenshot day_filtered.png]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from obspy import Stream, Trace, UTCDateTime  # noqa: E402
from PyQt6.QtCore import QSettings, QTimer  # noqa: E402
from PyQt6.QtWidgets import QApplication  # noqa: E402
from scipy.signal import lfilter  # noqa: E402

RATE = 100.0
STAMP_MS = 5
SETTLE_S = 1.0
EVENTS_S = (3 * 3600.0 + 17.5, 9 * 3600.0 + 1234.0, 13 * 3600.0 + 5.0, 21 * 3600.0 + 2500.0)


def make_day(seed: int = 7) -> np.ndarray:
    """A (3, 8 640 000) day in counts: red noise with a DC offset and a P and S wave train at each of EVENTS_S."""
    rng = np.random.default_rng(seed)
    n = int(86400 * RATE)
    data = lfilter([1.0], [1.0, -0.9], rng.standard_normal((3, n)), axis=1) * 200.0 + 1500.0
    t = np.arange(int(40 * RATE)) / RATE
    for p in EVENTS_S:
        for delay, freq, amp in ((0.0, 8.0, 3000.0), (6.0, 4.0, 6000.0)):  # P, then S 6 s later
            wave = amp * np.sin(2 * np.pi * freq * t) * np.exp(-t / 4.0) * np.clip(t / 0.2, 0, 1)
            first = int((p + delay) * RATE)
            data[:, first:first + t.size] += wave * rng.uniform(0.5, 1.0, (3, 1))
    return data


def write_day(data: np.ndarray, path: Path) -> None:
    """Write the day as MiniSEED (XX.DAY..HH[ZNE], STEIM2)."""
    Stream([Trace(np.round(data[i]).astype(np.int32),
                  {"network": "XX", "station": "DAY", "channel": f"HH{c}", "sampling_rate": RATE,
                   "starttime": UTCDateTime("2024-03-01")}) for i, c in enumerate("ZNE")]
           ).write(str(path), format="MSEED", encoding="STEIM2")


def make_curves(seed: int = 8) -> dict[str, np.ndarray]:
    """Day-long probability curves ("detection", "p", "s") at RATE: low noise with a peak at each event."""
    rng = np.random.default_rng(seed)
    n = int(86400 * RATE)
    curves = {key: (rng.random(n) * 0.05).astype(np.float32) for key in ("detection", "p", "s")}
    for p in EVENTS_S:
        curves["p"][int(p * RATE)] = curves["detection"][int(p * RATE)] = 0.9
        curves["s"][int((p + 6.0) * RATE)] = 0.8
    return curves


class Stamps:
    """A 5 ms timer on the GUI thread; :meth:`longest_gap` runs an action and measures the loop's longest stall."""

    def __init__(self, app: QApplication):
        self.app, self.stamps = app, []
        self.timer = QTimer()
        self.timer.timeout.connect(lambda: self.stamps.append(time.monotonic()))
        self.timer.start(STAMP_MS)

    def longest_gap(self, action: Callable[[], None], done: Callable[[], bool] = lambda: True,
                    timeout_s: float = 120.0) -> float:
        """Run ``action``, then the event loop until ``done()`` and SETTLE_S more; the longest gap in ms."""
        self.stamps = [time.monotonic()]
        action()
        end = time.monotonic() + timeout_s
        while not done() and time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.001)
        settle = time.monotonic() + SETTLE_S
        while time.monotonic() < settle:
            self.app.processEvents()
            time.sleep(0.001)
        return 1000.0 * float(np.diff(self.stamps).max())


def measured_window(app: QApplication, folder: Path):
    """A 1600x1000 main window keeping its settings in ``folder``, shown, with the GUI-thread :class:`Stamps`
    running: (window, stamps, the records it has shown, whether its envelopes are drawn)."""
    from eqviewer.gui.main_window import MainWindow

    window = MainWindow(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(1600, 1000)
    window.show()
    stamps = Stamps(app)
    shown: list[str] = []
    window.record_shown.connect(shown.append)
    return window, stamps, shown, lambda: not window.trace.envelopes.pending  # pyramids are built in the worker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshot", help="save the window, the day filtered, to this PNG")
    args = parser.parse_args()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        day = Path(tmp) / "XX.DAY.mseed"
        write_day(make_day(), day)
        window, stamps, shown, drawn = measured_window(app, Path(tmp))
        trigger = {name: window.registry[name].trigger for name in
                   ("page_forward", "zoom_in", "zoom_out", "toggle_filter", "whole_record")}
        filtered = lambda: not window.trace_filter.pending and drawn()  # noqa: E731
        results = {"open": stamps.longest_gap(
            lambda: window.open_paths([str(day)], session_path=str(Path(tmp) / "day.eqreview")),
            lambda: bool(shown) and drawn(), 300)}
        window.trace.set_x_range(3 * 3600.0, 3 * 3600.0 + 600.0)
        results["page"] = max(stamps.longest_gap(trigger["page_forward"]) for _ in range(5))
        trigger["whole_record"]()
        results["zoom"] = max(stamps.longest_gap(trigger[key]) for key in ("zoom_in",) * 4 + ("zoom_out",) * 4)
        trigger["whole_record"]()
        curves = make_curves()
        results["curves_day"] = stamps.longest_gap(
            lambda: [window.trace.set_probability(key, window.trace.start, RATE, values)
                     for key, values in curves.items()], drawn)
        results["zoom_curves"] = max(stamps.longest_gap(trigger[key])
                                     for key in ("zoom_in",) * 4 + ("zoom_out",) * 4)
        trigger["whole_record"]()
        results["filter_on_day"] = stamps.longest_gap(trigger["toggle_filter"], filtered)
        if args.screenshot:
            window.grab().save(args.screenshot)
        results["filter_off_day"] = stamps.longest_gap(trigger["toggle_filter"])
        window.trace.set_x_range(3 * 3600.0, 3 * 3600.0 + 600.0)
        results["filter_on_10min"] = stamps.longest_gap(trigger["toggle_filter"], filtered)
        results["page_filtered"] = max(stamps.longest_gap(trigger["page_forward"], filtered) for _ in range(5))
        window.close()
    for action, gap in results.items():
        print(f"{action} {gap:.0f}")


if __name__ == "__main__":
    main()
