"""The envelope pyramids the trace view draws from: a short array's built at once, a long one's (a station-day) in
a worker thread while the window stays responsive; the last few are kept, so drawing an array again (the raw
record after the filter is switched off) costs nothing."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PyQt6.QtCore import QObject, pyqtSignal

from eqviewer.app.envelope_pyramid import EnvelopePyramid

SYNC_PYRAMID_SAMPLES = 1_000_000
"""Arrays of up to this many samples (per row) get their pyramid at once on the GUI thread (some 10 ms); longer
ones in the worker."""
KEPT = 6
"""Pyramids kept for arrays drawn again (the raw record, a filtered view, the model curves)."""


class EnvelopeBuilder(QObject):
    """Builds :class:`EnvelopePyramid` s for the trace view. ``request(key, data, first, done)`` calls
    ``done(pyramid)`` in the GUI thread, at once or when the worker is done, unless a later request for the same
    ``key`` (a panel) came first; ``pending`` says whether any request waits for the worker."""

    built = pyqtSignal(object, int, object)  # key, ticket, EnvelopePyramid

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="envelopes")
        self._tickets = itertools.count()
        self._waiting: dict[Hashable, tuple[int, np.ndarray, Callable[[EnvelopePyramid], None]]] = {}
        self._kept: list[tuple[np.ndarray, EnvelopePyramid]] = []
        self.built.connect(self._on_built)

    @property
    def pending(self) -> bool:
        """Whether a requested pyramid is being built in the worker."""
        return bool(self._waiting)

    def kept(self, data: np.ndarray, first: int = 0) -> EnvelopePyramid | None:
        """The pyramid built before for this very array starting at sample ``first``, if still kept."""
        for array, pyramid in self._kept:
            if array is data and pyramid.first == first:
                return pyramid
        return None

    def keep(self, data: np.ndarray, pyramid: EnvelopePyramid) -> None:
        """Keep a pyramid of ``data`` (built here or by another worker), dropping the oldest beyond KEPT."""
        self._kept = [(data, pyramid)] + [(a, p) for a, p in self._kept if a is not data][:KEPT - 1]

    def request(self, key: Hashable, data: np.ndarray, first: int,
                done: Callable[[EnvelopePyramid], None]) -> None:
        """Have ``done`` called with the pyramid of ``data`` (starting at sample ``first`` of the record)."""
        pyramid = self.kept(data, first)
        if pyramid is None and data.shape[-1] <= SYNC_PYRAMID_SAMPLES:
            pyramid = EnvelopePyramid(data, first)
            self.keep(data, pyramid)
        if pyramid is not None:
            self._waiting.pop(key, None)
            done(pyramid)
            return
        ticket = next(self._tickets)
        self._waiting[key] = (ticket, data, done)
        job = self._executor.submit(EnvelopePyramid, data, first)
        job.add_done_callback(lambda finished: self.built.emit(key, ticket, finished.result()))

    def cancel(self, key: Hashable) -> None:
        """Forget the request for ``key`` (its array is no longer drawn)."""
        self._waiting.pop(key, None)

    def _on_built(self, key: Hashable, ticket: int, pyramid: EnvelopePyramid) -> None:
        waiting = self._waiting.get(key)
        if waiting is not None and waiting[0] == ticket:
            del self._waiting[key]
            self.keep(waiting[1], pyramid)
            waiting[2](pyramid)
