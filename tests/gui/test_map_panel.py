"""The Event tab's map: labels of a dense network never cover each other (the selected event's always shown, its
stations' first), event symbols grow with ML and say so, the scale bar is as long as the km it says, the map is
drawn to scale, and tick labels keep apart at any size."""

from __future__ import annotations

import math
from itertools import combinations

import pytest
from pyproj import Geod
from PyQt6.QtCore import QPointF
from PyQt6.QtGui import QFontMetricsF

from eqviewer.gui.map_items import TICK_GAP_PX, DegreeAxis
from eqviewer.gui.map_panel import MapPanel, event_size
from eqviewer.io import StationCoordinates
from eqviewer.origins import Origin
from tests.associate.network import CENTRE, KM_PER_DEGREE, START, ring_stations
from tests.gui.test_event_view import network_session  # noqa: F401  (the fixture)


def dense_network(step_km: float = 1.5, side: int = 6) -> dict[str, StationCoordinates]:
    """A ring of 12 stations 40 km out and a ``side`` x ``side`` grid ``step_km`` apart at its centre."""
    stations = ring_stations(12)
    lon_km = KM_PER_DEGREE * math.cos(math.radians(CENTRE[0]))
    for i in range(side * side):
        stations.append(StationCoordinates(f"XX.G{i:02d}.", CENTRE[0] + (i // side) * step_km / KM_PER_DEGREE,
                                           CENTRE[1] + (i % side) * step_km / lon_km, 0.0, ("HHZ",)))
    return {s.key: s for s in stations}


def origin(number: int, latitude: float = CENTRE[0], longitude: float = CENTRE[1]) -> Origin:
    return Origin(START + 60.0 * number, latitude, longitude, 8.0, method="test", id=number)


@pytest.fixture
def shown_map(qtbot):
    panel = MapPanel()
    qtbot.addWidget(panel)
    panel.resize(260, 320)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def visible_boxes(panel: MapPanel) -> list:
    return [label.item.sceneBoundingRect() for label in panel.labels if label.item.isVisible()]


def test_labels_of_a_dense_network_do_not_overlap_and_the_selected_ones_go_first(shown_map, qtbot):
    stations = dense_network()
    events = [origin(1, CENTRE[0] + 0.02, CENTRE[1] + 0.02), origin(2)]
    shown_map.set_network(stations, events, {1: 2.0})
    kept = {k for k in stations if k.startswith("XX.G")} - {f"XX.G{i:02d}." for i in range(0, 36, 2)}
    shown_map.select(events[0], kept)
    qtbot.wait(50)
    boxes = visible_boxes(shown_map)
    assert not [(a, b) for a, b in combinations(boxes, 2) if a.intersects(b)]
    event_label = next(label for label in shown_map.labels if label.always)
    assert event_label.item.isVisible() and event_label.item.toPlainText() == "event 1, ML 2.0"
    grid = [label for label in shown_map.labels if label.item.toPlainText().startswith("G")]
    shown = {label.item.toPlainText() for label in grid if label.item.isVisible()}
    assert 0 < len(shown) < len(grid)  # too dense for every label
    kept_codes = {k.split(".")[1] for k in kept}
    assert len(shown & kept_codes) / len(kept_codes) > len(shown - kept_codes) / (len(grid) - len(kept_codes))
    ring = [label for label in shown_map.labels if label.item.toPlainText().startswith("S")]
    assert all(label.item.isVisible() for label in ring)  # room enough out there
    shown_map.view.setRange(xRange=(CENTRE[1] - 0.01, CENTRE[1] + 0.1), yRange=(CENTRE[0] - 0.01, CENTRE[0] + 0.08),
                            padding=0)  # zoomed in on the grid: placed anew
    qtbot.wait(50)
    boxes = visible_boxes(shown_map)
    assert not [(a, b) for a, b in combinations(boxes, 2) if a.intersects(b)]
    assert all(label.item.isVisible() for label in grid)


def test_event_symbols_grow_with_ml_and_say_so(shown_map):
    events = [origin(1), origin(2, CENTRE[0] + 0.1), origin(3, CENTRE[0] - 0.1)]
    shown_map.set_network(dense_network(side=2), events, {1: 1.0, 2: 3.0})
    sizes = {int(p.data()): p.size() for p in shown_map.others.points()}
    assert sizes == {1: event_size(1.0), 2: event_size(3.0), 3: event_size(None)} and sizes[1] < sizes[2]
    stars = []
    for event in events[:2]:
        shown_map.select(event)
        stars.append(shown_map.selected.points()[0].size())
    assert stars[0] < stars[1]
    assert shown_map.event_text(2) == "event 2, ML 3.0 (symbol sized by ML)"
    assert "no ML" in shown_map.event_text(3)
    assert shown_map.legend.isVisible() and "ML" in shown_map.legend.text()


def test_scale_bar_is_as_long_as_the_km_it_says_and_the_map_is_to_scale(shown_map, qtbot):
    shown_map.resize(420, 420)
    shown_map.set_network(dense_network(), [origin(1)])
    geod = Geod(ellps="WGS84")
    for x_range in ((CENTRE[1] - 0.6, CENTRE[1] + 0.6), (CENTRE[1] - 0.05, CENTRE[1] + 0.05)):
        shown_map.view.setRange(xRange=x_range, padding=0)
        qtbot.wait(50)
        bar, scale = shown_map.scale_bar.bar.rect(), shown_map.scale_bar
        left, right = (shown_map.view.mapToView(QPointF(x, bar.center().y())) for x in (bar.left(), bar.right()))
        _, _, metres = geod.inv(left.x(), left.y(), right.x(), left.y())
        assert scale.text.text() == f"{scale.km:g} km"
        assert metres / 1000 == pytest.approx(scale.km, rel=0.01)
        assert bar.width() <= 0.3 * shown_map.view.width()
    (x0, x1), (y0, y1) = shown_map.view.viewRange()
    _, _, east = geod.inv(x0, CENTRE[0], x1, CENTRE[0])
    _, _, north = geod.inv(CENTRE[1], y0, CENTRE[1], y1)
    px_per_km = (shown_map.view.width() / east, shown_map.view.height() / north)
    assert px_per_km[0] == pytest.approx(px_per_km[1], rel=0.01)


def tick_overlaps(axis: DegreeAxis) -> list:
    """Pairs of neighbouring tick labels of ``axis`` closer than they are wide (high) in pixels."""
    low, high = axis.range
    horizontal = axis.orientation == "bottom"
    length = axis.width() if horizontal else axis.height()
    metrics = QFontMetricsF(axis.style.get("tickFont") or axis.font())
    ticks = sorted(axis.tick_labels())
    centres = [(value - low) / (high - low) * length for value, _ in ticks]
    extents = [metrics.horizontalAdvance(text) if horizontal else metrics.height() for _, text in ticks]
    return [(ticks[i], ticks[i + 1]) for i in range(len(ticks) - 1)
            if centres[i + 1] - centres[i] < (extents[i] + extents[i + 1]) / 2 + TICK_GAP_PX / 2]


@pytest.mark.parametrize("size", [(160, 220), (260, 320), (600, 500)])
def test_tick_labels_keep_apart_at_any_size(shown_map, qtbot, size):
    shown_map.resize(*size)
    shown_map.set_network(dense_network(), [origin(1)])
    qtbot.wait(50)
    for name in ("bottom", "left"):
        axis = shown_map.plot.getAxis(name)
        assert axis.tick_labels() and not tick_overlaps(axis)


def test_the_event_tab_map_at_1280_by_800(window, qtbot, network_session):  # noqa: F811
    path, archive, stations, *_ = network_session
    window.resize(1280, 800)
    window.open_paths([str(archive)], session_path=str(path))
    qtbot.wait(100)
    panel = window.events.view.map
    for name in ("bottom", "left"):
        axis = panel.plot.getAxis(name)
        assert axis.tick_labels() and not tick_overlaps(axis)
    assert not [(a, b) for a, b in combinations(visible_boxes(panel), 2) if a.intersects(b)]
    assert {s.key for s in stations} == panel.origin_stations  # every station picked the shown event
    assert panel.scale_bar.bar.isVisible() and panel.origin is window.events.view.origin

