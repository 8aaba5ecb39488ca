"""A long record filtered section by section, only where the view needs it: each section is filtered with a
margin of the record around it that hides the filter's edge effects (before it for a causal filter, on both sides for
a zero-phase one), and kept per section and filter, so paging back or toggling the filter again costs nothing."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

from eqviewer.app.view_filter import FilterSpec, filter_rows, filter_sos

SECTION_S = 600.0
"""The length of one filtered section (seconds)."""
MARGIN_CYCLES = 20.0
"""The margin holds this many periods of the filter's lowest corner, so its transient has died away..."""
MIN_MARGIN_S = 10.0
"""...and at least this many seconds."""
MAX_CACHED_SECTIONS = 300
"""Sections kept (least recently used dropped first): two station-days at 100 Hz, about 200 MB."""


def margin_samples(spec: FilterSpec, sampling_rate: float) -> int:
    """How many samples of the record around a section its filtering reads so that its edges are clean."""
    lowest = min(f for f in (spec.freqmin, spec.freqmax) if f is not None)
    return int(np.ceil(sampling_rate * max(MIN_MARGIN_S, MARGIN_CYCLES / lowest)))


class SectionFilter:
    """The filtered sections of one record ``data`` (shape (k, n)), each ``section`` samples long (the last may be
    shorter). Components are demeaned by their mean over the whole record, so sections join without steps.

    :meth:`compute` is safe to call from a worker thread (it reads the record only); :meth:`store`, :meth:`missing`
    and :meth:`assemble` belong to the thread that owns the cache.
    """

    def __init__(self, data: np.ndarray, sampling_rate: float):
        self.data, self.sampling_rate = data, float(sampling_rate)
        self.section = max(1, int(round(SECTION_S * self.sampling_rate)))
        self.count = -(-data.shape[1] // self.section)
        self._means: np.ndarray | None = None
        self._cache: OrderedDict[tuple[FilterSpec, int], np.ndarray] = OrderedDict()

    def sections(self, first: int, last: int) -> range:
        """The sections that hold samples ``first`` to ``last`` (exclusive), clipped to the record."""
        first, last = max(0, first), min(self.data.shape[1], last)
        return range(first // self.section, -(-last // self.section)) if last > first else range(0)

    def missing(self, spec: FilterSpec, sections: range) -> list[int]:
        """Which of ``sections`` are not filtered with ``spec`` yet."""
        return [i for i in sections if (spec, i) not in self._cache]

    def compute(self, spec: FilterSpec, index: int) -> np.ndarray:
        """Section ``index`` filtered with ``spec`` (float32, (k, section)); raises ValueError for a filter the
        record cannot take (see :func:`~eqviewer.app.view_filter.check_filter`)."""
        sos = filter_sos(spec, self.sampling_rate)
        if self._means is None:
            self._means = self.data.mean(axis=1, dtype=np.float64, keepdims=True)
        margin = margin_samples(spec, self.sampling_rate)
        n = self.data.shape[1]
        start, end = index * self.section, min(n, (index + 1) * self.section)
        lo, hi = max(0, start - margin), (min(n, end + margin) if spec.zerophase else end)
        rows = self.data[:, lo:hi].astype(np.float64) - self._means
        return filter_rows(rows, sos, spec.zerophase)[:, start - lo:end - lo].astype(np.float32)

    def store(self, spec: FilterSpec, index: int, values: np.ndarray) -> None:
        """Keep a computed section (dropping the least recently used beyond MAX_CACHED_SECTIONS)."""
        self._cache[(spec, index)] = values
        while len(self._cache) > MAX_CACHED_SECTIONS:
            self._cache.popitem(last=False)

    def assemble(self, spec: FilterSpec, sections: range) -> np.ndarray:
        """The filtered samples of ``sections`` (all stored), joined: shape (k, samples), starting at sample
        ``sections.start * self.section`` of the record."""
        parts = []
        for i in sections:
            self._cache.move_to_end((spec, i))
            parts.append(self._cache[(spec, i)])
        return np.concatenate(parts, axis=1) if len(parts) > 1 else parts[0]
