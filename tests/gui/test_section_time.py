"""The Event tab's section time axis: a key steps from the origin time to reduced time (distance over the reduction
velocity) to each station aligned on its P (pick, else prediction); the axis says which, and picking at the mouse
still lands at the time under it."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QPointF

from eqviewer.gui.event_display import ALIGNED_ON_P, ORIGIN_TIME, REDUCED_TIME, REDUCTION_VELOCITY_KM_S
from tests.gui.test_event_view import network_session  # noqa: F401  (the fixture)


def test_the_key_steps_the_section_time_and_shifts_the_traces(window, qtbot, network_session):  # noqa: F811
    path, archive, stations, events, missed = network_session
    window.open_paths([str(archive)], session_path=str(path))
    view = window.events.view
    view.select_event(min(view.origins, key=lambda o: abs(o.time - events[0].time)).id)
    origin = view.origin
    assert view.time_box.currentText() == ORIGIN_TIME and set(view.offsets) == {0.0}
    assert view.plot.getAxis("bottom").labelText == "seconds after origin time"
    window.registry["section_time"].trigger()
    assert view.time_box.currentText() == REDUCED_TIME
    assert view.offsets == pytest.approx([t.distance_km / REDUCTION_VELOCITY_KM_S for t in view.traces])
    assert "reduced" in view.plot.getAxis("bottom").labelText and "section time: reduced" in \
        window.statusBar().currentMessage()
    window.registry["section_time"].trigger()
    assert view.time_box.currentText() == ALIGNED_ON_P and "P" in view.plot.getAxis("bottom").labelText
    members = {p.id for _, p in window.session.event_picks(origin.id)}
    for index, trace in enumerate(view.traces):
        p_pick = next((p for p in trace.picks if p.id in members and p.phase == "P"), None)
        if p_pick is not None:  # each station's P pick sits at zero
            assert view.section_x(index, p_pick.time) == pytest.approx(0.0, abs=1e-6)
        else:  # the missed P: its prediction does
            assert trace.station.key == missed.station_id[:-3]
            assert view.offsets[index] == pytest.approx(float(trace.predicted["P"] - origin.time))
    last = len(view.traces) - 1
    assert view.offsets[last] > view.offsets[0] + 1.0  # the far station is shifted most
    scene = view.plot.getPlotItem().vb.mapViewToScene(QPointF(0.5, -last))
    view.plot.scene().sigMouseMoved.emit(scene)
    trace, time = window.events.picking.under_mouse()
    assert trace is view.traces[last] and abs(time - (origin.time + view.offsets[last] + 0.5)) < 0.05
    window.registry["section_time"].trigger()
    assert view.time_box.currentText() == ORIGIN_TIME and set(view.offsets) == {0.0}
