"""The pick list: the shown record's picks in a sortable, filterable table; a click selects a pick."""

from __future__ import annotations

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from eqviewer.gui.time_axis import format_time
from eqviewer.labels import Pick

COLUMNS = ("phase", "time", "probability", "status", "uncertainty", "station")
"""What the analyst reads first comes first; the station column shows only when the list spans stations."""
ALL = "all"
STATUS_CHOICES = (ALL, "unreviewed", "reviewed", "automatic", "accepted", "corrected", "manual", "rejected")
PHASE_CHOICES = (ALL, "P", "S")
HEADERS = {"probability": "prob.", "uncertainty": "±"}
HEADER_TIPS = {"probability": "the model's probability of an automatic pick", "uncertainty": "timing uncertainty"}
PICK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SIZE_ROWS = 50  # rows the column widths are fitted to (every row has the same shape of text)


def sort_key(pick: Pick, column: int):
    """What a column sorts by: times and numbers as numbers (blank first), text as text."""
    name = COLUMNS[column]
    if name == "time":
        return float(pick.time)
    if name == "probability":
        return -1.0 if pick.probability is None else pick.probability
    if name == "uncertainty":
        return -1.0 if pick.uncertainty_s is None else pick.uncertainty_s
    return {"station": pick.station_id, "phase": pick.phase, "status": pick.status}[name]


def cell_text(pick: Pick, column: int, one_day: bool = False) -> str:
    """A pick's cell as shown; the time without its date when every listed pick is of ``one_day`` (the summary
    line names the date then)."""
    name = COLUMNS[column]
    if name == "time":
        return format_time(pick.time)[11:] if one_day else format_time(pick.time)
    if name == "probability":
        return "" if pick.probability is None else f"{pick.probability:.2f}"
    if name == "uncertainty":
        return f"±{pick.uncertainty_s:g} s" if pick.uncertainty_s else ""
    return str(sort_key(pick, column))


class PickTableModel(QAbstractTableModel):
    """The listed picks as table rows; sorting reorders the rows by :func:`sort_key`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Pick] = []
        self.day = ""  # the date of every row, when they share one ("" otherwise)
        self.sort_column, self.sort_order = COLUMNS.index("time"), Qt.SortOrder.AscendingOrder

    def set_rows(self, picks: list[Pick]) -> None:
        """Replace the rows (kept in the current sort order)."""
        self.beginResetModel()
        self.rows = self._sorted(picks)
        days = {format_time(p.time)[:10] for p in picks}
        self.day = days.pop() if len(days) == 1 else ""
        self.endResetModel()

    def _sorted(self, picks: list[Pick]) -> list[Pick]:
        return sorted(picks, key=lambda p: (sort_key(p, self.sort_column), float(p.time)),
                      reverse=self.sort_order == Qt.SortOrder.DescendingOrder)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        """Cell text, and the pick id under PICK_ID_ROLE."""
        if not index.isValid():
            return None
        pick = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(pick, index.column(), bool(self.day))
        if role == PICK_ID_ROLE:
            return pick.id
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt's name)
        """Column names."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(COLUMNS[section], COLUMNS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(COLUMNS[section])
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by a column."""
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        self.rows = self._sorted(self.rows)
        self.layoutChanged.emit()


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
    """Phase, time, probability, status, uncertainty (and station) of each pick; sortable by any column and
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
        self.model = PickTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the review keys stay with the traces
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setResizeContentsPrecision(SIZE_ROWS)  # a day's picks: sized in ms, not s
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMNS.index("time"), Qt.SortOrder.AscendingOrder)
        self.table.clicked.connect(self._on_clicked)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        # two rows of filters, so the dock fits beside the queue and the traces in a 1100-px window
        for row in ((("phase", self.phase_filter), ("status", self.status_filter)),
                    (("p ≥", self.min_probability), ("≤", self.max_probability))):
            filters = QHBoxLayout()
            for label, widget in row:
                filters.addWidget(QLabel(label))
                filters.addWidget(widget)
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
        return [p.id for p in self.model.rows]

    def _fill(self, *_args) -> None:
        picks = self.listed()
        self.model.set_rows(picks)
        self.table.setColumnHidden(COLUMNS.index("station"), len({p.station_id for p in self._picks}) < 2)
        if picks:
            self.table.resizeColumnsToContents()
        self.summary.setText(f"{len(picks)} of {len(self._picks)} picks" + (f" · {self.model.day} UTC"
                                                                            if self.model.day else ""))

    def set_selected(self, pick_id: int | None) -> None:
        """Highlight the row of a pick (none: clear) without emitting ``pick_chosen``."""
        self.table.blockSignals(True)
        self.table.clearSelection()
        for row, row_id in enumerate(self.row_ids()):
            if row_id == pick_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                break
        self.table.blockSignals(False)

    def _on_clicked(self, index: QModelIndex) -> None:
        self.pick_chosen.emit(int(self.model.rows[index.row()].id))

    def choose_next_unreviewed(self) -> Pick | None:
        """Choose the listed unreviewed pick of lowest probability (emits ``pick_chosen``)."""
        pick = next_unreviewed_by_probability(self.listed())
        if pick is not None:
            self.pick_chosen.emit(int(pick.id))
        return pick
