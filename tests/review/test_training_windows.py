"""Training windows cut from generated continuous data: P position, S inside, noise windows, split by event."""

from __future__ import annotations

import csv

import h5py
import numpy as np
import pytest
from obspy import Stream, Trace, UTCDateTime

from eqviewer.io import open_archive
from eqviewer.labels import Pick
from eqviewer.review.export import export_session
from eqviewer.review.session import Session

START = UTCDateTime(2022, 5, 6, 7, 0, 0)
EVENTS = [START + 100 + 200 * i for i in range(6)]  # origin-ish times; 3 stations see each event


def _write_archive(folder, station: str) -> str:
    rng = np.random.default_rng(abs(hash(station)) % 1000)
    n = 1400 * 100
    traces = []
    for component in "ZNE":
        data = rng.normal(0, 1, n).astype(np.float32)
        traces.append(Trace(data, header={"network": "XX", "station": station, "channel": f"HH{component}",
                                          "starttime": START, "sampling_rate": 100.0}))
    path = folder / f"{station}.mseed"
    Stream(traces).write(str(path), format="MSEED")
    return str(path)


@pytest.fixture
def session(tmp_path):
    archives = [_write_archive(tmp_path, station) for station in ("AAA", "BBB", "CCC")]
    s = Session.create(tmp_path / "s.eqreview", archives=archives)
    records = {}
    for path in archives:
        with open_archive(path) as source:
            (item,) = source.items()
            records[item.station_id] = (str(source.ref(item)), item.station_id)
    picks = []
    for delay, (record, station) in zip((0.0, 2.0, 4.0), records.values()):
        for event in EVENTS:
            picks.append(Pick(station, "P", event + delay, record=record, probability=0.8))
            picks.append(Pick(station, "S", event + delay + 7.5, record=record, probability=0.7))
        picks.append(Pick(station, "P", START + 1250 + delay, record=record, probability=0.4))  # a false one
    ids = s.add_automatic(picks)
    for pick_id, pick in zip(ids, picks):
        if pick.time > START + 1200:
            s.reject(pick_id)
        elif pick.phase == "S" and pick.time < START + 200:
            s.move_pick(pick_id, pick.time + 0.25)
        else:
            s.accept(pick_id)
    yield s
    s.close()


def test_seisbench_windows_place_p_early_and_keep_events_in_one_split(session, tmp_path):
    out = tmp_path / "sb"
    n = export_session(session, "seisbench", out)
    with open(out / "metadata.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert n == len(rows) == 3 * 6 + 3
    quakes = [r for r in rows if r["trace_category"] == "earthquake_local"]
    noise = [r for r in rows if r["trace_category"] == "noise"]
    assert len(quakes) == 18 and len(noise) == 3
    p = np.array([float(r["trace_p_arrival_sample"]) for r in quakes])
    s = np.array([float(r["trace_s_arrival_sample"]) for r in quakes])
    assert ((p >= 50) & (p <= 900)).all() and np.ptp(p) > 100  # varied, within the first 9 s
    np.testing.assert_allclose(s - p, [775 if r["trace_s_status"] == "corrected" else 750 for r in quakes])
    assert {r["trace_s_status"] for r in quakes} == {"accepted", "corrected"}
    by_event: dict[str, set] = {}
    for row in quakes:
        by_event.setdefault(row["source_id"], set()).add((row["station_code"], row["split"]))
    assert len(by_event) == 6
    for members in by_event.values():
        assert {station for station, _ in members} == {"AAA", "BBB", "CCC"}
        assert len({split for _, split in members}) == 1
    with h5py.File(out / "waveforms.hdf5", "r") as h5:
        assert h5["data_format/component_order"][()].decode() == "ZNE"
        assert h5["data_format/dimension_order"][()].decode() == "CW"
        for row in rows:
            assert h5["data"][row["trace_name"]].shape == (3, 6000)
    for row in noise:
        start = UTCDateTime(row["trace_start_time"])
        assert start <= START + 1250 + 4 and start + 60 > START + 1250


def test_the_same_session_exports_the_same_windows_and_replaces_old_output(session, tmp_path):
    first, second = tmp_path / "a.hdf5", tmp_path / "b.hdf5"
    export_session(session, "stead", first)
    second.write_bytes(b"old output")
    export_session(session, "stead", second)
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    with h5py.File(second, "r") as h5:
        shapes = {h5["data"][name].shape for name in h5["data"]}
    assert shapes == {(6000, 3)}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
