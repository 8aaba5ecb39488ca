"""Running the detector over whole archives, record by record and time slice by time slice, in bounded memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from obspy import UTCDateTime

from eqviewer.detect.annotations import Annotations
from eqviewer.detect.detector import Detector
from eqviewer.errors import NoDataError

SLICE_S = 4 * 3600.0  # each read: four hours plus a window on each side, about 17 MB of samples per 3-C station


@dataclass
class SliceProgress:
    """Where a run over a source stands: record ``record_index`` of ``n_records``, picker windows done so far."""

    record_index: int
    n_records: int
    record: str
    windows_done: int


def slice_bounds(
    start: UTCDateTime, end: UTCDateTime, slice_s: float, margin_s: float
) -> list[tuple[UTCDateTime, UTCDateTime]]:
    """The own spans [a, b) that cut the record from ``start`` to ``end`` (its last sample) into slices read with
    ``margin_s`` (a window) more on each side."""
    duration = end - start
    if duration <= slice_s + 2 * margin_s:
        return [(start, end + 0.01)]
    bounds = []
    first = start
    while first <= end:
        bounds.append((first, min(first + slice_s, end + 0.01)))
        first = first + slice_s
    return bounds


def clip_bounds(
    bounds: list[tuple[UTCDateTime, UTCDateTime]], span: tuple[UTCDateTime, UTCDateTime]
) -> list[tuple[UTCDateTime, UTCDateTime]]:
    """The parts of the own spans ``bounds`` that lie in ``span`` = [t1, t2) (empty parts dropped)."""
    clipped = [(max(a, span[0]), min(b, span[1])) for a, b in bounds]
    return [(a, b) for a, b in clipped if a < b]


def detect_source(
    source,
    detector: Detector,
    slice_s: float = SLICE_S,
    progress: Callable[[SliceProgress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    items: list | None = None,
    span: tuple[UTCDateTime, UTCDateTime] | None = None,
) -> Iterator[Annotations]:
    """Annotate every item of an io source, yielding one :class:`Annotations` per time slice (a record of up to
    ``slice_s`` plus two windows is one slice).

    Each slice is read with a window's margin on both sides, so its own span gets exactly the picks a run on the
    whole record would give; memory stays that of one slice whatever the record's length. Stops early (after the
    slice in progress) when ``cancel()`` returns True. ``items`` restricts the run to those items of the source and
    ``span`` = (t1, t2) to the parts of their slices in [t1, t2) (a station-day of a distributed run); window
    grids stay anchored at each item's start, so those parts get the picks a run over everything gives them.
    """
    items = source.items() if items is None else items
    margin_s = detector.descriptor.window_s
    windows_done = 0
    for index, item in enumerate(items):
        bounds = slice_bounds(item.start, item.end, slice_s, margin_s)
        for own_start, own_end in bounds if span is None else clip_bounds(bounds, span):
            if cancel is not None and cancel():
                return
            whole = own_start == item.start and own_end > item.end
            try:
                if whole:
                    record = source.read(item)
                else:
                    record = source.read(item, own_start - margin_s, own_end + margin_s)
            except NoDataError:  # a gap longer than the slice: nothing to annotate there
                continue
            rate = record.sampling_rate
            offset = max(0, int(round((record.start - item.start) * rate)))
            at_end = record.end >= item.end - 0.5 / rate
            own = (
                max(0, int(round((own_start - record.start) * rate))),
                min(record.n_samples, int(round((own_end - record.start) * rate))),
            )
            base = windows_done

            def step(done: int, total: int, base: int = base, key: str = str(record.ref)) -> None:
                if progress is not None:
                    progress(SliceProgress(index, len(items), key, base + done))

            annotations = detector.run_slice(record, offset, at_end, own, step, cancel)
            windows_done += annotations.n_windows
            annotations.info["own"] = (record.start + own[0] / rate, record.start + own[1] / rate)
            yield annotations
            if annotations.info.get("cancelled"):
                return
