"""The map panel: stations, the selected event's epicentre, the other events faded, every event sized by its local
magnitude (a legend and each symbol's tooltip say so); plain pyqtgraph in degrees, drawn to scale (a degree of
longitude as long as it is at the network's latitude) with a scale bar in km. Station and event labels are placed
where they cover no other (:mod:`~eqviewer.gui.map_items`); the selected event's and its stations' go first."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

import pyqtgraph as pg
from PyQt6.QtCore import QPointF, QRectF, pyqtSignal
from PyQt6.QtWidgets import QGraphicsSimpleTextItem, QVBoxLayout, QWidget

from eqviewer.gui.map_items import DegreeAxis, MapLabel, ScaleBar, place_labels
from eqviewer.io import StationCoordinates, station_key
from eqviewer.origins import Origin

STATION_COLOUR = "#2b2b2b"
EVENT_COLOUR = "#d62728"
FADED_COLOUR = (120, 120, 120, 90)
EVENT_SIZE = 7  # px, an event without a magnitude
SIZE_PER_MAGNITUDE = 3.0  # px per magnitude unit: the symbol of ML m is EVENT_SIZE + (m - 1) * this wide
SIZE_RANGE = (4, 24)
STATION_SIZE = 11  # px
STAR_EXTRA = 8  # px: the selected event's star is this much wider than its magnitude's dot
LEGEND_TEXT = "event size: ML"
LEGEND_COLOUR = "#707070"
LEGEND_MARGIN_PX = 4


def event_size(magnitude: float | None) -> float:
    """The symbol size (px) of an event of local magnitude ``magnitude`` (None: unknown)."""
    if magnitude is None:
        return EVENT_SIZE
    return min(max(EVENT_SIZE + (magnitude - 1.0) * SIZE_PER_MAGNITUDE, SIZE_RANGE[0]), SIZE_RANGE[1])


def event_stations(session, origin: Origin | None) -> set[str]:
    """The station keys (NET.STA.LOC) of the current picks of ``origin`` (none without a session or event)."""
    if session is None or origin is None or session.event(origin.id) is None:
        return set()
    return {station_key(p.station_id) for _, p in session.event_picks(origin.id)}


class MapPanel(QWidget):
    """Longitude/latitude plot of the network; ``event_clicked(origin id)`` when an event dot is clicked."""

    event_clicked = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        axes = {"bottom": DegreeAxis("bottom"), "left": DegreeAxis("left")}  # tick labels that keep apart
        self.plot = pg.PlotWidget(background="w", axisItems=axes)
        self.plot.setAspectLocked(True)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setLabel("bottom", "longitude (°)")
        self.plot.setLabel("left", "latitude (°)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.view = self.plot.getPlotItem().vb
        self.stations = pg.ScatterPlotItem(symbol="t", size=STATION_SIZE, brush=pg.mkBrush(STATION_COLOUR), pen=None,
                                           hoverable=True, tip=lambda x, y, data: f"station {data}")
        self.others = pg.ScatterPlotItem(symbol="o", size=EVENT_SIZE, brush=pg.mkBrush(*FADED_COLOUR), pen=None,
                                         hoverable=True, tip=lambda x, y, data: self.event_text(data))
        self.selected = pg.ScatterPlotItem(symbol="star", size=20, brush=pg.mkBrush(EVENT_COLOUR),
                                           pen=pg.mkPen("k"))
        for item in (self.others, self.stations, self.selected):
            self.plot.addItem(item)
        self.others.sigClicked.connect(self._on_clicked)
        self.scale_bar = ScaleBar(self.view, STATION_COLOUR)
        self.legend = QGraphicsSimpleTextItem(LEGEND_TEXT, self.view)  # says what the sizes mean
        self.legend.setBrush(pg.mkBrush(LEGEND_COLOUR))
        self.labels: list[MapLabel] = []
        self.magnitudes: Mapping[int, float] = {}
        self.origin: Origin | None = None
        self.origin_stations: set[str] = set()  # the selected event's stations: their labels go first
        self._station_list: list[StationCoordinates] = []
        self.view.sigRangeChanged.connect(self.place_labels)
        self.view.sigResized.connect(self.place_labels)

    def event_text(self, origin_id: int) -> str:
        """An event's tooltip: its id and local magnitude, which its symbol's size shows."""
        magnitude = self.magnitudes.get(origin_id)
        return f"event {origin_id}, " + (f"ML {magnitude:.1f} (symbol sized by ML)" if magnitude is not None
                                         else "no ML (smallest symbol)")

    def set_network(self, stations: dict[str, StationCoordinates], origins: list[Origin],
                    magnitudes: Mapping[int, float] | None = None) -> None:
        """Draw the stations (with their codes) and every event, faded and sized by its magnitude (``magnitudes``
        by origin id; the selected one stays marked)."""
        self.magnitudes = magnitudes or {}
        self._station_list = list(stations.values())
        values = self._station_list
        self.stations.setData([s.longitude for s in values], [s.latitude for s in values],
                              data=[s.key.rstrip(".") for s in values])
        self.others.setData([o.longitude for o in origins], [o.latitude for o in origins],
                            data=[o.id for o in origins], size=[event_size(self.magnitudes.get(o.id)) for o in origins])
        latitudes = [s.latitude for s in values] or [o.latitude for o in origins] or [0.0]
        centre = (min(latitudes) + max(latitudes)) / 2
        self.plot.setAspectLocked(True, ratio=math.cos(math.radians(centre)))  # km the same both ways
        self.scale_bar.set_latitude(centre)
        self.legend.setVisible(bool(self.magnitudes))
        self._make_labels()
        self.plot.autoRange()
        self.place_labels()

    def select(self, origin: Origin | None, stations: Collection[str] = ()) -> None:
        """Mark the selected event's epicentre (sized by its magnitude) and label it and its ``stations`` (keys)
        first."""
        if origin is not None:
            self.selected.setData([origin.longitude], [origin.latitude], size=self._star_size(origin))
        else:
            self.selected.setData([], [])
        if origin != self.origin or set(stations) != self.origin_stations:
            self.origin, self.origin_stations = origin, set(stations)
            self._make_labels()
            self.place_labels()

    def _make_labels(self) -> None:
        """Labels for the stations (their codes) and the selected event (its id and ML)."""
        for label in self.labels:
            self.plot.removeItem(label.item)
        self.labels = [self._label(s.key.split(".")[1], STATION_COLOUR, s.longitude, s.latitude, STATION_SIZE,
                                   kept=s.key in self.origin_stations) for s in self._station_list]
        if self.origin is not None:
            magnitude = self.magnitudes.get(self.origin.id)
            text = f"event {self.origin.id}" + ("" if magnitude is None else f", ML {magnitude:.1f}")
            self.labels.append(self._label(text, EVENT_COLOUR, self.origin.longitude, self.origin.latitude,
                                           self._star_size(), kept=True, always=True))

    def _star_size(self, origin: Origin | None = None) -> float:
        """The size (px) of the selected event's star: its magnitude's dot and then some."""
        origin = origin or self.origin
        return event_size(self.magnitudes.get(origin.id) if origin else None) + STAR_EXTRA

    def _label(self, text: str, colour: str, x: float, y: float, symbol_px: float, kept: bool = False,
               always: bool = False) -> MapLabel:
        item = pg.TextItem(text, color=colour, anchor=(0, 0))
        item.textItem.document().setDocumentMargin(0)
        self.plot.addItem(item, ignoreBounds=True)
        return MapLabel(item, x, y, symbol_px, kept, always)

    def place_labels(self, *_args) -> None:
        """Place the labels anew where none covers another, the symbols, the legend or the scale bar."""
        self.legend.setPos(self.view.width() - self.legend.boundingRect().width() - LEGEND_MARGIN_PX,
                           LEGEND_MARGIN_PX)
        if not self.labels:
            return
        obstacles = [self.scale_bar.scene_rect()] + ([self.legend.sceneBoundingRect()] if self.legend.isVisible()
                                                     else [])
        symbols = [(s.longitude, s.latitude, STATION_SIZE) for s in self._station_list]
        if self.origin is not None:
            symbols.append((self.origin.longitude, self.origin.latitude, self._star_size()))
        for x, y, size in symbols:
            point = self.view.mapViewToScene(QPointF(x, y))
            obstacles.append(QRectF(point.x() - size / 2, point.y() - size / 2, size, size))
        place_labels(self.view, self.labels, obstacles)

    def _on_clicked(self, _item, points, *_args) -> None:
        if len(points):
            self.event_clicked.emit(int(points[0].data()))
