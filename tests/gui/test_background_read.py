"""A long record (an SDS station) is read in a loader thread: the event loop keeps running meanwhile, the record is
drawn when it arrives, a read error becomes a message box, and a record the analyst left is not drawn."""

from __future__ import annotations

import threading
import time

import numpy as np
from obspy import Stream, Trace, UTCDateTime
from PyQt6.QtCore import QTimer

from eqviewer.errors import ArchiveError
from eqviewer.io.sds import SdsSource

START = UTCDateTime(2024, 3, 1, 0, 0, 0)
SECONDS = 600


def _sds(root, stations=("AAA", "BBB")) -> None:
    """Ten minutes of 3-C 100 Hz noise per station, written as SDS day files."""
    rng = np.random.default_rng(0)
    for station in stations:
        for channel in ("HHZ", "HHN", "HHE"):
            trace = Trace(rng.standard_normal(SECONDS * 100).astype(np.float32),
                          header={"network": "XX", "station": station, "location": "", "channel": channel,
                                  "sampling_rate": 100.0, "starttime": START})
            folder = root / str(START.year) / "XX" / station / f"{channel}.D"
            folder.mkdir(parents=True, exist_ok=True)
            Stream([trace]).write(str(folder / f"XX.{station}..{channel}.D.{START.year}.{START.julday:03d}"),
                                  format="MSEED")


def test_a_day_long_record_is_read_off_the_gui_thread(qtbot, window, tmp_path, monkeypatch):
    _sds(tmp_path / "sds")
    original = SdsSource._read
    threads, ticks = [], []

    def slow_read(self, item, starttime, endtime):
        threads.append(threading.current_thread())
        time.sleep(1.0)  # a slow disk: the window must keep working meanwhile
        return original(self, item, starttime, endtime)

    monkeypatch.setattr(SdsSource, "_read", slow_read)
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    with qtbot.waitSignal(window.record_shown, timeout=30_000) as shown:
        window.open_paths([str(tmp_path / "sds")], session_path=str(tmp_path / "sds.eqreview"))
        assert window.reader.loaders and window.record is None  # open_paths returned before the record was read
    timer.stop()
    assert threads and threads[0] is not threading.main_thread()
    assert len(ticks) >= 20, "the event loop stood still while the record was read"
    assert shown.args == [window.review.wanted_record] and window.editor.record_id == shown.args[0]
    assert window.record.data.shape[0] == 3 and window.trace.curves["Z"].yData.size > 0
    qtbot.waitUntil(lambda: not window.reader.loaders, timeout=5000)

    # moving on before the read ends: only the record asked for last is drawn
    first, second = window.queue.record_ids()[:2]
    shown_ids = []
    window.record_shown.connect(shown_ids.append)
    window.queue.select(second if window.editor.record_id == first else first)
    target = window.review.wanted_record
    window.queue.select(first if target == second else second)
    qtbot.waitUntil(lambda: not window.reader.loaders, timeout=30_000)
    assert shown_ids == [window.review.wanted_record] and window.editor.record_id == window.review.wanted_record


def test_a_failed_background_read_shows_the_reason(qtbot, window, tmp_path, monkeypatch):
    _sds(tmp_path / "sds", stations=("AAA",))

    def broken_read(self, item, starttime, endtime):
        raise ArchiveError(str(tmp_path / "sds"), "XX.AAA..HH: day file truncated")

    monkeypatch.setattr(SdsSource, "_read", broken_read)
    window.open_paths([str(tmp_path / "sds")], session_path=str(tmp_path / "sds.eqreview"))
    qtbot.waitUntil(lambda: bool(window.error_boxes), timeout=10_000)
    assert "day file truncated" in window.error_boxes[-1].text() and window.record is None
    qtbot.waitUntil(lambda: not window.reader.loaders, timeout=5000)
