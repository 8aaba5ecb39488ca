"""The view's units on the Event tab's section (the same View ▸ Units choice and U key as the record view): the
section's slices converted from counts in a worker thread, kept per slice and unit, then drawn through the view
filter; until converted, and where a channel has no response, a slice is drawn in counts and the section's caption
names those stations."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PyQt6.QtCore import QObject, pyqtSignal

from eqviewer.app.ground_motion import (CAPTIONS, NO_RESPONSE_CAPTION, Converted, GroundMotionCache, UnitsChoice,
                                        convert_samples)
from eqviewer.app.review_state import ReviewState
from eqviewer.associate import SectionTrace
from eqviewer.io import ResponseReader

CACHED_SLICES = 128
"""Converted section slices kept (a slice of some minutes is 1 MB; a station-day record's cache is apart)."""


def slice_key(trace: SectionTrace) -> str:
    """What a section slice is kept under: its record and start."""
    return f"{trace.record}@{trace.start}"


class SectionUnits(QObject):
    """Converts the section's slices to ``choice``'s unit, the responses read from the station metadata of
    ``review``'s session; ``redraw()`` once slices are converted, ``status(text)`` says which stay in counts.
    ``pending`` is True while converting."""

    converted = pyqtSignal(str, object)  # unit, {slice key: Converted}

    def __init__(self, choice: UnitsChoice, review: ReviewState, redraw: Callable[[], None],
                 status: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self.choice, self.review, self.redraw, self.status = choice, review, redraw, status
        self.cache = GroundMotionCache(CACHED_SLICES)
        self.responses = ResponseReader()
        self.pending = False
        self._asked: set[tuple[str, str]] = set()  # (slice key, unit) handed to the worker
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="section-units")
        self.converted.connect(self._on_converted)
        choice.changed.connect(redraw)
        review.session_changed.connect(lambda _session: self.forget())

    def forget(self) -> None:
        """Drop converted slices and read responses (another session: other station metadata)."""
        self.cache.clear()
        self._asked.clear()
        self.responses = ResponseReader()

    def data(self, trace: SectionTrace) -> tuple[np.ndarray | None, Converted | None]:
        """The samples of ``trace`` in the chosen unit and their conversion, or its counts and None (counts
        chosen, no samples, or not converted yet)."""
        unit = self.choice.unit
        if trace.data is None or unit == "counts":
            return trace.data, None
        found = self.cache.get(slice_key(trace), unit)
        return (trace.data, None) if found is None else (found.data, found)

    def request(self, traces: list[SectionTrace]) -> None:
        """Convert in the worker the slices of ``traces`` not kept in the chosen unit; redraw when they are."""
        unit = self.choice.unit
        if unit == "counts":
            self.pending = False
            return
        missing = [t for t in traces if t.data is not None and self.cache.get(slice_key(t), unit) is None
                   and (slice_key(t), unit) not in self._asked]
        if not missing:
            return
        session = self.review.session
        metadata = session.station_sources() if session is not None else {}
        self._asked |= {(slice_key(t), unit) for t in missing}
        self.pending = True
        self.status(f"converting the section to {unit}…")
        jobs = [(slice_key(t), t.data, t.start, t.sampling_rate, t.station_id) for t in missing]
        done = self._executor.submit(self._convert, jobs, unit, metadata, self.responses)
        done.add_done_callback(lambda job: self.converted.emit(unit, job.result()))

    @staticmethod
    def _convert(jobs: list, unit: str, metadata: dict, responses: ResponseReader) -> dict[str, Converted]:
        return {key: convert_samples(data, start, rate, station_id, unit, metadata, responses)
                for key, data, start, rate, station_id in jobs}

    def _on_converted(self, unit: str, converted: dict[str, Converted]) -> None:
        for key, slice_ in converted.items():
            self.cache.put(key, unit, slice_)
            self._asked.discard((key, unit))
        self.pending = bool(self._asked)
        messages = [m for c in converted.values() for m in c.messages]
        if messages:
            self.status("; ".join(messages))
        if unit == self.choice.unit:
            self.redraw()

    def caption(self, traces: list[SectionTrace]) -> str:
        """What the section's traces are drawn in: the unit, and the stations left in counts (no response)."""
        unit = self.choice.unit
        if unit == "counts":
            return CAPTIONS[unit]
        in_counts = [t.station.key for t in traces if (found := self.data(t)[1]) is not None
                     and NO_RESPONSE_CAPTION in found.captions.values()]
        waiting = " (converting…)" if self.pending else ""
        left = f";  {NO_RESPONSE_CAPTION}: {', '.join(in_counts)}" if in_counts else ""
        return f"{CAPTIONS[unit]}{waiting}{left}"

    def close(self) -> None:
        """Stop the worker (a conversion under way is finished and dropped)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
