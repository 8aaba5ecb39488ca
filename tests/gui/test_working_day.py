"""The record view through a working day: keys act only where the analyst sees (the mouse over the traces, else
the view's centre line), paging stops at the record's ends, the time axis names the view's date, moving on to
the next record keeps the time span and the view filter, and pick labels stay readable."""

from __future__ import annotations

import os

import numpy as np
import pytest
from obspy import Stream, Trace, UTCDateTime
from PyQt6.QtCore import QEvent, QPoint
from PyQt6.QtCore import Qt
from PyQt6.QtTest import QTest
from PyQt6.QtWidgets import QApplication

from eqviewer.labels import Pick

START = UTCDateTime("2024-03-01T10:00:00")
RECORD_S = 50 * 60  # short enough to be read at once (see record_reader.BACKGROUND_READ_SAMPLES)
PICK_S = (300.0, 600.0, 1080.0, 1500.0, 2400.0)


def _write_record(path, station: str) -> None:
    rng = np.random.default_rng(len(station))
    n = int(RECORD_S * 100)
    Stream([Trace(rng.standard_normal(n).astype(np.float32),
                  {"network": "XX", "station": station, "channel": f"BH{c}", "sampling_rate": 100.0,
                   "starttime": START}) for c in "ZNE"]).write(str(path), format="MSEED")


@pytest.fixture
def two_records(qtbot, window, tmp_path):
    """The window showing the first of two 50-minute records (stations AAA and BBB) with automatic picks."""
    folder = tmp_path / "records"
    folder.mkdir()
    for station in ("AAA", "BBB"):
        _write_record(folder / f"{station}.mseed", station)
    with qtbot.waitSignal(window.record_shown, timeout=30_000):
        window.open_paths([str(folder)], session_path=str(tmp_path / "day.eqreview"))
    record_id, station_id = window.editor.record_id, window.record.station_id
    window.session.add_automatic([Pick(station_id, "P", START + t, record=record_id, probability=0.9, model="m:1")
                                  for t in PICK_S])
    window.refresh_picks()
    window.trace.layout_widget.setFocus()
    return window


def _key(window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.trace.layout_widget, key, modifier)


def _hover_traces(window) -> None:
    """Move the mouse over the middle of the Z panel's traces."""
    widget = window.trace.layout_widget
    centre = window.trace.plots["Z"].vb.sceneBoundingRect().center()
    QTest.mouseMove(widget.viewport(), widget.mapFromScene(centre) + QPoint(60, 0))


def _leave_traces(window) -> None:
    QApplication.sendEvent(window.trace.layout_widget, QEvent(QEvent.Type.Leave))


def _manual_picks(window) -> list[Pick]:
    return [p for p in window.editor.picks() if p.status == "manual"]


def test_p_lands_under_a_still_mouse_after_tab_or_at_the_centre_line(qtbot, two_records):
    window, trace = two_records, two_records.trace
    _key(window, Qt.Key.Key_Tab)
    _hover_traces(window)
    assert trace.cursor.mouse_seconds() is not None
    assert not trace.cursor.centre_line_shown()
    for _ in range(3):
        _key(window, Qt.Key.Key_Tab)  # the view moves under the still mouse
    _key(window, Qt.Key.Key_P)  # corrects the selected automatic P to the time under the mouse
    placed = window.editor.selected_pick()
    x0, x1 = trace.x_range()
    assert placed.status == "corrected"
    assert x0 <= float(placed.time - trace.start) <= x1  # where the analyst sees it, not minutes off screen

    _leave_traces(window)
    assert trace.cursor.centre_line_shown()
    _key(window, Qt.Key.Key_Tab)
    _key(window, Qt.Key.Key_S)
    (placed,) = _manual_picks(window)
    x0, x1 = trace.x_range()
    assert placed.phase == "S" and abs(float(placed.time - trace.start) - (x0 + x1) / 2) < 0.01

    trace.set_x_range(RECORD_S + 100.0, RECORD_S + 140.0)  # past the record's end: nowhere to place a pick
    _key(window, Qt.Key.Key_P)
    assert len(_manual_picks(window)) == 1
    assert "no P pick placed" in window.statusBar().currentMessage()


def test_paging_stops_at_the_record_ends(qtbot, two_records):
    window, trace = two_records, two_records.trace
    trace.set_x_range(RECORD_S - 500.0, RECORD_S - 100.0)
    _key(window, Qt.Key.Key_PageDown)
    assert trace.x_range() == pytest.approx((RECORD_S - 400.0, RECORD_S))
    _key(window, Qt.Key.Key_PageDown)
    assert trace.x_range() == pytest.approx((RECORD_S - 400.0, RECORD_S))
    assert "end of the record" in window.statusBar().currentMessage()
    trace.set_x_range(100.0, 500.0)
    _key(window, Qt.Key.Key_PageUp)
    assert trace.x_range() == pytest.approx((0.0, 400.0))


def test_the_next_record_keeps_the_time_span_and_the_axis_names_the_date(qtbot, two_records):
    window, trace = two_records, two_records.trace
    trace.set_x_range(1200.0, 1260.0)
    assert trace.axes["attention"].labelText == "UTC  2024-03-01"
    trace.set_x_range(13.5 * 3600, 14.5 * 3600)  # 23:30 to 00:30: the caption names both days
    assert trace.axes["attention"].labelText == "UTC  2024-03-01 – 2024-03-02"
    trace.set_x_range(1200.0, 1260.0)
    first = window.record.station_id
    with qtbot.waitSignal(window.record_shown, timeout=30_000):
        _key(window, Qt.Key.Key_Space)
    assert window.record.station_id != first
    assert trace.x_range() == pytest.approx((1200.0, 1260.0))


def test_close_pick_labels_never_overlap_and_a_contradicted_model_pick_is_doubtful(qtbot, two_records):
    window, trace = two_records, two_records.trace
    record_id, station_id = window.editor.record_id, window.record.station_id
    at = START + PICK_S[0]
    window.session.add_automatic([Pick(station_id, "S", at + 0.3, record=record_id, probability=0.8, model="m:1"),
                                  Pick(station_id, "S", at + 0.6, record=record_id, probability=0.7, model="m:1")])
    window.session.add_pick(Pick(station_id, "S", at - 0.2, record=record_id, status="manual"))
    window.refresh_picks()
    trace.set_x_range(PICK_S[0] - 20, PICK_S[0] + 20)
    qtbot.wait(20)
    labels = [line.label for p in window.editor.picks() for line in trace.pick_lines(p.id) if line.label is not None]
    shown = [label for label in labels if label.isVisible()]
    assert len(shown) >= 3
    rects = [label.sceneBoundingRect() for label in shown]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    model_p = next(p for p in window.editor.picks() if p.phase == "P" and p.time == at)
    (line, *_) = trace.pick_lines(model_p.id)
    assert "P?" in trace.pick_lines(model_p.id)[list(trace.plots).index("Z")].label.toPlainText()
    assert "doubtful" in line.toolTip()
    model_s = next(p for p in window.editor.picks() if p.status == "automatic" and p.phase == "S")
    assert "?" not in trace.pick_lines(model_s.id)[list(trace.plots).index("Z")].label.toPlainText()  # same phase


def test_help_lists_every_key_of_the_registry_and_fits_a_small_window(qtbot, two_records):
    window = two_records
    window.resize(1280, 800)
    qtbot.wait(20)
    window.help.toggle()
    qtbot.wait(20)
    text = window.help.label.text()
    for group, description, bound in window.registry.key_rows():
        assert all(key in text for key in bound), description
    assert "Home" in text and "Whole record" in text  # a fixed key of a menu, not only the review keys
    assert "Esc" in text
    if os.environ.get("EQVIEWER_SHOTS"):
        window.grab().save(os.path.join(os.environ["EQVIEWER_SHOTS"], "help_1280x800.png"))
    assert window.help.fits()  # nothing cut, no scrolling


def test_the_screenshot_of_a_day_waits_for_the_record(qapp, day_sds, tmp_path, monkeypatch):
    from eqviewer.app.window_options import OpenOptions
    from eqviewer.gui import app
    from eqviewer.gui.main_window import MainWindow

    seen = []
    grab = MainWindow.grab

    def grab_and_look(self, *args):
        seen.append((self.record is not None, self.trace.hint.isVisible(), self.curves_pending))
        return grab(self, *args)

    monkeypatch.setattr(MainWindow, "grab", grab_and_look)
    shot = tmp_path / "day.png"
    options = OpenOptions(paths=[str(day_sds[0])], session=str(tmp_path / "day.eqreview"), screenshot=str(shot),
                          size=(1280, 800))
    assert app.run(options) == 0
    assert seen == [(True, False, False)]  # the day is drawn, not the "Open waveform files" hint
    assert shot.exists()


def test_a_small_window_stays_readable_and_the_pick_list_shows_what_matters_first(qtbot, two_records):
    from eqviewer.gui.attention_panel import ATTENTION_ORDER
    from eqviewer.gui.pick_list import COLUMNS

    window, trace = two_records, two_records.trace
    window.resize(1280, 800)
    maps = {name: np.random.default_rng(1).random(RECORD_S * 10).astype(np.float32) for name in ATTENTION_ORDER}
    trace.set_attention(trace.start, 10.0, maps)
    qtbot.waitUntil(lambda: trace.attention.collapsed)  # ten rows do not fit: one summary row
    assert trace.plots["attention"].getAxis("left")._tickLevels[0][0][1] == "mean of 10 maps"
    window.resize(1600, 2000)
    qtbot.waitUntil(lambda: not trace.attention.collapsed)  # room again: a named row per map

    table = window.pick_list.table
    headers = [window.pick_list.model.headerData(i, Qt.Orientation.Horizontal) for i in range(len(COLUMNS))]
    assert headers[:4] == ["phase", "time", "prob.", "status"]
    assert window.pick_list.summary.text().endswith("2024-03-01 UTC")  # the date, once, for a one-day list
    assert table.isColumnHidden(COLUMNS.index("station"))  # one station's list
    for column in range(len(COLUMNS) - 1):
        assert table.columnWidth(column) >= table.sizeHintForColumn(column)  # nothing cut
    qtbot.wait(20)
    # phase, time and probability in view at the dock's default width (the traces keep the rest of the window;
    # status follows and is in view once the dock is widened)
    first_three = sum(table.columnWidth(c) for c in range(3))
    assert first_three <= table.viewport().width()
    assert window.pick_list.model.data(window.pick_list.model.index(0, 1)) == "10:05:00.00"


def test_the_next_station_keeps_the_filter_and_the_time_span(qtbot, two_records):
    window, trace = two_records, two_records.trace
    trace.set_x_range(1200.0, 1260.0)
    _key(window, Qt.Key.Key_F)
    first = window.record.station_id
    with qtbot.waitSignal(window.record_shown, timeout=30_000):
        _key(window, Qt.Key.Key_Space)
    assert window.record.station_id != first and window.view_filter.on
    assert trace.x_range() == pytest.approx((1200.0, 1260.0))
    qtbot.waitUntil(lambda: not window.trace_filter.pending, timeout=30_000)
    assert not np.allclose(trace.curves["Z"].yData, window.record.data[0, :trace.curves["Z"].yData.size])
    assert "filter" in trace.caption("Z") and "unfiltered" not in trace.caption("Z")
