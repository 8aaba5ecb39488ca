"""The review queue: every record of the open archives with its review state and pick counts, filtered and sorted.

The orders (model uncertainty, disagreement between the model and the archive's own labels, ...) are
:func:`eqviewer.app.queue_ranking.rank`'s. States and counts come from the Session
on demand (only rows on screen are asked), cached until an edit touches the record.
"""

from __future__ import annotations

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, Qt, pyqtSignal
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, \
    QVBoxLayout, QWidget

from eqviewer.app.queue_ranking import DEFAULT_SORT, SORTS, QueueEntry, likely_noise_counts, rank

STATE_COLOURS = {"unreviewed": "#8a8f98", "in progress": "#d98200", "done": "#2e7d32"}
STATE_MARKS = {"unreviewed": "○", "in progress": "◐", "done": "●"}
"""The state column shows a coloured mark (the state's name in its tooltip), so the queue's narrow dock has room for
station, start and counts at 1280 px."""
SORT_TEXT = {"time": "time", "uncertainty": "model uncertainty", "disagreement": "model vs. labels", "station": "station"}
# What an analyst picks a record by comes first, so it stays in view in the narrow dock (some 370 px at a 1280 x 800
# window): state, station, start, the pick counts and the label; the item key follows.
COLUMNS = ("state", "station", "start (UTC)", "auto", "reviewed", "rejected", "label", "item")
LIKELY_NOISE = "likely noise"
"""The pick filter's choice for records with picks no located event explains."""
HEADERS = {"state": "", "reviewed": "rev.", "rejected": "rej."}
HEADER_TIPS = {"state": "review state: " + ", ".join(f"{mark} {state}" for state, mark in STATE_MARKS.items()),
               "reviewed": "picks accepted, corrected or added by an analyst", "rejected": "picks rejected",
               "auto": "automatic picks not reviewed yet", "label": "the record's label (analyst, model or archive)"}


class QueueModel(QAbstractTableModel):
    """The filtered, sorted rows; per-record state and counts are read from the session lazily."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self.entries: list[QueueEntry] = []
        self.rows: list[QueueEntry] = []
        self._cache: dict[str, tuple[str, dict[str, int], str]] = {}
        self._likely_noise: dict[str, int] | None = None

    def likely_noise(self, record_id: str) -> int:
        """How many of a record's P and S picks no event explains (0 before an association has run)."""
        if self._likely_noise is None:
            self._likely_noise = likely_noise_counts(self.session)
        return self._likely_noise.get(record_id, 0)

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(COLUMNS[section], COLUMNS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(COLUMNS[section])
        return None

    def info(self, record_id: str) -> tuple[str, dict[str, int], str]:
        """(review state, pick counts by status, window label or archive category) of a record."""
        cached = self._cache.get(record_id)
        if cached is None:
            counts: dict[str, int] = {}
            label = ""
            state = "unreviewed"
            if self.session is not None:
                for pick in self.session.picks(record=record_id):
                    counts[pick.status] = counts.get(pick.status, 0) + 1
                labels = self.session.window_labels(record=record_id)
                label = labels[-1].category if labels else ""
                state = self.session.review_state(record_id)
            cached = self._cache[record_id] = (state, counts, label)
        return cached

    def forget(self, record_id: str | None = None) -> None:
        """Drop cached state (of one record, or all) after an edit, and repaint."""
        self._likely_noise = None  # one edit can change which picks an event explains
        if record_id is None:
            self._cache.clear()
        else:
            self._cache.pop(record_id, None)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: D102
        if not index.isValid():
            return None
        entry = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return entry.record_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self.info(entry.record_id)[0]}: {entry.record_id}" if column == "state" else entry.record_id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole):
            return None
        if column in ("station", "start (UTC)", "item"):
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            if column == "station":
                return entry.station_id
            if column == "item":
                return entry.key
            return entry.start.strftime("%Y-%m-%d %H:%M:%S")
        state, counts, label = self.info(entry.record_id)
        if column == "state":
            return STATE_MARKS.get(state, state) if role == Qt.ItemDataRole.DisplayRole else QColor(
                STATE_COLOURS.get(state, "#000000"))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "auto":
            return counts.get("automatic", 0)
        if column == "reviewed":
            return sum(counts.get(s, 0) for s in ("accepted", "corrected", "manual"))
        if column == "rejected":
            return counts.get("rejected", 0)
        return label or (f"{entry.category} (archive)" if entry.category else "")


class ReviewQueue(QWidget):
    """Left panel: filters, sort order and the table of records. ``current_changed(record_id)`` on selection."""

    current_changed = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = QueueModel(self)
        self.threshold = 0.5
        self.station_filter = QLineEdit(placeholderText="station filter (e.g. TA.109C)")
        self.state_filter = QComboBox()
        self.state_filter.addItems(["all states", "unreviewed", "in progress", "done"])
        self.category_filter = QComboBox()
        self.category_filter.addItems(["all labels", "earthquake", "noise", "unsure", "unlabelled"])
        self.pick_filter = QComboBox()
        self.pick_filter.addItems(["all picks", LIKELY_NOISE])
        self.pick_filter.setToolTip("likely noise: records with P or S picks that no located event explains "
                                    "(after an association)")
        self.sort_box = QComboBox()
        for key in SORTS:
            self.sort_box.addItem(f"sort: {SORT_TEXT[key]}", key)
        self.sort_box.setCurrentIndex(SORTS.index(DEFAULT_SORT))
        self.summary = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        filters = QHBoxLayout()
        filters.addWidget(self.state_filter)
        filters.addWidget(self.category_filter)
        filters.addWidget(self.pick_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.station_filter)
        layout.addLayout(filters)
        layout.addWidget(self.sort_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

        self.station_filter.textChanged.connect(self.rebuild)
        self.state_filter.currentIndexChanged.connect(self.rebuild)
        self.category_filter.currentIndexChanged.connect(self.rebuild)
        self.pick_filter.currentIndexChanged.connect(self.rebuild)
        self.sort_box.currentIndexChanged.connect(self.rebuild)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)

    # ----- content ------------------------------------------------------------------------------------------------
    def set_session(self, session) -> None:
        """The session the states and counts come from."""
        self.model.session = session
        self.model.forget()

    def set_entries(self, entries: list[QueueEntry]) -> None:
        """Replace the records listed."""
        self.model.entries = list(entries)
        self.rebuild()

    def add_entries(self, entries: list[QueueEntry]) -> None:
        """Append records (another archive was opened)."""
        known = {e.record_id for e in self.model.entries}
        self.model.entries.extend(e for e in entries if e.record_id not in known)
        self.rebuild()

    def entry(self, record_id: str) -> QueueEntry | None:
        """The entry of a record id."""
        return next((e for e in self.model.entries if e.record_id == record_id), None)

    def record_ids(self) -> list[str]:
        """The record ids in the current (filtered, sorted) order."""
        return [e.record_id for e in self.model.rows]

    def refresh(self, record_id: str | None = None) -> None:
        """Re-read state and counts of a record (or all) from the session after an edit."""
        self.model.forget(record_id)
        self._update_summary()

    # ----- filter and sort ----------------------------------------------------------------------------------------
    def set_sort(self, key: str) -> None:
        """Sort by one of SORTS."""
        self.sort_box.setCurrentIndex(SORTS.index(key))

    def rebuild(self) -> None:
        """Apply the filters and the sort order, keeping the current record selected."""
        current = self.current_record()
        self.model.beginResetModel()
        self.model._cache.clear()
        self.model._likely_noise = None
        rows = [e for e in self.model.entries if self._passes(e)]
        self.model.rows = rank(rows, self.sort_box.currentData() or DEFAULT_SORT, self.model.session, self.threshold,
                               state=lambda record_id: self.model.info(record_id)[0])
        self.model.endResetModel()
        if current is not None:
            self.select(current, notify=False)
        self._update_summary()

    def _passes(self, entry: QueueEntry) -> bool:
        text = self.station_filter.text().strip().lower()
        if text and text not in entry.station_id.lower() and text not in entry.key.lower():
            return False
        state_choice = self.state_filter.currentText()
        state, _, label = self.model.info(entry.record_id)
        if state_choice != "all states" and state != state_choice:
            return False
        if self.pick_filter.currentText() == LIKELY_NOISE and not self.model.likely_noise(entry.record_id):
            return False
        category_choice = self.category_filter.currentText()
        category = label or entry.category or ""
        if category_choice == "unlabelled":
            return not category
        return category_choice == "all labels" or category == category_choice

    def _update_summary(self) -> None:
        states = [self.model.info(e.record_id)[0] for e in self.model.rows]
        self.summary.setText(
            f"{len(self.model.rows)} of {len(self.model.entries)} records · "
            f"{states.count('done')} done · {states.count('in progress')} in progress · "
            f"{states.count('unreviewed')} unreviewed"
            + (f" · {sum(self.model.likely_noise(e.record_id) for e in self.model.rows)} picks no event explains"
               if self.pick_filter.currentText() == LIKELY_NOISE else "")
        )

    # ----- navigation ---------------------------------------------------------------------------------------------
    def current_record(self) -> str | None:
        """The selected record id, or None."""
        index = self.table.currentIndex()
        return self.model.rows[index.row()].record_id if index.isValid() and index.row() < len(self.model.rows) else None

    def select(self, record_id: str, notify: bool = True) -> bool:
        """Make a record current (if it passes the filters); emits current_changed when ``notify``."""
        for row, entry in enumerate(self.model.rows):
            if entry.record_id == record_id:
                self.table.blockSignals(not notify)
                self.table.selectionModel().blockSignals(not notify)
                self.table.selectRow(row)
                self.table.setCurrentIndex(self.model.index(row, 0))
                self.table.selectionModel().blockSignals(False)
                self.table.blockSignals(False)
                self.table.scrollTo(self.model.index(row, 0))
                return True
        return False

    def step(self, delta: int) -> str | None:
        """Move to the next (+1) or previous (-1) record in queue order; returns the new record id."""
        if not self.model.rows:
            return None
        ids = self.record_ids()
        current = self.current_record()
        row = ids.index(current) + delta if current in ids else 0
        row = max(0, min(len(ids) - 1, row))
        self.select(ids[row])
        return ids[row]

    def _on_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < len(self.model.rows):
            self.current_changed.emit(self.model.rows[current.row()].record_id)
