"""Review queue sorts and filters, remapped keys, view filter and panels, and day-long decimation (no model)."""

from __future__ import annotations

import numpy as np
import pytest
from obspy import UTCDateTime
from PyQt6.QtCore import Qt
from PyQt6.QtTest import QTest

from eqviewer.app.queue_ranking import QueueEntry, disagreement
from eqviewer.gui.app import example_path
from eqviewer.gui.review_queue import ReviewQueue
from eqviewer.gui.view_actions import panel_action
from eqviewer.labels import Pick
from eqviewer.review.session import Session

T0 = UTCDateTime(2024, 5, 1)


def _entry(name: str, station: str, offset_s: float, labels=(), category=None) -> QueueEntry:
    return QueueEntry(f"/data/a.h5#{name}", None, None, station, T0 + offset_s, name, category, list(labels))


def test_queue_sorts_by_uncertainty_and_disagreement_and_filters(qtbot, tmp_path):
    session = Session.create(tmp_path / "q.eqreview")
    near_label = _entry("near", "XX.A..HH", 0, [Pick("XX.A..HH", "P", T0 + 10)], "earthquake")
    far_label = _entry("far", "XX.B..HH", 60, [Pick("XX.B..HH", "P", T0 + 70)], "earthquake")
    noise = _entry("noise", "XX.C..HH", 120, [], "noise")
    entries = [near_label, far_label, noise]
    automatic = [
        Pick("XX.A..HH", "P", T0 + 10.1, record=near_label.record_id, probability=0.95),
        Pick("XX.B..HH", "P", T0 + 74.0, record=far_label.record_id, probability=0.6),
        Pick("XX.C..HH", "P", T0 + 130.0, record=noise.record_id, probability=0.52),
    ]
    session.add_automatic(automatic)
    for entry, peak in zip(entries, (0.95, 0.6, 0.52)):
        session.store_curves(entry.record_id, entry.start, 100.0, {"P": np.full(6000, peak, dtype=np.float32)})
    queue = ReviewQueue()
    qtbot.addWidget(queue)
    queue.set_session(session)
    queue.set_entries(entries)
    assert queue.record_ids() == [e.record_id for e in entries]  # by time
    queue.set_sort("uncertainty")
    assert queue.record_ids() == [noise.record_id, far_label.record_id, near_label.record_id]
    queue.set_sort("disagreement")  # noise with a pick (10 s) > 4 s off > 0.1 s off
    assert queue.record_ids() == [noise.record_id, far_label.record_id, near_label.record_id]
    assert abs(disagreement(session, far_label) - 4.0) < 1e-6

    queue.station_filter.setText("XX.B")
    assert queue.record_ids() == [far_label.record_id]
    queue.station_filter.setText("")
    session.set_label(noise.record_id, "noise")
    queue.refresh(noise.record_id)
    queue.state_filter.setCurrentText("unreviewed")
    assert noise.record_id not in queue.record_ids() and len(queue.record_ids()) == 2
    queue.state_filter.setCurrentText("all states")
    queue.category_filter.setCurrentText("noise")
    assert queue.record_ids() == [noise.record_id]
    assert queue.summary.text().startswith("1 of 3 records")
    session.close()


def test_remapped_keys_filter_toggle_and_panels(qtbot, window, settings, tmp_path):
    with qtbot.waitSignal(window.record_shown, timeout=20_000):
        window.open_paths([example_path()], session_path=str(tmp_path / "ex.eqreview"))
    record = window.record
    pick_time = record.start + 5.0
    [pick_id] = window.session.add_automatic([Pick(record.station_id, "P", pick_time, record=str(record.ref),
                                                   probability=0.8)])
    window.refresh_picks()
    window.pick_review.select_pick(pick_id)

    keymap = dict(window.keymap)
    keymap["accept_pick"] = ["X"]  # the station magnitudes' exclude key: refused, nothing changed
    with pytest.raises(ValueError, match="X is bound to exclude_station, accept_pick"):
        window.set_keymap(keymap)
    assert window.keymap["accept_pick"] != ["X"]
    keymap["accept_pick"] = ["B"]  # a key no other action has
    window.set_keymap(keymap)
    assert settings.value("keys/accept_pick") == "B"
    window.trace.setFocus()
    QTest.keyClick(window.trace.layout_widget, Qt.Key.Key_A)
    assert window.session.pick(pick_id).status == "automatic"  # A no longer accepts
    QTest.keyClick(window.trace.layout_widget, Qt.Key.Key_B)
    assert window.session.pick(pick_id).status == "accepted"

    raw = record.data.copy()
    QTest.keyClick(window.trace.layout_widget, Qt.Key.Key_F)
    shown = window.trace.curves["Z"].yData
    assert window.view_filter.on and not np.allclose(shown, raw[0])
    np.testing.assert_array_equal(record.data, raw)  # the record (what the model sees) is untouched
    QTest.keyClick(window.trace.layout_widget, Qt.Key.Key_F)
    np.testing.assert_array_equal(window.trace.curves["Z"].yData, raw[0])

    window.registry[panel_action("attention")].setChecked(False)
    assert not window.trace.panel_visible("attention")
    assert window.trace.plots["attention"].scene() is None
    assert settings.value("panels/attention", type=bool) is False


def test_day_long_record_is_decimated_to_the_screen(trace_view, qtbot):
    view = trace_view
    n = 6 * 3600 * 100
    data = np.random.default_rng(0).standard_normal((3, n), dtype=np.float32)
    data[1, n // 2] = 1000.0  # one spike: peak decimation must keep it
    view.set_record(data, T0, 100.0, "XX.DAY..HH")
    qtbot.waitUntil(lambda: not view.envelopes.pending)  # a long record's pyramid is built in the worker
    view.layout_widget.viewport().repaint()
    drawn = view.curves["N"].curve.yData
    assert drawn.size < 6 * view.plots["N"].vb.width()  # about one min/max pair per pixel, not 2 million points
    assert drawn.max() == 1000.0
    _, (low, high) = view.plots["N"].viewRange()
    assert high > 1000.0 and low < data[1].min()  # the amplitude fits the visible samples
    view.set_x_range(0, 60)  # zoomed to one minute, away from the spike: amplitude follows the view
    _, (low, high) = view.plots["N"].viewRange()
    assert high < 10.0


def test_edits_made_elsewhere_in_the_session_are_redrawn(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.record_shown, timeout=20_000):
        window.open_paths([example_path()], session_path=str(tmp_path / "shared.eqreview"))
    record = window.record
    window.poll_session()
    # Another analyst's edit (a shared PostgreSQL session), here made on the session directly, not via the window.
    pick_id = window.session.add_pick(Pick(record.station_id, "S", record.start + 7.0, record=str(record.ref)))
    assert window.trace.pick_line_x(pick_id) is None
    qtbot.waitUntil(lambda: window.trace.pick_line_x(pick_id) is not None, timeout=10_000)
    assert abs(window.trace.pick_line_x(pick_id) - 7.0) < 1e-6


def test_queue_starts_with_the_settings_sort(qtbot, monkeypatch):
    from eqviewer.gui import review_queue
    from eqviewer.resources import default_settings

    assert review_queue.DEFAULT_SORT == default_settings()["review_queue"]["sort"] in review_queue.SORTS
    monkeypatch.setattr(review_queue, "DEFAULT_SORT", "station")
    queue = ReviewQueue()
    qtbot.addWidget(queue)
    assert queue.sort_box.currentData() == "station"


def test_each_tab_brings_its_own_list_to_the_front(qtbot, window):
    qtbot.waitExposed(window)
    in_front = lambda widget: not widget.visibleRegion().isEmpty()  # noqa: E731 (a tabified dock's page shows)
    assert in_front(window.pick_list) and not in_front(window.magnitude_panel)
    window.events.tabs.setCurrentIndex(1)  # the Event tab: the station magnitudes of its event
    qtbot.waitUntil(lambda: in_front(window.magnitude_panel))
    assert not in_front(window.pick_list)
    window.events.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: in_front(window.pick_list))
