"""The view filter drawn on the trace view: only the sections around what is visible are filtered, small spans at
once and long ones (a station-day zoomed out) in a worker thread, which also joins them and builds their envelope
pyramid, while the window stays responsive."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable

import numpy as np
from PyQt6.QtCore import QObject, QTimer, pyqtSignal

from eqviewer.app.envelope_pyramid import EnvelopePyramid
from eqviewer.app.section_filter import SectionFilter
from eqviewer.app.view_filter import FilterChoice, FilterSpec, check_filter
from eqviewer.gui.trace_envelopes import SYNC_PYRAMID_SAMPLES
from eqviewer.gui.trace_view import TraceView

VIEW_PAD = 0.5
"""Filtered beyond each side of the view, as a fraction of its width, so that small pans need nothing new."""
SYNC_SAMPLES = 120_000
"""Up to this many samples per component to filter (20 minutes at 100 Hz, some 40 ms) are filtered at once on the
GUI thread (joined there when the view holds at most SYNC_PYRAMID_SAMPLES); more go to the worker."""
SETTLE_MS = 30
"""A pan or zoom must rest this long before the sections it reveals are filtered."""


class TraceFilter(QObject):
    """Draws ``choice``'s filter (or the raw record) on ``trace``; ``show_error(title, text)`` tells the analyst
    why a filter could not be applied. ``redraw`` after a new record or filter; view changes follow by themselves.
    ``pending`` is True while the worker filters sections the view waits for."""

    sections_ready = pyqtSignal(object, object, object, object)  # SectionFilter, FilterSpec, {index: values}, Joined

    def __init__(self, trace: TraceView, choice: FilterChoice, show_error: Callable[[str, str], None]):
        super().__init__(trace)
        self.trace, self.choice, self.show_error = trace, choice, show_error
        self.sections: SectionFilter | None = None
        self.drawn: tuple[FilterSpec, int, int] | None = None  # the filter and the sample span drawn
        self._joined: tuple[tuple[FilterSpec, int, int], np.ndarray] | None = None  # the last long span joined
        self.pending = False
        self._job: Future | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="view-filter")
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._follow_view)
        self.sections_ready.connect(self._on_sections_ready)
        trace.plots["Z"].sigXRangeChanged.connect(self._on_view_changed)

    def set_record(self, data: np.ndarray | None, sampling_rate: float) -> None:
        """Filter ``data`` (the record just drawn raw, None for none) from now on; the sections filtered of
        another record are dropped."""
        if self.sections is None or self.sections.data is not data:
            self.sections = None if data is None else SectionFilter(data, sampling_rate)
            self._joined = None
        self.drawn = None

    def redraw(self) -> None:
        """Draw the record filtered around the view, or raw when the filter is off (or cannot be applied)."""
        if self.sections is None:
            return
        if self.choice.on:
            try:
                check_filter(self.choice.spec, self.sections.sampling_rate)
            except ValueError as exc:
                self.choice.on = False
                self.show_error("Cannot apply the filter", str(exc))
        if not self.choice.on:
            if self.drawn is not None:
                self.trace.set_display_data(self.sections.data)
            self.drawn, self.pending = None, False
            return
        self._follow_view()

    def _wanted(self) -> range:
        x0, x1 = self.trace.x_range()
        pad = (x1 - x0) * VIEW_PAD
        rate = self.sections.sampling_rate
        return self.sections.sections(int((x0 - pad) * rate), int(np.ceil((x1 + pad) * rate)))

    def _on_view_changed(self, *_args) -> None:
        if self.sections is not None and self.choice.on:
            self._settle.start()

    def _follow_view(self) -> None:
        """Draw the wanted sections when all are filtered; filter the missing ones now or in the worker."""
        if self.sections is None or not self.choice.on:
            return
        spec, wanted = self.choice.spec, self._wanted()
        key = (spec, wanted.start, wanted.stop)
        if not wanted or self.drawn == key:
            return
        missing = self.sections.missing(spec, wanted)
        if self._joined is not None and self._joined[0] == key:
            self._draw(key, self._joined[1])
        elif (len(missing) * self.sections.section <= SYNC_SAMPLES
              and len(wanted) * self.sections.section <= SYNC_PYRAMID_SAMPLES):
            for index in missing:
                self.sections.store(spec, index, self.sections.compute(spec, index))
            self._draw(key, self.sections.assemble(spec, wanted))
        elif self._job is None:
            self.pending = True
            sections, first = self.sections, wanted.start * self.sections.section
            kept = {i: sections.assemble(spec, range(i, i + 1)) for i in wanted if i not in missing}  # not copied

            def job() -> tuple[dict[int, np.ndarray], np.ndarray, EnvelopePyramid]:
                values = {i: sections.compute(spec, i) for i in missing}
                parts = [values[i] if i in values else kept[i] for i in wanted]
                joined = np.concatenate(parts, axis=1) if len(parts) > 1 else parts[0]
                return values, joined, EnvelopePyramid(joined, first)

            self._job = self._executor.submit(job)
            self._job.add_done_callback(lambda done: self.sections_ready.emit(sections, spec, key, done.result()))

    def _on_sections_ready(self, sections: SectionFilter, spec: FilterSpec, key: tuple[FilterSpec, int, int],
                           result: tuple[dict[int, np.ndarray], np.ndarray, EnvelopePyramid]) -> None:
        self._job, self.pending = None, False
        values, joined, pyramid = result
        for index, section in values.items():
            sections.store(spec, index, section)
        if sections is self.sections:
            self._joined = key, joined
            self.trace.envelopes.keep(joined, pyramid)
        self._follow_view()

    def _draw(self, key: tuple[FilterSpec, int, int], data: np.ndarray) -> None:
        self.pending = False
        self.trace.set_display_data(data, key[1] * self.sections.section)
        self.drawn = key

    def close(self) -> None:
        """Stop the worker (a section being filtered is finished and dropped)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
