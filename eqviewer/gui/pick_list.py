"""The pick list: the shown record's picks in a sortable, filterable table; a click selects a pick."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eqviewer.gui.time_axis import format_time
from eqviewer.labels import Pick

COLUMNS = ("time", "station", "phase", "probability", "uncertainty", "status")
ALL = "all"
STATUS_CHOICES = (ALL, "unreviewed", "reviewed", "automatic", "accepted", "corrected", "manual", "rejected")
PHASE_CHOICES = (ALL, "P", "S")
PICK_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class SortableItem(QTableWidgetItem):
    """A read-only cell that sorts by a number (time, probability) rather than by its text; blanks sort first."""

    def __init__(self, text: str, key: float):
        super().__init__(text)
        self.key = key
        self.setFlags(self.flags() & ~Qt.ItemFlag.ItemIsEditable)

    def __lt__(self, other):  # noqa: D105 (Qt's sort order)
        return self.key < other.key if isinstance(other, SortableItem) else super().__lt__(other)


def text_item(text: str) -> QTableWidgetItem:
    """A read-only cell that sorts by its text."""
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def status_matches(pick: Pick, choice: str) -> bool:
    """Whether a pick's status fits a status filter choice ("unreviewed" = automatic, "reviewed" = the rest)."""
    if choice == ALL:
        return True
    if choice == "unreviewed":
        return pick.status == "automatic"
    if choice == "reviewed":
        return pick.status != "automatic"
    return pick.status == choice


def next_unreviewed_by_probability(picks: list[Pick]) -> Pick | None:
    """The unreviewed (automatic) pick the model is least sure of: the next one to look at."""
    unreviewed = [p for p in picks if p.status == "automatic"]
    return min(unreviewed, key=lambda p: (p.probability if p.probability is not None else 0.0, float(p.time)),
               default=None)


class PickList(QWidget):
    """Time, station, phase, probability, uncertainty and status of each pick; sortable by any column and
    filtered by phase, status and a probability range. Signal ``pick_chosen(id)`` when the analyst clicks a row
    or asks for the next unreviewed pick."""

    pick_chosen = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._picks: list[Pick] = []
        self.phase_filter = QComboBox()
        self.phase_filter.addItems(PHASE_CHOICES)
        self.status_filter = QComboBox()
        self.status_filter.addItems(STATUS_CHOICES)
        self.min_probability = self._probability_box(0.0, "lowest probability shown")
        self.max_probability = self._probability_box(1.0, "highest probability shown")
        self.next_button = QPushButton("Next unreviewed, lowest probability")
        self.next_button.clicked.connect(self.choose_next_unreviewed)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the review keys stay with the traces
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.cellClicked.connect(self._on_clicked)
        self.summary = QLabel()
        filters = QHBoxLayout()
        for label, widget in (("phase", self.phase_filter), ("status", self.status_filter),
                              ("p ≥", self.min_probability), ("≤", self.max_probability)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(filters)
        layout.addWidget(self.next_button)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        for box in (self.phase_filter, self.status_filter):
            box.currentIndexChanged.connect(self._fill)
        for box in (self.min_probability, self.max_probability):
            box.valueChanged.connect(self._fill)

    def _probability_box(self, value: float, tip: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0.0, 1.0)
        box.setSingleStep(0.05)
        box.setDecimals(2)
        box.setValue(value)
        box.setToolTip(tip)
        return box

    def set_picks(self, picks: list[Pick], selected_id: int | None = None) -> None:
        """List these picks (the ones the trace view shows) and highlight the selected one."""
        self._picks = list(picks)
        self._fill()
        self.set_selected(selected_id)

    def listed(self) -> list[Pick]:
        """The picks that pass the filters."""
        low, high = self.min_probability.value(), self.max_probability.value()
        phase, status = self.phase_filter.currentText(), self.status_filter.currentText()
        return [p for p in self._picks
                if (phase == ALL or p.phase[:1].upper() == phase)
                and status_matches(p, status)
                and (p.probability is None or low <= p.probability <= high)]

    def row_ids(self) -> list[int]:
        """Pick ids in the table's current (sorted) order."""
        return [self.table.item(row, 0).data(PICK_ID_ROLE) for row in range(self.table.rowCount())]

    def _fill(self, *_args) -> None:
        picks = self.listed()
        sorting = self.table.isSortingEnabled()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(picks))
        for row, pick in enumerate(picks):
            probability = pick.probability if pick.probability is not None else -1.0
            uncertainty = pick.uncertainty_s if pick.uncertainty_s is not None else -1.0
            cells = (
                SortableItem(format_time(pick.time), float(pick.time)),
                text_item(pick.station_id),
                text_item(pick.phase),
                SortableItem(f"{pick.probability:.2f}" if pick.probability is not None else "", probability),
                SortableItem(f"±{pick.uncertainty_s:g} s" if pick.uncertainty_s else "", uncertainty),
                text_item(pick.status),
            )
            for column, cell in enumerate(cells):
                cell.setData(PICK_ID_ROLE, pick.id)
                self.table.setItem(row, column, cell)
        self.table.setSortingEnabled(sorting)
        self.summary.setText(f"{len(picks)} of {len(self._picks)} picks")

    def set_selected(self, pick_id: int | None) -> None:
        """Highlight the row of a pick (none: clear) without emitting ``pick_chosen``."""
        self.table.blockSignals(True)
        self.table.clearSelection()
        for row, row_id in enumerate(self.row_ids()):
            if row_id == pick_id:
                self.table.selectRow(row)
                self.table.scrollToItem(self.table.item(row, 0))
                break
        self.table.blockSignals(False)

    def _on_clicked(self, row: int, _column: int) -> None:
        self.pick_chosen.emit(int(self.table.item(row, 0).data(PICK_ID_ROLE)))

    def choose_next_unreviewed(self) -> Pick | None:
        """Choose the listed unreviewed pick of lowest probability (emits ``pick_chosen``)."""
        pick = next_unreviewed_by_probability(self.listed())
        if pick is not None:
            self.pick_chosen.emit(int(pick.id))
        return pick
