"""A review session's reviewed labels as an io source in memory: the windows its training exports would write.

The windows are those :mod:`eqviewer.review.training_windows` cuts for the SeisBench and STEAD exports (the same
plan, seed and samples), listed as the export's reader would list them: one item per window, named by its trace
name, with its reviewed P and S as manual labels at the sample positions the export writes, and its class as the
category. Samples are read from the session's archives when an item is read; nothing is written to disk. Training
(:func:`eqviewer.train.finetune.read_labelled`) and calibration (:mod:`eqviewer.train.calibrate`) read sessions
through it.
"""

from __future__ import annotations

import os

from obspy import UTCDateTime

from eqviewer.errors import EqviewerError
from eqviewer.io import SAMPLING_RATE, Item, Record, Source, sample_span, window_record
from eqviewer.labels import REVIEWED_STATUSES, Pick
from eqviewer.review import WINDOW_SAMPLES, TrainingWindow, is_session_path, plan_windows, read_window, trace_name

COMPONENT_ORDER = "ZNE"


class SessionSource(Source):
    """The training windows of the session at ``path`` (opened read-only while the windows are planned).

    Raises :class:`EqviewerError` naming the session when it holds nothing reviewed."""

    format = "session"

    def __init__(self, path: str | os.PathLike, *, start: UTCDateTime | None = None,
                 end: UTCDateTime | None = None):
        from eqviewer.review import Session

        super().__init__(path, start=start, end=end)
        with Session.open(self.path, read_only=True) as session:
            windows, self._extents = plan_windows(session, REVIEWED_STATUSES)
        if not windows:
            self._extents.close()
            raise EqviewerError(self.path, "the session holds no reviewed labels to train or calibrate on: accept,"
                                           " correct or add picks, or import the archives' labels, first")
        self._windows = {trace_name(window, index): window for index, window in enumerate(windows)}

    def _list(self) -> list[Item]:
        items = []
        for key, window in self._windows.items():
            labels = [Pick(window.station_id, phase, _time_in(window, pick), record=f"{self.path}#{key}",
                           status="manual")
                      for phase, pick in (("P", window.p), ("S", window.s)) if pick is not None]
            items.append(Item(key, window.station_id, window.start, SAMPLING_RATE, WINDOW_SAMPLES, window.category,
                              labels, {"split": window.split}))
        return items

    def _read(self, item: Item, starttime: UTCDateTime | None, endtime: UTCDateTime | None) -> Record:
        span = sample_span(item, starttime, endtime, WINDOW_SAMPLES, self.path)
        samples = read_window(self._windows[item.key], self._extents)[:, span[0]:span[1]]
        return window_record(self, item, samples, span, WINDOW_SAMPLES, COMPONENT_ORDER, self.path, item.extra)

    def close(self) -> None:
        """Close the session's archives."""
        self._extents.close()


def _time_in(window: TrainingWindow, pick: Pick) -> UTCDateTime:
    """The time of ``pick`` as its exported sample position in ``window`` gives it back (to the nanosecond)."""
    offset_ns = round(window.sample_of(pick) / SAMPLING_RATE * 1e9)
    return UTCDateTime(ns=window.start.ns + offset_ns)


def open_labelled(path: str | os.PathLike, **options) -> Source:
    """``path`` as an io source of labelled records: a review session's training windows (:class:`SessionSource`;
    of ``options`` only ``start`` and ``end`` apply), else the archive :func:`eqviewer.io.open_archive` opens."""
    from eqviewer.io import open_archive

    if is_session_path(path):
        return SessionSource(path, start=options.get("start"), end=options.get("end"))
    return open_archive(path, **options)
