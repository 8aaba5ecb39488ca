"""The store's row queries: filters given as column values (the session builds no SQL), checked column names."""

from __future__ import annotations

import pytest
from obspy import UTCDateTime

from eqviewer.labels import Pick
from eqviewer.review.session import Session

T0 = UTCDateTime(2021, 3, 4, 5, 6, 7)


@pytest.fixture
def store(tmp_path):
    session = Session.create(tmp_path / "s.eqreview", author="tester")
    session.add_automatic([Pick("XX.A..HH", "P" if i % 2 else "S", T0 + i, record="/a.h5#r0", probability=0.5)
                           for i in range(6)])
    yield session._store
    session.close()


def test_select_filters_by_values_span_and_order(store):
    record_id = store.record_id("/a.h5#r0")
    rows = store.select("pick", {"record_id": record_id, "phase": "P"})
    times = [r["time_ns"] for r in rows]
    assert [r["phase"] for r in rows] == ["P"] * 3 and times == sorted(times)
    first, end = T0.ns + 1_500_000_000, T0.ns + 4_500_000_000
    inside = store.select("pick", {"record_id": record_id}, within=("time_ns", first, end), order=("id",))
    assert len(inside) == 3 and all(first <= r["time_ns"] < end for r in inside)
    assert store.select("window_label", {"start_ns": None, "record_id": record_id}) == []
    assert store.row("pick", rows[0]["id"])["record"] == "/a.h5#r0"


def test_select_refuses_unknown_columns(store):
    with pytest.raises(ValueError, match="no column time_ns; DROP"):
        store.select("pick", order=("time_ns; DROP",))
    with pytest.raises(ValueError, match="no column nope"):
        store.select("window_label", {"nope": 1})
