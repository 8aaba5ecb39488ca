"""The map panel: stations, the selected event's epicentre, the other events faded and sized by their local
magnitude (plain pyqtgraph, degrees)."""

from __future__ import annotations

from collections.abc import Mapping

import pyqtgraph as pg
from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QVBoxLayout, QWidget

from eqviewer.io import StationCoordinates
from eqviewer.origins import Origin

STATION_COLOUR = "#2b2b2b"
EVENT_COLOUR = "#d62728"
FADED_COLOUR = (120, 120, 120, 90)
EVENT_SIZE = 7  # px, an event without a magnitude
SIZE_PER_MAGNITUDE = 3.0  # px per magnitude unit: the symbol of ML m is EVENT_SIZE + (m - 1) * this wide
SIZE_RANGE = (4, 24)


def event_size(magnitude: float | None) -> float:
    """The symbol size (px) of an event of local magnitude ``magnitude`` (None: unknown)."""
    if magnitude is None:
        return EVENT_SIZE
    return min(max(EVENT_SIZE + (magnitude - 1.0) * SIZE_PER_MAGNITUDE, SIZE_RANGE[0]), SIZE_RANGE[1])


class MapPanel(QWidget):
    """Longitude/latitude plot of the network; ``event_clicked(origin id)`` when an event dot is clicked."""

    event_clicked = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setAspectLocked(True)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setLabel("bottom", "longitude (°)")
        self.plot.setLabel("left", "latitude (°)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.stations = pg.ScatterPlotItem(symbol="t", size=11, brush=pg.mkBrush(STATION_COLOUR), pen=None)
        self.others = pg.ScatterPlotItem(symbol="o", size=EVENT_SIZE, brush=pg.mkBrush(*FADED_COLOUR), pen=None)
        self.selected = pg.ScatterPlotItem(symbol="star", size=20, brush=pg.mkBrush(EVENT_COLOUR),
                                           pen=pg.mkPen("k"))
        for item in (self.others, self.stations, self.selected):
            self.plot.addItem(item)
        self.others.sigClicked.connect(self._on_clicked)
        self.labels: list[pg.TextItem] = []

    def set_network(self, stations: dict[str, StationCoordinates], origins: list[Origin],
                    magnitudes: Mapping[int, float] | None = None) -> None:
        """Draw the stations (with their codes) and every event, faded and sized by its magnitude (``magnitudes``
        by origin id; the selected one stays marked)."""
        magnitudes = magnitudes or {}
        for label in self.labels:
            self.plot.removeItem(label)
        self.labels = []
        values = list(stations.values())
        self.stations.setData([s.longitude for s in values], [s.latitude for s in values])
        for station in values:
            label = pg.TextItem(station.key.split(".")[1], color=STATION_COLOUR, anchor=(0.5, -0.3))
            label.setPos(station.longitude, station.latitude)
            self.plot.addItem(label)
            self.labels.append(label)
        self.others.setData([o.longitude for o in origins], [o.latitude for o in origins],
                            data=[o.id for o in origins], size=[event_size(magnitudes.get(o.id)) for o in origins])
        self.plot.autoRange()

    def select(self, origin: Origin | None) -> None:
        """Mark the selected event's epicentre."""
        self.selected.setData([origin.longitude], [origin.latitude]) if origin else self.selected.setData([], [])

    def _on_clicked(self, _item, points, *_args) -> None:
        if len(points):
            self.event_clicked.emit(int(points[0].data()))
