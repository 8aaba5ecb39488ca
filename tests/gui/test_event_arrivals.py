"""The Event tab's arrivals: the table beside the section, choosing a row selects its pick, excluding an arrival
relocates the event in the background (same id), and undo takes both back."""

from __future__ import annotations

from tests.gui.test_event_view import network_session  # noqa: F401  (the fixture)


def test_excluding_an_arrival_relocates_the_event_and_undo_restores(window, qtbot, network_session):  # noqa: F811
    path, archive, *_ = network_session
    window.open_paths([str(archive)], session_path=str(path))
    view = window.events.view
    origin = view.origin
    assert origin is not None and view.arrivals.table.rowCount() == origin.n_picks
    pick_id = view.arrivals.row_pick_ids()[2]
    view.arrivals.table.selectRow(2)
    assert view.editor.selected == pick_id  # the row's pick is selected in the section
    before = window.session.event(origin.id)
    window.registry["exclude_arrival"].trigger()
    qtbot.waitUntil(lambda: window.session.event(origin.id).time != before.time, timeout=20000)
    moved = window.session.event(origin.id)
    assert [a.used for a in moved.arrivals if a.pick_id == pick_id] == [False]
    assert window.session.pick(pick_id).status == "automatic" and not window.run_control.runs.busy
    qtbot.waitUntil(lambda: view.origin.time == moved.time, timeout=5000)
    window.review_actions["undo"].trigger()
    assert window.session.event(origin.id) == before
