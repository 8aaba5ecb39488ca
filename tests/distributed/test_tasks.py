"""Task planning (no cluster): station-days, groups of short records, stable ids, clipped slices."""

import pytest
from obspy import UTCDateTime

pytest.importorskip("distributed", reason="Dask is not installed (pip install 'eqviewer[cluster]')")

from eqviewer.detect.archive import clip_bounds, slice_bounds  # noqa: E402
from eqviewer.distributed.tasks import DetectTask, plan_tasks  # noqa: E402
from eqviewer.io.source import Item, Source  # noqa: E402


class _Listing(Source):
    format = "fake"

    def __init__(self, items):
        super().__init__("/archive")
        self._listed = items

    def _list(self):
        return self._listed


def _item(key, start, seconds):
    return Item(key=key, station_id=key, start=UTCDateTime(start), sampling_rate=100.0, n_samples=int(seconds * 100) + 1)


def test_long_items_are_cut_at_utc_midnight_and_short_ones_grouped():
    items = [_item("XX.A..BH", "2024-03-01T12:00:00", 2 * 86400), *[_item(f"w{i}", "2024-01-01", 60) for i in range(5)]]
    tasks = plan_tasks(_Listing(items), items_per_task=2)
    days = [t for t in tasks if t.start is not None]
    assert [str(t.start.date) for t in days] == ["2024-03-01", "2024-03-02", "2024-03-03"]
    assert all(t.end - t.start == 86400 for t in days)
    assert [t.keys for t in tasks if t.start is None] == [("w0", "w1"), ("w2", "w3"), ("w4",)]
    assert sum(t.units for t in tasks) == 3 + 5
    assert len({t.id for t in tasks}) == len(tasks)
    assert days[1].id == "/archive#XX.A..BH@2024-03-02"
    assert plan_tasks(_Listing(items), items_per_task=2) == tasks  # the same archive plans the same tasks


def test_task_ids_do_not_depend_on_the_span_end():
    a = DetectTask("/a", None, ("k",), UTCDateTime("2024-03-01"), UTCDateTime("2024-03-02"))
    assert a.span == (UTCDateTime("2024-03-01"), UTCDateTime("2024-03-02"))
    assert DetectTask("/a", None, ("k",)).span is None


def test_clipped_slices_cover_a_span_once():
    start = UTCDateTime("2024-03-01T22:30:00")
    bounds = slice_bounds(start, start + 5 * 3600, 3600, margin_s=60.0)
    midnight = UTCDateTime("2024-03-02")
    before = clip_bounds(bounds, (midnight - 86400, midnight))
    after = clip_bounds(bounds, (midnight, midnight + 86400))
    assert before[-1][1] == midnight == after[0][0]
    assert sum(b - a for a, b in before + after) == sum(b - a for a, b in bounds)
