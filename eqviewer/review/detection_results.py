"""Storing a detector's results in a review session: the one way every front end does it.

The window (a record run in its worker), ``eqviewer detect --session`` (slices of long records), the Dask runner
(station-day tasks) and the window's Dask run all build a :class:`DetectionBatch` and hand it to
:func:`store_detections`. A batch replaces the still-automatic picks and window labels of the records it covers
(reviewed ones stay), in one undoable edit that keeps the run's provenance (model, settings, task) as a run entry,
and then stores the records' probability curves when it carries them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from obspy import UTCDateTime

from eqviewer.labels import Pick, WindowLabel
from eqviewer.sampling import SAMPLING_RATE
from eqviewer.review import curve_codec

MAX_STORED_CURVE_SAMPLES = int(2 * 86_400 * SAMPLING_RATE)
"""Curves of records up to two days long go into the session; longer ones would bloat it."""


@dataclass
class RecordCurves:
    """One record's stitched curves (float32 arrays by name, see :mod:`eqviewer.detect.annotations`)."""

    record: str
    start: UTCDateTime
    sampling_rate: float
    curves: dict[str, np.ndarray]
    encoded: dict[str, tuple[float, int, str, bytes]] | None = None
    """The curves as the session stores them (:func:`eqviewer.review.curve_codec.encode_all`), once encoded."""
    stored: dict[str, np.ndarray] | None = None
    """The encoded curves decoded again: what the session gives back for them, ready to draw. Once set, ``curves``
    is this same dict (the unquantised curves are let go: a station-day's are about 70 MB)."""

    @property
    def n_samples(self) -> int:
        """The length of the longest curve."""
        return max((len(values) for values in self.curves.values()), default=0)


@dataclass
class DetectionBatch:
    """What one run (or one task of a run) found, ready to store.

    ``records``: the records the model ran on (their earlier automatic results are replaced); ``span`` = (t1, t2)
    limits the replacement to a time span (a station-day); ``run_info``: provenance kept as the session's run entry;
    ``curves``: curves to keep (empty when the run does not ship them, as on Dask).
    """

    picks: list[Pick]
    window_labels: list[WindowLabel]
    records: list[str]
    run_info: dict | None = None
    span: tuple[UTCDateTime, UTCDateTime] | None = None
    curves: list[RecordCurves] = field(default_factory=list)

    def encode_curves(self) -> None:
        """Encode the curves for the session now, and decode them again for drawing (a station-day's take a second):
        call it in a worker thread so that :func:`store_detections`, in the thread that owns the session, only
        writes bytes and the view draws without reading them back."""
        for record_curves in self.curves:
            if record_curves.encoded is None and record_curves.n_samples <= MAX_STORED_CURVE_SAMPLES:
                record_curves.encoded = curve_codec.encode_all(record_curves.curves, record_curves.sampling_rate)
                record_curves.stored = {name: curve_codec.decode(encoding, data)
                                        for name, (_, _, encoding, data) in record_curves.encoded.items()}
                record_curves.curves = record_curves.stored

    @property
    def touched(self) -> set[str]:
        """Every record whose labels this batch changes."""
        return set(self.records) | {p.record for p in self.picks} | {w.record for w in self.window_labels}


@dataclass
class StoredBatch:
    """What :func:`store_detections` did: the new pick ids, and the records whose curves were too long to keep."""

    pick_ids: list[int]
    curves_skipped: list[str]


def batch_from_annotations(parts: list, run_info: dict | None = None) -> DetectionBatch:
    """One record's :class:`~eqviewer.detect.annotations.Annotations` (a whole run, or its consecutive slices from
    :func:`eqviewer.detect.archive.detect_source`) as one batch; each slice's curves are cut to its own span and
    joined."""
    first = parts[0]
    picks = [pick for part in parts for pick in part.picks]
    labels = [label for part in parts for label in part.window_labels()]
    ranges = [_own_range(part) for part in parts]
    curves = {name: np.concatenate([part.curves[name][a:b] for part, (a, b) in zip(parts, ranges)])
              for name in first.curves}
    start = first.info["own"][0] if "own" in first.info else first.start
    return DetectionBatch(picks, labels, [first.record], run_info,
                          curves=[RecordCurves(first.record, start, first.sampling_rate, curves)])


def _own_range(part) -> tuple[int, int]:
    """The samples [first, end) of a slice's curves that belong to it (all of them for a whole-record run)."""
    if "own" not in part.info:
        return 0, max((len(v) for v in part.curves.values()), default=0)
    own_start, own_end = part.info["own"]
    rate = part.sampling_rate
    return int(round((own_start - part.start) * rate)), int(round((own_end - part.start) * rate))


def store_detections(session, batch: DetectionBatch) -> StoredBatch:
    """Store ``batch`` in ``session``: its picks and window labels replace the covered records' automatic ones as
    one undoable edit with its run entry, then the curves (up to :data:`MAX_STORED_CURVE_SAMPLES` per record)
    replace the records' earlier curves. EqviewerError (SessionError) when the session cannot take it."""
    ids = session.add_automatic(batch.picks, batch.window_labels, run_info=batch.run_info,
                                replace_records=batch.records, replace_span=batch.span)
    skipped = []
    for curves in batch.curves:
        if curves.n_samples > MAX_STORED_CURVE_SAMPLES:
            skipped.append(curves.record)
            continue
        if curves.encoded is not None:
            session.store_encoded_curves(curves.record, curves.start, curves.encoded)
        else:
            session.store_curves(curves.record, curves.start, curves.sampling_rate, curves.curves)
    return StoredBatch(ids, skipped)
