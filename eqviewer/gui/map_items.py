"""The pieces of the Event tab's map (:mod:`~eqviewer.gui.map_panel`): degree axes whose tick labels never
overlap, a scale bar in km, and labels placed around their symbols so that none covers another."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from PyQt6.QtCore import QPointF, QRectF
from PyQt6.QtGui import QFontMetricsF
from PyQt6.QtWidgets import QGraphicsRectItem, QGraphicsSimpleTextItem

KM_PER_DEGREE = 111.195
"""Kilometres per degree of latitude (and of longitude at the equator) on a sphere of the Earth's mean radius."""
TICK_GAP_PX = 12  # the least free space between two tick labels
STEP_MANTISSAS = (1, 2, 5)
SCALE_KM = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)
SCALE_FRACTION = 0.3  # the scale bar is at most this share of the map's width
SCALE_MARGIN_PX = 8
SCALE_HEIGHT_PX = 4
LABEL_GAP_PX = 4  # between a symbol's centre and its label's nearest edge, beyond half the symbol
# Where a label may go around its symbol, in order of preference: (x, y) of the label's box relative to the symbol,
# -1 left of / above it, 0 centred, 1 right of / below it.
LABEL_SPOTS = ((0, 1), (1, 0), (-1, 0), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))


def nice_steps(smallest: float) -> list[float]:
    """Tick steps of 1, 2 and 5 times a power of ten, from the one at or just below ``smallest`` upward."""
    exponent = math.floor(math.log10(smallest)) if smallest > 0 else 0
    return [m * 10.0 ** e for e in range(exponent, exponent + 6) for m in STEP_MANTISSAS]


class DegreeAxis(pg.AxisItem):
    """A longitude or latitude axis with one level of ticks, spaced so that their labels keep
    :data:`TICK_GAP_PX` apart at any size of the map."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float):  # noqa: N802 (pyqtgraph's name)
        """The smallest 1-2-5 step whose labels fit between neighbouring ticks."""
        span = maxVal - minVal
        if span <= 0 or size <= 0:
            return super().tickSpacing(minVal, maxVal, size)
        for step in nice_steps(span / max(size / TICK_GAP_PX, 1.0)):
            if step * size / span >= self.label_extent(minVal, maxVal, step) + TICK_GAP_PX:
                return [(step, 0.0)]
        return [(span, 0.0)]

    def label_extent(self, low: float, high: float, step: float) -> float:
        """The room (px along the axis) the widest tick label of step ``step`` between ``low`` and ``high`` takes."""
        metrics = QFontMetricsF(self.style.get("tickFont") or self.font())
        if self.orientation in ("left", "right"):
            return metrics.height()
        values = [step * k for k in range(math.ceil(low / step), math.floor(high / step) + 1)] or [low, high]
        return max(metrics.horizontalAdvance(text) for text in self.tickStrings(values, 1.0, step))

    def tick_labels(self) -> list[tuple[float, str]]:
        """The ticks drawn now: (value, label) pairs."""
        low, high = self.range
        size = self.width() if self.orientation in ("top", "bottom") else self.height()
        values = [v for _, level in self.tickValues(low, high, size) for v in level]
        step = self.tickSpacing(low, high, size)[0][0]
        return list(zip(values, self.tickStrings(values, 1.0, step)))


class ScaleBar:
    """A bar of a round number of km in the lower left corner of ``view`` (a ViewBox in degrees), as long as that
    distance east-west at ``latitude``; redrawn as the view zooms or resizes."""

    def __init__(self, view: pg.ViewBox, colour: str):
        self.view, self.latitude, self.km = view, 0.0, 0.0
        self.bar = QGraphicsRectItem(view)
        self.bar.setBrush(pg.mkBrush(colour))
        self.bar.setPen(pg.mkPen(None))
        self.text = QGraphicsSimpleTextItem(view)
        self.text.setBrush(pg.mkBrush(colour))
        view.sigRangeChanged.connect(self.redraw)
        view.sigResized.connect(self.redraw)

    def set_latitude(self, latitude: float) -> None:
        """Measure along the parallel at ``latitude`` (the map's centre)."""
        self.latitude = latitude
        self.redraw()

    def redraw(self, *_args) -> None:
        """The longest round distance within :data:`SCALE_FRACTION` of the map's width."""
        (left, right), _ = self.view.viewRange()
        width = self.view.width()
        km_per_px = (right - left) * KM_PER_DEGREE * math.cos(math.radians(self.latitude)) / width if width else 0
        fitting = [km for km in SCALE_KM if km_per_px and km / km_per_px <= SCALE_FRACTION * width]
        self.bar.setVisible(bool(fitting))
        self.text.setVisible(bool(fitting))
        if not fitting:
            return
        self.km = fitting[-1]
        length = self.km / km_per_px
        bottom = self.view.height() - SCALE_MARGIN_PX
        self.bar.setRect(SCALE_MARGIN_PX, bottom - SCALE_HEIGHT_PX, length, SCALE_HEIGHT_PX)
        self.text.setText(f"{self.km:g} km")
        self.text.setPos(SCALE_MARGIN_PX, bottom - SCALE_HEIGHT_PX - self.text.boundingRect().height())

    def scene_rect(self) -> QRectF:
        """Where the bar and its text are, in scene pixels."""
        return self.bar.sceneBoundingRect().united(self.text.sceneBoundingRect())


@dataclass
class MapLabel:
    """A label of the symbol at (``x``, ``y``) (degrees) ``symbol_px`` wide; ``kept``: placed before the others
    (the selected event's, its stations'), ``always``: shown even where it covers another."""

    item: pg.TextItem
    x: float
    y: float
    symbol_px: float
    kept: bool = False
    always: bool = False


def place_labels(view: pg.ViewBox, labels: list[MapLabel], obstacles: list[QRectF]) -> None:
    """Put each label beside its symbol where its box covers no label placed before it and none of
    ``obstacles`` (scene pixels), trying :data:`LABEL_SPOTS` in turn; labels that find no such spot inside the view
    are hidden (an ``always`` one then takes its first spot). ``labels`` go in their order, kept ones first."""
    inside = view.sceneBoundingRect()
    placed: list[QRectF] = []
    for label in sorted(labels, key=lambda lab: (not lab.always, not lab.kept)):
        centre = view.mapViewToScene(QPointF(label.x, label.y))
        size = label.item.textItem.boundingRect().size()
        reach = label.symbol_px / 2 + LABEL_GAP_PX
        boxes = [_box(centre, size, reach, spot) for spot in LABEL_SPOTS]
        free = next((b for b in boxes if inside.contains(b) and not any(b.intersects(o) for o in placed + obstacles)),
                    None)
        box = free if free is not None or not label.always else boxes[0]
        label.item.setVisible(box is not None)
        if box is not None:
            label.item.setPos(view.mapSceneToView(box.topLeft()))
            placed.append(box)


def _box(centre: QPointF, size, reach: float, spot: tuple[int, int]) -> QRectF:
    """The box of a label of ``size`` at ``spot`` around a symbol centred at ``centre``."""
    dx, dy = spot
    left = centre.x() - size.width() / 2 + dx * (size.width() / 2 + reach)
    top = centre.y() - size.height() / 2 + dy * (size.height() / 2 + reach)
    return QRectF(left, top, size.width(), size.height())
