"""The Event tab's "Likely noise" list: the P and S picks no event explains, each with what
:mod:`eqviewer.app.noise_review` makes of it ("noise", or "likely P, not noise" and the event).

Reading the list takes a few hundred milliseconds on a busy day, so after an edit it is read in a
:class:`~eqviewer.gui.worker.Worker` (through a read-only handle of the session of its own) and shown when it
arrives; a result that a newer request overtook is dropped. A session just opened waits for its list. The table's model formats only the rows in view, so
showing thousands of picks takes a few milliseconds of the GUI thread.
"""

from __future__ import annotations

from PyQt6 import sip
from PyQt6.QtCore import QAbstractTableModel, QModelIndex, Qt, pyqtSignal
from PyQt6.QtWidgets import QAbstractItemView, QTableView, QWidget

from eqviewer.app.noise_review import LikelyNoise, OtherPhase, read_likely_noise
from eqviewer.gui.worker import Worker
from eqviewer.labels import Pick

COLUMNS = ("time", "phase", "likely", "station", "prob.", "status")
COLUMN_PADDING_PX = 14


def _cells(pick: Pick, explained: dict[int, OtherPhase]) -> tuple[str, ...]:
    """The row of ``pick``: time, phase, what it likely is, station, probability, status."""
    return (pick.time.strftime("%Y-%m-%d %H:%M:%S.%f")[:-4], pick.phase,
            explained[pick.id].text() if pick.id in explained else "noise", pick.station_id,
            "" if pick.probability is None else f"{pick.probability:.2f}", pick.status)


class _NoiseModel(QAbstractTableModel):
    """The likely-noise picks as rows; a row's text is made when the view asks for it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.noise = LikelyNoise([], {})

    def show(self, noise: LikelyNoise) -> None:
        self.beginResetModel()
        self.noise = noise
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.noise.picks)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        return _cells(self.noise.picks[index.row()], self.noise.explained)[index.column()]

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class NoiseTable(QTableView):
    """The list; ``pick_chosen(pick)`` when a row is selected, ``pick_opened(pick)`` when one is double-clicked,
    ``counted(n)`` when a list of ``n`` picks is shown. :meth:`reread` reads the list anew in a worker thread."""

    pick_chosen = pyqtSignal(object)
    pick_opened = pyqtSignal(object)
    counted = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows = _NoiseModel(self)
        self.setModel(self.rows)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.selectionModel().selectionChanged.connect(self._on_selected)
        self.doubleClicked.connect(lambda index: self.pick_opened.emit(self.picks[index.row()]))
        self.worker: Worker | None = None
        self._running: list[Worker | None] = [None]  # the read in progress, waited for when the table is deleted
        self.destroyed.connect(lambda _table=None, running=self._running: running[0] and running[0].wait())
        self._session = None
        self._wanted = 0  # requests made; a worker's result is shown only if none came after it
        self._result: dict[Worker, tuple[int, LikelyNoise]] = {}

    @property
    def picks(self) -> list[Pick]:
        """The likely-noise picks listed, in time order."""
        return self.rows.noise.picks

    @property
    def explained(self) -> dict[int, OtherPhase]:
        """The listed picks an event explains as the other phase, by pick id."""
        return self.rows.noise.explained

    def cell(self, row: int, column: int) -> str:
        """The text of a cell."""
        return self.rows.data(self.rows.index(row, column))

    def reread(self, session) -> None:
        """Read the list of ``session`` anew in a worker thread (after an edit); shown when it arrives."""
        self._session = session
        self._wanted += 1
        if session is None:
            self.show_noise(LikelyNoise([], {}))
        elif self.worker is None:
            self._start()

    def wait(self) -> None:
        """Wait for the read in progress and show its list when it is still the newest (a session just opened, or
        closing)."""
        while self.worker is not None:  # one overtaken by an edit starts the next read
            worker = self.worker
            worker.wait()
            self._on_done(worker)

    def show_noise(self, noise: LikelyNoise) -> None:
        """Show ``noise``, keeping the selected pick selected when it is still listed."""
        selected = self._selected_id()
        self.blockSignals(True)
        self.selectionModel().blockSignals(True)
        self.rows.show(noise)
        row = next((i for i, p in enumerate(noise.picks) if p.id == selected), None) if selected is not None else None
        if row is not None:
            self.selectRow(row)
        self.selectionModel().blockSignals(False)
        self.blockSignals(False)
        self._fit_columns()
        self.counted.emit(len(noise.picks))

    def _start(self) -> None:
        wanted, path = self._wanted, self._session.path

        def job(_progress, _cancel, _emit) -> None:
            self._result[worker] = (wanted, read_likely_noise(path))

        worker = Worker(job, "reading the likely-noise picks")  # no parent: it outlives a table deleted first
        worker.done.connect(lambda _cancelled, w=worker: self._on_done(w))
        self.worker = self._running[0] = worker
        worker.start()

    def _on_done(self, worker: Worker) -> None:
        if sip.isdeleted(self) or worker is not self.worker:  # the table is gone, or wait() showed it already
            return
        worker.wait()
        self.worker = self._running[0] = None
        worker.deleteLater()
        wanted, noise = self._result.pop(worker, (None, None))
        if noise is None:  # the read failed (the session closed or vanished): the list stays, the next edit retries
            return
        if wanted == self._wanted:
            self.show_noise(noise)
        elif self._session is not None:  # an edit came in while it was read: read again
            self._start()

    def _selected_id(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return self.picks[rows[0].row()].id if rows and rows[0].row() < len(self.picks) else None

    def _on_selected(self, *_args) -> None:
        row = self.currentIndex().row()
        if 0 <= row < len(self.picks):
            self.pick_chosen.emit(self.picks[row])

    def _fit_columns(self) -> None:
        """Each column as wide as its widest text, found among the few distinct texts of the list (not row by
        row: a busy day lists thousands)."""
        noise, metrics = self.rows.noise, self.fontMetrics()
        if not noise.picks:
            return
        distinct = [{_cells(noise.picks[0], noise.explained)[0]}, {"P", "S"},
                    {"noise", *(e.text() for e in noise.explained.values())}, {p.station_id for p in noise.picks},
                    {"0.00"}, {p.status for p in noise.picks}]
        for column, texts in enumerate(distinct):
            width = max(metrics.horizontalAdvance(t) for t in texts | {COLUMNS[column]})
            self.setColumnWidth(column, width + COLUMN_PADDING_PX)
