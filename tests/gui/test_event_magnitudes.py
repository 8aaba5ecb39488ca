"""Local magnitudes in the event view: the event list's ML column and event symbols on the map sized by ML."""

from __future__ import annotations

from eqviewer.gui.event_view import COLUMNS, EventView
from eqviewer.gui.map_panel import EVENT_SIZE, event_size
from eqviewer.magnitudes import Magnitude
from eqviewer.origins import Origin
from eqviewer.review.session import Session
from tests.associate.network import CENTRE, START, ring_stations


def test_event_list_and_map_show_the_magnitude(qtbot, tmp_path):
    with Session.create(tmp_path / "s.eqreview") as session:
        session.set_stations(ring_stations(4), source="test")
        ids = session.replace_events([Origin(START + 60.0 * i, CENTRE[0] + 0.1 * i, CENTRE[1], 8.0, method="test",
                                             velocity_model="vp=6.0,vs=3.5") for i in range(3)])
        session.set_magnitude(ids[0], [], Magnitude(0.46, 0.1, 4, "iaspei formula, median of station magnitudes"))
        session.set_magnitude(ids[1], [], Magnitude(3.46, None, 1, "iaspei formula, median of station magnitudes"))
        view = EventView()
        qtbot.addWidget(view)
        view.set_session(session, [])
        column = COLUMNS.index("ML")
        cells = {o.id: view.table.item(row, column).text() for row, o in enumerate(view.origins)}
        assert cells == {ids[0]: "0.5", ids[1]: "3.5", ids[2]: ""}
        sizes = {int(p.data()): p.size() for p in view.map.others.points()}
        assert sizes == {ids[0]: event_size(0.46), ids[1]: event_size(3.46), ids[2]: EVENT_SIZE}
        assert sizes[ids[0]] < EVENT_SIZE < sizes[ids[1]]


def test_symbol_size_grows_with_magnitude_within_bounds():
    sizes = [event_size(m) for m in (-3.0, 0.0, 1.0, 2.0, 9.0)]
    assert sizes == sorted(sizes) and sizes[0] == event_size(-5.0) and sizes[-1] == event_size(12.0)
    assert event_size(None) == event_size(1.0) == EVENT_SIZE
