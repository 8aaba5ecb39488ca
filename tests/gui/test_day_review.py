"""A day of one station in the review window (a generated 24 h SDS day with real events, 563 automatic picks):
the pick strip zoomed out, Tab / Shift+Tab from the view at a working zoom, A / R only on a pick in view, keyboard
paging and zoom, the view thresholds, the pick list, and what each panel says about itself."""

from __future__ import annotations

import os

import numpy as np
import pytest
from obspy import UTCDateTime
from PyQt6.QtCore import Qt
from PyQt6.QtTest import QTest

from eqviewer.gui.attention_panel import NO_ATTENTION_TEXT
from eqviewer.gui.pick_list import COLUMNS
from eqviewer.labels import Pick
from eqviewer.review import pick_view

SHOTS = os.environ.get("EQVIEWER_SHOTS")  # a folder to save the day-view screenshots in (for the analyst's eye)
N_EVENTS_P = 300


def _day_picks(record_id: str, station_id: str, start: UTCDateTime, events_s) -> list[Pick]:
    """563 automatic picks over the day: a P at each event and at random times, most with an S 5-20 s later."""
    rng = np.random.default_rng(563)
    p_times = np.sort(np.concatenate([events_s, rng.uniform(60, 86000, N_EVENTS_P - len(events_s))]))
    picks = []
    for k, t in enumerate(p_times):
        picks.append(Pick(station_id, "P", start + float(t), record=record_id, probability=float(rng.uniform(0.3, 1)),
                          uncertainty_s=0.1, model="seed:ca4c71122f64"))
        if k < 263:
            picks.append(Pick(station_id, "S", start + float(t) + float(rng.uniform(5, 20)), record=record_id,
                              probability=float(rng.uniform(0.3, 1)), uncertainty_s=0.2, model="seed:ca4c71122f64"))
    return picks


@pytest.fixture
def day_window(qtbot, window, day_sds, tmp_path):
    """The main window showing the generated day, its 563 automatic picks in the session."""
    window.resize(1600, 1000)
    with qtbot.waitSignal(window.record_shown, timeout=60_000):
        window.open_paths([str(day_sds[0])], session_path=str(tmp_path / "day.eqreview"))
    qtbot.waitUntil(lambda: not window.reader.loaders, timeout=10_000)
    record_id = window.editor.record_id
    window.session.add_automatic(_day_picks(record_id, window.record.station_id, *day_sds[1:]))
    window.model_panel.p_threshold.setValue(0.3)
    window.model_panel.s_threshold.setValue(0.3)
    window.refresh_picks()
    window.trace.layout_widget.setFocus()
    return window


def _key(window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.trace.layout_widget, key, modifier)


def _save(window, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        window.grab().save(os.path.join(SHOTS, name))


def test_zoomed_out_day_draws_picks_as_marks_and_keeps_the_selection(qtbot, day_window):
    window = day_window
    picks = window.editor.picks()
    assert len(picks) == 563
    window.trace.show_all()
    qtbot.wait(50)
    assert window.trace.drawn_as_marks()
    assert len(window.trace.mark_positions()) == 563  # every pick on the strip ...
    assert all(not window.trace.pick_lines(p.id) for p in picks)  # ... and no line over the traces
    _save(window, "day_zoomed_out.png")
    chosen = picks[100]
    window.pick_review.select_pick(chosen.id)
    window.trace.show_all()
    assert len(window.trace.pick_lines(chosen.id)) > 0  # the selected pick keeps its line zoomed out


def test_tab_steps_from_the_view_at_a_working_zoom_and_r_then_tab_goes_on(qtbot, day_window):
    window = day_window
    trace = window.trace
    picks = window.editor.picks()
    noon = 12 * 3600.0
    trace.set_x_range(noon, noon + 1800)
    _key(window, Qt.Key.Key_Tab)
    expected = next(p for p in picks if float(p.time - trace.start) >= noon)
    assert window.editor.selected == expected.id  # from the view, not from the day's first pick
    x0, x1 = trace.x_range()
    assert 30 <= x1 - x0 <= 60 and abs((x0 + x1) / 2 - float(expected.time - trace.start)) < 1e-3
    _save(window, "day_zoomed_to_pick.png")
    following = picks[picks.index(expected) + 1]
    _key(window, Qt.Key.Key_R)
    assert window.session.pick(expected.id).status == "rejected"
    _key(window, Qt.Key.Key_Tab)
    assert window.editor.selected == following.id  # goes on after the rejected pick
    QTest.keyClick(trace.layout_widget, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    previous = picks[picks.index(expected) - 1]  # the rejected pick is skipped going back too
    assert window.editor.selected == previous.id

    # keyboard zoom and paging
    x0, x1 = trace.x_range()
    _key(window, Qt.Key.Key_Down)
    y0, y1 = trace.x_range()
    assert abs((y1 - y0) - 2 * (x1 - x0)) < 1e-6
    _key(window, Qt.Key.Key_Up)
    _key(window, Qt.Key.Key_PageDown)
    z0, z1 = trace.x_range()
    assert abs(z0 - (x0 + 0.8 * (x1 - x0))) < 1e-6 and abs((z1 - z0) - (x1 - x0)) < 1e-6

    # A acts only on a pick in view: page away, A does nothing; Tab back into view, A accepts
    for _ in range(3):
        _key(window, Qt.Key.Key_PageDown)
    selected = window.editor.selected_pick()
    assert not pick_view.in_view(selected, trace.x_range(), float(trace.start))
    _key(window, Qt.Key.Key_A)
    assert window.session.pick(selected.id).status == "automatic"
    trace.set_x_range(*pick_view.centred_span(float(selected.time - trace.start), (0, 40)))
    _key(window, Qt.Key.Key_A)
    assert window.session.pick(selected.id).status == "accepted"


def test_thresholds_hide_picks_at_once_and_the_pick_list_follows(qtbot, day_window):
    window = day_window
    before = window.editor.picks()
    low_p = [p for p in before if p.phase == "P" and p.probability < 0.7]
    assert low_p
    window.model_panel.p_threshold.setValue(0.7)
    shown = {p.id for p in window.trace.pick_layer.picks}
    assert not shown & {p.id for p in low_p}
    assert len(shown) == len(before) - len(low_p)
    assert set(window.pick_list.row_ids()) == shown
    window.model_panel.p_threshold.setValue(0.3)
    assert len(window.pick_list.row_ids()) == len(before)


def test_pick_list_sorts_filters_and_centres_on_a_click(qtbot, day_window):
    window = day_window
    plist = window.pick_list
    picks = {p.id: p for p in window.editor.picks()}
    plist.table.sortByColumn(COLUMNS.index("probability"), Qt.SortOrder.AscendingOrder)
    probabilities = [picks[i].probability for i in plist.row_ids()]
    assert probabilities == sorted(probabilities)
    plist.phase_filter.setCurrentText("S")
    assert {picks[i].phase for i in plist.row_ids()} == {"S"} and len(plist.row_ids()) == 263
    plist.min_probability.setValue(0.5)
    plist.max_probability.setValue(0.8)
    assert all(0.5 <= picks[i].probability <= 0.8 for i in plist.row_ids())
    plist.phase_filter.setCurrentText("all")
    plist.min_probability.setValue(0.0)
    plist.max_probability.setValue(1.0)

    row = 17
    pick_id = plist.row_ids()[row]
    plist.table.scrollTo(plist.model.index(row, 0))
    rect = plist.table.visualRect(plist.table.model().index(row, 0))
    QTest.mouseClick(plist.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.selected == pick_id
    x0, x1 = window.trace.x_range()
    assert abs((x0 + x1) / 2 - float(picks[pick_id].time - window.trace.start)) < 1e-3

    window.session.accept(pick_id)
    window.refresh_picks()
    plist.status_filter.setCurrentText("unreviewed")
    assert pick_id not in plist.row_ids()
    lowest = min((p for p in window.editor.picks() if p.status == "automatic"), key=lambda p: p.probability)
    plist.next_button.click()
    assert window.editor.selected == lowest.id


def test_panels_name_channel_unit_filter_attention_and_model(qtbot, day_window, tmp_path, settings):
    window = day_window
    trace = window.trace
    assert trace.caption("Z").startswith("XX.DAY..BHZ") and "counts" in trace.caption("Z")
    assert trace.caption("E").startswith("XX.DAY..BHE") and "unfiltered" in trace.caption("E")
    window.view_filter.toggle()
    assert f"filter {window.view_filter.spec.label}" in trace.caption("N")
    assert trace.attention.note.toPlainText() == NO_ATTENTION_TEXT
    maps = {"cls_att1": np.zeros(1000), "p_att3": np.ones(1000), "s_att4": np.ones(1000)}
    trace.set_attention(trace.start, 100.0, maps)
    ticks = [label for _, label in trace.plots["attention"].getAxis("left")._tickLevels[0]]
    # these maps do not vary: each row is named flat, with its value
    assert ticks == ["detector, attention 1 (flat 0.00)", "P picker, attention 3 (flat 1.00)",
                     "S picker, attention 4 (flat 1.00)"]
    assert "attention gate" in trace.plots["attention"].toolTip()
    # P(eq) from the pickers is not judged by amplitude; the generated day's noise is hundreds of counts: far above
    # what the raw-count classifier calls noise, which the panel says once that classifier gives P(eq)
    assert "from the pickers" in trace.detection_caption.text and trace.threshold_lines["detection"].isVisible()
    panel = window.model_panel
    panel.detection.setCurrentIndex(panel.detection.findData("classifier"))
    window.refresh_picks()
    assert "not to be trusted" in trace.detection_caption.text and not trace.threshold_lines["detection"].isVisible()
    assert "seed:ca4c71122f64" in window.model_label.text()  # the model the picks came from, not the next run's
