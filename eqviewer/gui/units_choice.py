"""The view's units on the trace view (View ▸ Units, U cycles them): the record shown converted from counts in a
worker thread, kept per record and unit, and handed to the view filter; each panel's caption names its unit, and
a channel without a response stays in counts and says so in its caption and the status bar."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Callable

from PyQt6.QtCore import QObject, pyqtSignal

from eqviewer.app.ground_motion import UNITS, Converted, GroundMotionCache, UnitsChoice, convert_record
from eqviewer.app.review_state import ReviewState
from eqviewer.gui.actions import VIEW_MENU, Action, Submenu
from eqviewer.gui.trace_filter import TraceFilter
from eqviewer.io import ResponseReader

UNITS_MENU = "view_units"


class TraceUnits(QObject):
    """Draws ``trace_filter``'s record in ``choice``'s unit, the responses read from the station metadata of
    ``review``'s session; ``status(text)`` shows a message. ``pending`` is True while converting."""

    converted = pyqtSignal(str, str, object)  # record id, unit, Converted

    def __init__(self, trace_filter: TraceFilter, choice: UnitsChoice, review: ReviewState,
                 status: Callable[[str], None]):
        super().__init__(trace_filter)
        self.trace_filter, self.choice, self.review, self.status = trace_filter, choice, review, status
        self.cache = GroundMotionCache()
        self.responses = ResponseReader()
        self.record = None
        self.pending = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="view-units")
        self.converted.connect(self._on_converted)
        choice.changed.connect(self.show)
        review.session_changed.connect(lambda _session: self.forget())

    def actions(self) -> list:
        """View ▸ Units: each unit, and Cycle units (U)."""
        return [Submenu(UNITS_MENU, "Units (view only)", VIEW_MENU, "2_filter"),
                *(Action(f"units_{unit}", unit, partial(self.choice.choose, unit), UNITS_MENU) for unit in UNITS),
                Action("cycle_units", "Next units", self.choice.cycle, UNITS_MENU, "1_cycle", "U")]

    def forget(self) -> None:
        """Drop converted records and read responses (another session: other station metadata)."""
        self.cache.clear()
        self.responses = ResponseReader()

    def set_record(self, record) -> None:
        """Draw ``record`` (just drawn in counts, and filtered in counts until converted) in the chosen unit."""
        self.record = record
        self.trace_filter.set_record(record.data, record.sampling_rate)
        if self.choice.unit != "counts":
            self.show()

    def show(self) -> None:
        """Draw the record in the chosen unit: at once when counts or kept, else once the worker converted it."""
        record, unit = self.record, self.choice.unit
        if record is None:
            return
        record_id = str(record.ref)
        found = self.cache.get(record_id, unit)
        if unit == "counts" or found is not None:
            self._draw(found or convert_record(record, unit, {}, self.responses))
            return
        self.pending = True
        self.status(f"converting {record.station_id} to {unit}…")
        session = self.review.session
        metadata, responses = session.station_sources() if session is not None else {}, self.responses
        job = self._executor.submit(convert_record, record, unit, metadata, responses)
        job.add_done_callback(lambda done: self.converted.emit(record_id, unit, done.result()))

    def _on_converted(self, record_id: str, unit: str, converted: Converted) -> None:
        self.cache.put(record_id, unit, converted)
        if self.record is not None and str(self.record.ref) == record_id and self.choice.unit == unit:
            self.pending = False
            self._draw(converted)

    def _draw(self, converted: Converted) -> None:
        trace, record = self.trace_filter.trace, self.record
        trace.set_unit(converted.captions)
        if not self.trace_filter.choice.on:
            trace.set_display_data(converted.data)
        self.trace_filter.set_record(converted.data, record.sampling_rate)
        self.trace_filter.redraw()
        if converted.messages:
            self.status("; ".join(converted.messages))

    def close(self) -> None:
        """Stop the worker (a conversion under way is finished and dropped)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
