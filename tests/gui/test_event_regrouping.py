"""Regrouping picks in the Event tab: merging the event selected beside the shown one into it, splitting the arrivals
selected in the arrivals table off into a new event, moving the selected pick to another event; each redraws the
event list, the section and the arrivals, and one undo takes it back."""

from __future__ import annotations

from PyQt6.QtCore import QItemSelectionModel

from tests.gui.test_event_view import network_session  # noqa: F401  (the fixture)

TOGGLE_ROW = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows


def _open(window, network_session):  # noqa: F811
    path, archive, *_ = network_session
    window.open_paths([str(archive)], session_path=str(path))
    return window.events.view, window.session


def _arrival_ids(session, origin_id: int) -> set[int]:
    return {p.id for _, p in session.event_picks(origin_id)}


def test_merging_the_event_selected_beside_the_shown_one_and_undo(window, qtbot, network_session):  # noqa: F811
    view, session = _open(window, network_session)
    first, second = view.origins
    view.select_event(first.id)
    view.table.selectionModel().select(view.table.model().index(1, 0), TOGGLE_ROW)  # Ctrl+click the second
    assert view.origin.id == first.id and view.other_selected_events() == [second.id]
    picks = _arrival_ids(session, first.id) | _arrival_ids(session, second.id)
    window.registry["merge_events"].trigger()
    assert [o.id for o in session.events()] == [first.id] and _arrival_ids(session, first.id) == picks
    assert [o.id for o in view.origins] == [first.id] and view.table.rowCount() == 1
    assert view.arrivals.table.rowCount() == len(picks) and "merged" in window.statusBar().currentMessage()
    window.review_actions["undo"].trigger()
    assert sorted(o.id for o in session.events()) == sorted([first.id, second.id])
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=3000)
    assert view.origin.id == first.id and view.arrivals.table.rowCount() == first.n_picks


def test_merging_asks_for_the_other_event_when_none_is_selected(window, qtbot, network_session,  # noqa: F811
                                                               monkeypatch):
    from PyQt6.QtWidgets import QInputDialog

    view, session = _open(window, network_session)
    first, second = view.origins
    view.select_event(second.id)
    asked = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: (asked.append(args[3]) or (args[3][0], True)))
    window.registry["merge_events"].trigger()
    assert len(asked) == 1 and asked[0][0].startswith(f"event {first.id} ")
    assert [o.id for o in session.events()] == [second.id]


def test_splitting_the_selected_arrivals_off_into_a_new_event_and_undo(window, qtbot, network_session):  # noqa: F811
    view, session = _open(window, network_session)
    origin = view.origin
    panel = view.arrivals
    rows = [r for r, pick_id in enumerate(panel.row_pick_ids()) if r % 2 == 0]
    panel.table.selectRow(rows[0])
    for row in rows[1:]:  # Ctrl+click: the selection is kept across the section's redraws
        panel.table.selectionModel().select(panel.table.model().index(row, 0), TOGGLE_ROW)
    chosen = set(panel.selected_pick_ids())
    assert len(chosen) == len(rows) >= 4
    before = {o.id for o in session.events()}
    window.registry["split_event"].trigger()
    (new,) = {o.id for o in session.events()} - before
    assert _arrival_ids(session, new) == chosen and _arrival_ids(session, origin.id).isdisjoint(chosen)
    assert view.table.rowCount() == len(before) + 1 and view.origin.id == origin.id
    assert set(panel.row_pick_ids()).isdisjoint(chosen)
    window.review_actions["undo"].trigger()
    assert {o.id for o in session.events()} == before
    qtbot.waitUntil(lambda: view.table.rowCount() == len(before), timeout=3000)
    assert set(panel.row_pick_ids()) >= chosen


def test_moving_the_selected_pick_to_another_event_and_undo(window, qtbot, network_session,  # noqa: F811
                                                            monkeypatch):
    from PyQt6.QtWidgets import QInputDialog

    view, session = _open(window, network_session)
    first, second = view.origins
    view.select_event(first.id)
    pick_id = view.arrivals.row_pick_ids()[0]
    view.arrivals.table.selectRow(0)
    assert view.editor.selected == pick_id
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: (args[3][0], True))  # the only other event
    window.registry["move_pick"].trigger()
    assert pick_id in _arrival_ids(session, second.id) and pick_id not in _arrival_ids(session, first.id)
    assert pick_id not in view.arrivals.row_pick_ids() and "moved" in window.statusBar().currentMessage()
    window.review_actions["undo"].trigger()
    assert pick_id in _arrival_ids(session, first.id) and pick_id not in _arrival_ids(session, second.id)
    qtbot.waitUntil(lambda: pick_id in view.arrivals.row_pick_ids(), timeout=3000)
