"""The station magnitudes of the event shown in the Event tab (a dock): station, hypocentral distance, amplitude,
period, station ML, residual to the network ML, whether the ML used it, and its review status. With a row
selected, X excludes its station from the ML (or takes it in again), Alt+A accepts and Alt+R rejects its
amplitude; each is an undoable edit and the ML is recomputed."""

from __future__ import annotations

from typing import Callable

from PyQt6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from eqviewer.app.amplitude_review import AmplitudeReview, station_rows
from eqviewer.app.review_state import ReviewState
from eqviewer.errors import EqviewerError
from eqviewer.gui.actions import EVENTS_MENU, Action
from eqviewer.gui.event_view import EventView

COLUMNS = ("station", "dist km", "amp nm", "period s", "ML", "residual", "used", "status")
NM_PER_M = 1e9
MINIMUM_WIDTH = 120


class MagnitudePanel(QWidget):
    """Follows ``view``'s event; edits go to ``review``'s session; ``show_error(title, text)`` tells why not."""

    def __init__(self, view: EventView, review: ReviewState, show_error: Callable[[str, str], None]):
        super().__init__()
        self.view, self.review, self.show_error = view, review, show_error
        self.origin_id: int | None = None
        self.rows = []
        self.summary = QLabel("No event shown.")
        self.summary.setWordWrap(True)  # neither it nor the table widens the dock it shares with the picks
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setMinimumWidth(MINIMUM_WIDTH)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        view.event_shown.connect(self.show_event)

    def actions(self) -> list[Action]:
        """Events ▸ exclude a station from the ML (X), accept (Alt+A) or reject (Alt+R) its amplitude."""
        return [Action("exclude_station", "Exclude / include the station in the ML", self.toggle_station,
                       EVENTS_MENU, "5_magnitude", "X"),
                Action("accept_amplitude", "Accept the station's amplitude", self.accept, EVENTS_MENU,
                       "5_magnitude", "Alt+A"),
                Action("reject_amplitude", "Reject the station's amplitude", self.reject, EVENTS_MENU,
                       "5_magnitude", "Alt+R")]

    def show_event(self, origin) -> None:
        """Fill the table with the station magnitudes of ``origin`` (None: none)."""
        session = self.review.session
        self.origin_id = None if origin is None or session is None else origin.id
        self.rows = station_rows(session, origin.id) if self.origin_id is not None else []
        magnitude = session.magnitude(origin.id) if self.origin_id is not None else None
        if magnitude is None:
            self.summary.setText("No magnitude: run Events ▸ Re-associate or eqviewer magnitude." if origin else
                                 "No event shown.")
        elif magnitude.station_count == 0:
            self.summary.setText("ML: every station is left out")
        else:
            spread = "" if magnitude.uncertainty is None else f" ± {magnitude.uncertainty:.2f}"
            self.summary.setText(f"ML {magnitude.value:.2f}{spread} from {magnitude.station_count} stations")
        selected = self.table.currentRow()
        self.table.setRowCount(len(self.rows))
        for row, line in enumerate(self.rows):
            a = line.amplitude
            cells = (a.station_key, f"{a.distance_km:.1f}", f"{a.amplitude_m * NM_PER_M:.3g}",
                     "" if a.period_s is None else f"{a.period_s:.2f}",
                     "" if a.station_magnitude is None else f"{a.station_magnitude:.2f}",
                     "" if line.residual is None else f"{line.residual:+.2f}", "yes" if a.used else "no", a.status)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if 0 <= selected < len(self.rows):
            self.table.selectRow(selected)

    def toggle_station(self) -> None:
        """Exclude the selected row's station from the ML, or take it in again."""
        self._edit(lambda review, origin_id, amplitude_id: review.toggle_station(origin_id, amplitude_id))

    def accept(self) -> None:
        """Accept the selected row's amplitude."""
        self._edit(lambda review, origin_id, amplitude_id: review.accept(origin_id, amplitude_id))

    def reject(self) -> None:
        """Reject the selected row's amplitude."""
        self._edit(lambda review, origin_id, amplitude_id: review.reject(origin_id, amplitude_id))

    def _edit(self, edit) -> None:
        row, session = self.table.currentRow(), self.review.session
        if self.origin_id is None or session is None or not 0 <= row < len(self.rows):
            return
        try:
            edit(AmplitudeReview(session), self.origin_id, self.rows[row].amplitude.id)
        except EqviewerError as exc:
            self.show_error("Cannot change the amplitude", str(exc))
            return
        self.view.refresh()  # the event list's ML
        self.show_event(self.view.origin)
