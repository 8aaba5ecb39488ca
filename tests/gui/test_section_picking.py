"""Picking in the Event tab's section: P at the mouse on a station joins the shown event and relocates it (one undo
takes back both), refused away from the section; relabelling a pick's phase is a correction; the view filter
draws the section's traces; a likely-noise row brings its pick into view."""

from __future__ import annotations

from PyQt6.QtCore import QEvent, QPointF
from PyQt6.QtWidgets import QApplication

from eqviewer.app.location import needs_relocation
from eqviewer.app.view_filter import PRESETS
from tests.associate.network import START
from tests.gui.test_event_view import network_session, open_with_a_false_pick  # noqa: F401  (the fixture)


def _point_at(view, index: int, seconds: float) -> None:
    """Move the (pretend) mouse over station row ``index`` at ``seconds`` after the origin."""
    scene = view.plot.getPlotItem().vb.mapViewToScene(QPointF(seconds, -index))
    view.plot.scene().sigMouseMoved.emit(scene)


def test_p_at_the_mouse_joins_the_event_and_relocates_it(window, qtbot, network_session):  # noqa: F811
    path, archive, stations, events, missed = network_session
    window.open_paths([str(archive)], session_path=str(path))
    view, session = window.events.view, window.session
    view.select_event(min(view.origins, key=lambda o: abs(o.time - events[0].time)).id)
    origin = session.event(view.origin.id)
    index = next(i for i, t in enumerate(view.traces) if t.station.key == missed.station_id[:-3])
    before = {p.id for p in session.picks()}
    window.events.picking.mouse = None
    window.review_actions["set_p_pick"].trigger()  # the mouse is not over the section: refused
    assert "no P pick placed" in window.statusBar().currentMessage() and {p.id for p in session.picks()} == before
    _point_at(view, index, missed.time - origin.time)
    window.review_actions["set_p_pick"].trigger()
    added = [p for p in session.picks() if p.id not in before]
    assert len(added) == 1 and added[0].status == "manual" and abs(added[0].time - missed.time) < 0.05
    assert added[0].id in {p.id for _, p in session.event_picks(origin.id)}
    qtbot.waitUntil(lambda: not needs_relocation(session, origin.id), timeout=20000)
    assert session.event(origin.id).n_picks == origin.n_picks + 1
    window.review_actions["undo"].trigger()  # the pick, its arrival and the relocation
    assert session.event(origin.id) == origin and {p.id for p in session.picks()} == before
    QApplication.sendEvent(view.plot.viewport(), QEvent(QEvent.Type.Leave))
    assert window.events.picking.under_mouse() is None


def test_relabelling_a_phase_is_a_correction_and_the_filter_draws_the_section(window, qtbot,  # noqa: F811
                                                                              network_session):
    path, archive, *_ = network_session
    window.open_paths([str(archive)], session_path=str(path))
    view, session = window.events.view, window.session
    pick = next(p for t in view.traces for p in t.picks if p.phase == "P")
    view.select_pick(pick)
    window.review_actions["relabel_phase"].trigger()
    corrected = session.pick(view.editor.selected)
    assert corrected.phase == "S" and corrected.origin_id == pick.id and corrected.status == "corrected"
    trace = next(t for t in view.traces if t.data is not None)
    assert view.section_filter.shown(trace) is trace.data
    window.view_filter.choose(PRESETS[0])
    shown = view.section_filter.shown(trace)
    assert shown is not trace.data and shown.shape == trace.data.shape
    assert view.section_filter.shown(trace) is shown  # filtered once


def test_a_likely_noise_row_brings_its_pick_into_view(window, qtbot, network_session):  # noqa: F811
    false = open_with_a_false_pick(window, network_session)
    view = window.events.view
    view.noise_table.selectRow(0)
    assert window.editor is view.editor and view.editor.selected == false
    (left, right), _ = view.plot.getPlotItem().vb.viewRange()
    assert abs((left + right) / 2 - (START + 700.0 - view.origin.time)) < 0.5
