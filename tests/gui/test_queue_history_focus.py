"""The queue's columns an analyst picks a record by (state, station, start, pick counts) in view and uncut at
1280 x 800, and its "model vs. labels" sort putting records to review first;
undo / redo selecting the changed pick (showing its record); Escape giving the review keys back after a spin box
(stead_eqt50, the archive's picks stored as automatic ones, no model run)."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtTest import QTest

from eqviewer.gui.review_queue import COLUMNS
from eqviewer.app.queue_ranking import disagreement


def _open(qtbot, window, shared_data, tmp_path) -> list[str]:
    window.resize(1600, 1000)
    with qtbot.waitSignal(window.record_shown, timeout=20_000):
        window.open_paths([str(shared_data / "stead_eqt50" / "waveforms.hdf5")],
                          session_path=str(tmp_path / "q.eqreview"))
    ids = window.queue.record_ids()
    for rid in ids[:6]:  # the model "found" the archive's picks, 0.3 s late, on the first six records
        entry = window.queue.entry(rid)
        window.session.add_automatic([p.with_changes(record=rid, status="automatic", probability=0.8,
                                                     time=p.time + 0.3) for p in entry.labels])
    window.queue.refresh()
    window.refresh_picks()
    return ids


def test_review_columns_in_view_and_records_to_review_sorted_first(qtbot, window, shared_data, tmp_path):
    ids = _open(qtbot, window, shared_data, tmp_path)
    table = window.queue.table
    window.resize(1280, 800)
    qtbot.wait(50)
    for name in ("state", "station", "start (UTC)", "auto", "reviewed", "rejected"):
        column = COLUMNS.index(name)
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert 0 <= table.columnViewportPosition(column) and right <= table.viewport().width(), name
        assert table.columnWidth(column) >= table.sizeHintForColumn(column), name  # nothing elided
    # record 0 reviewed (its picks corrected onto the labels: no disagreement left ... but it is done)
    window.queue.select(ids[0])
    for pick in window.editor.picks():
        window.pick_review.go_to_pick(pick.id)
        window.review_actions["accept_pick"].trigger()
    assert window.session.review_state(ids[0]) == "done"
    window.queue.set_sort("disagreement")
    order = window.queue.record_ids()
    assert order.index(ids[0]) > max(order.index(rid) for rid in ids[1:6])  # unreviewed ones first
    assert disagreement(window.session, window.queue.entry(order[0])) >= disagreement(
        window.session, window.queue.entry(order[1]))


def test_undo_redo_select_the_changed_pick_and_escape_returns_the_keys(qtbot, window, shared_data, tmp_path):
    ids = _open(qtbot, window, shared_data, tmp_path)
    window.queue.select(ids[0])
    first = window.editor.picks()[0]
    window.pick_review.go_to_pick(first.id)
    window.review_actions["accept_pick"].trigger()
    accepted = window.editor.selected
    window.queue.select(ids[1])  # on to another record
    window.pick_review.select_pick(None)
    window.pick_review.undo()
    assert window.editor.record_id == ids[0] and window.editor.selected == first.id  # its record is shown again
    assert window.session.pick(first.id).status == "automatic"
    window.pick_review.select_pick(None)
    window.pick_review.redo()
    assert window.editor.selected == accepted and window.session.pick(accepted).status == "accepted"

    # a click in a spin box of the model panel takes the keys; Escape gives them back to the traces
    second = window.editor.picks()[1]
    window.pick_review.go_to_pick(second.id)
    box = window.model_panel.p_threshold
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    box.setFocus()
    assert box.hasFocus()
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    assert window.trace.layout_widget.hasFocus()
    QTest.keyClick(window.trace.layout_widget, Qt.Key.Key_A)
    assert window.session.pick(window.editor.selected).status == "accepted"
