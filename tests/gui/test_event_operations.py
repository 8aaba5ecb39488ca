"""Events-menu operations on the shown event: its type, committing it (marked in the event list), holding its
depth fixed (relocated, shown as fixed) and deleting it; each undoable."""

from __future__ import annotations

from eqviewer.gui.event_display import COMMITTED_MARK
from tests.gui.test_event_view import network_session  # noqa: F401  (the fixture)


def test_type_commit_and_delete_are_undoable(window, qtbot, network_session):  # noqa: F811
    path, archive, *_ = network_session
    window.open_paths([str(archive)], session_path=str(path))
    view, session = window.events.view, window.session
    origin = view.origin
    window.registry["event_type_quarry_blast"].trigger()
    assert session.event(origin.id).event_type == "quarry blast"
    window.registry["commit_event"].trigger()
    assert session.event(origin.id).evaluation_status == "final"
    row = [o.id for o in view.origins].index(origin.id)
    assert view.table.item(row, 0).text().startswith(COMMITTED_MARK)
    assert view.summary.text().endswith("quarry blast  committed")
    window.review_actions["undo"].trigger()
    assert not session.event(origin.id).committed and session.event(origin.id).event_type == "quarry blast"
    qtbot.waitUntil(lambda: not view.table.item(row, 0).text().startswith(COMMITTED_MARK), timeout=3000)
    window.review_actions["undo"].trigger()
    assert session.event(origin.id).event_type is None
    count = len(session.events())
    window.registry["delete_event"].trigger()
    assert session.event(origin.id) is None and len(view.origins) == count - 1 and view.origin.id != origin.id
    window.review_actions["undo"].trigger()
    assert session.event(origin.id) == origin
    qtbot.waitUntil(lambda: len(view.origins) == count, timeout=3000)


def test_holding_the_depth_relocates_the_event_and_undo_frees_it(window, qtbot, network_session,  # noqa: F811
                                                                  monkeypatch):
    from PyQt6.QtWidgets import QInputDialog

    path, archive, *_ = network_session
    window.open_paths([str(archive)], session_path=str(path))
    view, session = window.events.view, window.session
    origin = view.origin
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *args: (4.0, True))
    window.registry["fix_depth"].trigger()
    qtbot.waitUntil(lambda: session.event(origin.id).depth_fixed, timeout=20000)
    held = session.event(origin.id)
    assert held.depth_km == 4.0 and held.depth_error_km is None and held.id == origin.id
    qtbot.waitUntil(lambda: "fixed" in view.summary.text(), timeout=5000)
    window.review_actions["undo"].trigger()
    assert session.event(origin.id) == origin
