"""The map panel: stations, the selected event's epicentre, the other events faded (plain pyqtgraph, degrees)."""

from __future__ import annotations

import pyqtgraph as pg
from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QVBoxLayout, QWidget

from eqviewer.io import StationCoordinates
from eqviewer.origins import Origin

STATION_COLOUR = "#2b2b2b"
EVENT_COLOUR = "#d62728"
FADED_COLOUR = (120, 120, 120, 90)


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
        self.others = pg.ScatterPlotItem(symbol="o", size=7, brush=pg.mkBrush(*FADED_COLOUR), pen=None)
        self.selected = pg.ScatterPlotItem(symbol="star", size=20, brush=pg.mkBrush(EVENT_COLOUR),
                                           pen=pg.mkPen("k"))
        for item in (self.others, self.stations, self.selected):
            self.plot.addItem(item)
        self.others.sigClicked.connect(self._on_clicked)
        self.labels: list[pg.TextItem] = []

    def set_network(self, stations: dict[str, StationCoordinates], origins: list[Origin]) -> None:
        """Draw the stations (with their codes) and every event, faded (the selected one stays marked)."""
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
                            data=[o.id for o in origins])
        self.plot.autoRange()

    def select(self, origin: Origin | None) -> None:
        """Mark the selected event's epicentre."""
        self.selected.setData([origin.longitude], [origin.latitude]) if origin else self.selected.setData([], [])

    def _on_clicked(self, _item, points, *_args) -> None:
        if len(points):
            self.event_clicked.emit(int(points[0].data()))
