"""The arrivals of the event shown in the Event tab: a sortable table (station, phase, distance, azimuth, time,
residual, weight, used, pick status) and residuals against distance; choosing a row selects its pick in the
section (``pick_chosen(Pick)``). Arrivals excluded from the location or not used (rejected picks) are drawn
hollow."""

from __future__ import annotations

import pyqtgraph as pg
from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from eqviewer.gui.pick_style import phase_colour

ARRIVAL_COLUMNS = ("station", "phase", "dist. km", "az. °", "time", "residual s", "weight", "used", "status")


class _Number(QTableWidgetItem):
    """A cell that sorts by its value, not its text."""

    def __init__(self, value: float | None, spec: str):
        super().__init__("" if value is None else format(value, spec))
        self.value = float("-inf") if value is None else float(value)

    def __lt__(self, other) -> bool:
        return self.value < getattr(other, "value", float("-inf"))


class ArrivalPanel(QWidget):
    """The arrivals table above the residual-versus-distance plot."""

    pick_chosen = pyqtSignal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pairs: list = []  # (Arrival, Pick) of the event shown
        self.table = QTableWidget(0, len(ARRIVAL_COLUMNS))
        self.table.setHorizontalHeaderLabels(ARRIVAL_COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setSortingEnabled(True)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setLabel("bottom", "distance (km)")
        self.plot.setLabel("left", "residual (s)")
        splitter = QSplitter(Qt.Orientation.Horizontal)  # below the section: the table, its residuals beside it
        splitter.addWidget(self.table)
        splitter.addWidget(self.plot)
        splitter.setSizes([700, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.table.itemSelectionChanged.connect(self._on_selected)

    def show_event(self, origin, pairs: list, selected: int | None) -> None:
        """Show ``pairs`` (each arrival with its current pick) of ``origin``; select the row of pick ``selected``."""
        self.pairs = list(pairs)
        self.table.blockSignals(True)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.pairs))
        for row, (arrival, pick) in enumerate(self.pairs):
            cells = (QTableWidgetItem(pick.station_id), QTableWidgetItem(pick.phase),
                     _Number(arrival.distance_km, ".1f"), _Number(arrival.azimuth_deg, ".0f"),
                     _Number(pick.time - origin.time, ".2f"), _Number(arrival.residual_s, "+.2f"),
                     _Number(arrival.weight, ".2f"), QTableWidgetItem("yes" if arrival.used else "excluded"),
                     QTableWidgetItem(pick.status))
            cells[0].setData(Qt.ItemDataRole.UserRole, pick.id)
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.setSortingEnabled(True)
        self.table.clearSelection()
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == selected:
                self.table.selectRow(row)
        self.table.blockSignals(False)
        self._draw()

    def row_pick_ids(self) -> list[int]:
        """The pick ids of the rows, in the order shown."""
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.table.rowCount())]

    def _draw(self) -> None:
        self.plot.clear()
        self.plot.addLine(y=0, pen=pg.mkPen("#909090"))
        for arrival, pick in self.pairs:
            if arrival.distance_km is None or arrival.residual_s is None:
                continue
            colour = phase_colour(pick.phase[:1])
            used = arrival.used and arrival.weight != 0
            self.plot.plot([arrival.distance_km], [arrival.residual_s], pen=None, symbol="o", symbolSize=8,
                           symbolPen=pg.mkPen(colour), symbolBrush=pg.mkBrush(colour) if used else None)

    def _on_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        pick_id = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        pick = next((p for _, p in self.pairs if p.id == pick_id), None)
        if pick is not None:
            self.pick_chosen.emit(pick)
