"""The arrivals of the event shown in the Event tab: a sortable table (station, phase, residual, distance, azimuth,
time, weight, used, pick status) and residuals against distance or azimuth (chosen above the plot); choosing a
row or clicking a point selects its pick in the section (``pick_chosen(Pick)``). Arrivals excluded from the location
or not used (rejected picks) are drawn hollow, the selected pick's point ringed."""

from __future__ import annotations

import pyqtgraph as pg
from PyQt6.QtCore import QItemSelectionModel, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox, QSizePolicy, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from eqviewer.gui.pick_style import phase_colour

ARRIVAL_COLUMNS = ("station", "phase", "residual s", "dist. km", "az. °", "time", "weight", "used", "status")
"""The residual first after the pick, so a narrow table still shows it."""
RESIDUAL_AGAINST = {"residual vs distance": ("distance_km", "distance (km)"),
                    "residual vs azimuth": ("azimuth_deg", "azimuth (°)")}
"""What the residual plot's x axis can show: the arrival's attribute and the axis label."""
POINT_SIZE, SELECTED_SIZE = 8, 13
SELECT_ROW = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
KEEP_SELECTION = QItemSelectionModel.SelectionFlag.NoUpdate


class _Number(QTableWidgetItem):
    """A cell that sorts by its value, not its text."""

    def __init__(self, value: float | None, spec: str):
        super().__init__("" if value is None else format(value, spec))
        self.value = float("-inf") if value is None else float(value)

    def __lt__(self, other) -> bool:
        return self.value < getattr(other, "value", float("-inf"))


class ArrivalPanel(QWidget):
    """The arrivals table beside the residual plot (against distance or azimuth: ``against``)."""

    pick_chosen = pyqtSignal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pairs: list = []  # (Arrival, Pick) of the event shown
        self.selected: int | None = None  # the pick id selected in the section
        self.table = QTableWidget(0, len(ARRIVAL_COLUMNS))
        self.table.setHorizontalHeaderLabels(ARRIVAL_COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.ExtendedSelection)  # arrivals to split off
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setSortingEnabled(True)
        self.against = QComboBox()
        self.against.addItems(list(RESIDUAL_AGAINST))
        self.against.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # no minimum width
        self.plot = pg.PlotWidget(background="w")
        self.plot.setLabel("left", "residual", units="s")  # pyqtgraph scales it (ms)
        self.points = pg.ScatterPlotItem()
        self.points.sigClicked.connect(self._on_point_clicked)
        residuals = QWidget()
        column = QVBoxLayout(residuals)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.against)
        column.addWidget(self.plot, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)  # below the section: the table, its residuals beside it
        splitter.addWidget(self.table)
        splitter.addWidget(residuals)
        splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.table.itemSelectionChanged.connect(self._on_selected)
        self.against.currentIndexChanged.connect(lambda _i: self._draw())

    def show_event(self, origin, pairs: list, selected: int | None) -> None:
        """Show ``pairs`` (each arrival with its current pick) of ``origin``; select the row of pick ``selected``
        (keeping the rows selected with it, when it is one of them)."""
        kept = set(self.selected_pick_ids())
        kept = kept if selected in kept else {selected}
        self.pairs, self.selected = list(pairs), selected
        self.table.blockSignals(True)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.pairs))
        for row, (arrival, pick) in enumerate(self.pairs):
            cells = (QTableWidgetItem(pick.station_id), QTableWidgetItem(pick.phase),
                     _Number(arrival.residual_s, "+.2f"),
                     _Number(arrival.distance_km, ".1f"), _Number(arrival.azimuth_deg, ".0f"),
                     _Number(pick.time - origin.time, ".2f"),
                     _Number(arrival.weight, ".2f"), QTableWidgetItem("yes" if arrival.used else "excluded"),
                     QTableWidgetItem(pick.status))
            cells[0].setData(Qt.ItemDataRole.UserRole, pick.id)
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()  # the residuals in view without scrolling
        self.table.clearSelection()
        for row in range(self.table.rowCount()):
            pick_id = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
            if pick_id in kept:
                self.table.selectionModel().select(self.table.model().index(row, 0), SELECT_ROW)
            if pick_id == selected:  # the current row follows the pick, not the row number, across the sorting
                self.table.selectionModel().setCurrentIndex(self.table.model().index(row, 0), KEEP_SELECTION)
        self.table.blockSignals(False)
        self._draw()

    def selected_pick_ids(self) -> list[int]:
        """The pick ids of the selected rows, in the order shown."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]

    def row_pick_ids(self) -> list[int]:
        """The pick ids of the rows, in the order shown."""
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.table.rowCount())]

    def _draw(self) -> None:
        attribute, label = RESIDUAL_AGAINST[self.against.currentText()]
        self.plot.clear()
        self.plot.setLabel("bottom", label)
        self.plot.addLine(y=0, pen=pg.mkPen("#909090"))
        spots = []
        for arrival, pick in self.pairs:
            x = getattr(arrival, attribute)
            if x is None or arrival.residual_s is None:
                continue
            colour = phase_colour(pick.phase[:1])
            used = arrival.used and arrival.weight != 0
            chosen = pick.id == self.selected
            spots.append({"pos": (x, arrival.residual_s), "data": pick.id,
                          "size": SELECTED_SIZE if chosen else POINT_SIZE,
                          "pen": pg.mkPen("k" if chosen else colour, width=2 if chosen else 1),
                          "brush": pg.mkBrush(colour) if used else pg.mkBrush(None)})
        self.points.setData(spots)
        self.plot.addItem(self.points)

    def point_of(self, pick_id: int) -> tuple[float, float] | None:
        """Where the residual plot draws the arrival of ``pick_id`` (x, residual), or None when it does not."""
        spot = next((s for s in self.points.points() if s.data() == pick_id), None)
        return None if spot is None else (spot.pos().x(), spot.pos().y())

    def _on_point_clicked(self, _item, spots, _event=None) -> None:
        if len(spots):
            pick = next((p for _, p in self.pairs if p.id == spots[0].data()), None)
            if pick is not None:
                self.pick_chosen.emit(pick)

    def _on_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        pick_id = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        pick = next((p for _, p in self.pairs if p.id == pick_id), None)
        if pick is not None:
            self.pick_chosen.emit(pick)
