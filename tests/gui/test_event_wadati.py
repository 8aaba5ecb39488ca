"""Events ▸ Wadati diagram: a session without reviewed events says why there is no diagram; with every located
event (or once they are committed) it draws each station's S-P against P travel time and the fitted vp/vs line
(the generated network's vp/vs is 6.0 / 3.5); clicking a point shows its event."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtCore import QPoint, QPointF, Qt

from tests.gui.test_event_view import network_session  # noqa: F401  (the fixture)


def test_the_wadati_diagram_draws_the_fit_and_a_point_shows_its_event(window, qtbot, network_session):  # noqa: F811
    path, archive, *_ = network_session
    window.open_paths([str(archive)], session_path=str(path))
    view, panel = window.events.view, window.events.wadati
    window.registry["wadati_diagram"].trigger()
    assert panel.isVisible() and panel.fit is None and panel.summary.text().startswith("no Wadati diagram: ")
    panel.all_events.setChecked(True)
    fit = panel.fit
    assert fit is not None and fit.vp_vs == pytest.approx(6.0 / 3.5, abs=0.05)
    assert f"vp/vs {fit.vp_vs:.3f}" in panel.summary.text()
    drawn = panel.points.getData()
    assert len(drawn[0]) == len(fit.points) >= 8
    assert np.allclose(drawn[1], [p.s_minus_p_s for p in fit.points])
    line = [item for item in panel.plot.getPlotItem().listDataItems() if item is not panel.points][0]
    xs, ys = line.getData()
    assert np.allclose(ys, (fit.vp_vs - 1.0) * xs)
    other = next(p for p in fit.points if p.event_id != view.origin.id)
    panel.plot.getPlotItem().vb.setRange(xRange=(other.p_travel_s - 0.3, other.p_travel_s + 0.3),
                                         yRange=(other.s_minus_p_s - 0.3, other.s_minus_p_s + 0.3), padding=0)
    qtbot.wait(50)
    at = panel.plot.mapFromScene(panel.plot.getPlotItem().vb.mapViewToScene(QPointF(other.p_travel_s,
                                                                                    other.s_minus_p_s)))
    qtbot.mouseClick(panel.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(at.x(), at.y()))
    qtbot.waitUntil(lambda: view.origin.id == other.event_id, timeout=3000)
    assert panel.shown_event == other.event_id and window.events.shown()


def test_committed_events_are_the_reviewed_ones_the_diagram_fits(window, qtbot, network_session):  # noqa: F811
    path, archive, *_ = network_session
    window.open_paths([str(archive)], session_path=str(path))
    view = window.events.view
    for origin in list(view.origins):
        view.select_event(origin.id)
        window.registry["commit_event"].trigger()
    window.registry["wadati_diagram"].trigger()
    panel = window.events.wadati
    assert not panel.all_events.isChecked() and panel.fit is not None and panel.fit.n_events == 2
