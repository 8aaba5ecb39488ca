"""The Event tab's residual plot: residuals against distance or azimuth, and clicking a point selects its pick in
the section."""

from __future__ import annotations

from PyQt6.QtCore import QPoint, QPointF, Qt

from tests.gui.test_event_view import network_session  # noqa: F401  (the fixture)


def test_residuals_against_azimuth_and_a_clicked_point_selects_its_pick(window, qtbot, network_session):  # noqa: F811
    path, archive, *_ = network_session
    window.open_paths([str(archive)], session_path=str(path))
    view = window.events.view
    panel = view.arrivals
    placed = [(a, p) for a, p in panel.pairs if a.residual_s is not None]
    low, high = min(a.residual_s for a, _ in placed), max(a.residual_s for a, _ in placed)

    def apart(pair) -> float:  # how far a point lies from the others (azimuth and residual scaled to the view)
        return min(abs(pair[0].azimuth_deg - a.azimuth_deg) / 360 + abs(pair[0].residual_s - a.residual_s)
                   / (high - low) for a, p in placed if p.id != pair[1].id)

    arrival, pick = max(placed, key=apart)
    assert panel.point_of(pick.id) == (arrival.distance_km, arrival.residual_s)
    panel.against.setCurrentText("residual vs azimuth")
    assert panel.point_of(pick.id) == (arrival.azimuth_deg, arrival.residual_s)
    assert panel.plot.getAxis("bottom").labelText == "azimuth (°)"
    panel.plot.getPlotItem().vb.setRange(xRange=(0, 360), yRange=(low, high), padding=0.1)
    qtbot.wait(50)
    scene = panel.plot.getPlotItem().vb.mapViewToScene(QPointF(arrival.azimuth_deg, arrival.residual_s))
    at = panel.plot.mapFromScene(scene)
    qtbot.mouseClick(panel.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(at.x(), at.y()))
    qtbot.waitUntil(lambda: view.editor is not None and view.editor.selected == pick.id, timeout=3000)
    assert window.editor is view.editor  # the review keys act on it
    assert panel.row_pick_ids()[panel.table.currentRow()] == pick.id
    window.review_actions["accept_pick"].trigger()
    assert window.session.pick(pick.id).status == "accepted"
