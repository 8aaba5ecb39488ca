"""Exports of a session with located events: QuakeML origins and arrivals, NonLinLoc blocks with pick errors,
SeisBench and STEAD rows with the event's origin and the station's coordinates."""

from __future__ import annotations

import csv

import numpy as np
import obspy
import pytest
from obspy import UTCDateTime

from eqviewer.associate.session_events import associate_session
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.io.record import ItemRef
from eqviewer.labels import Pick
from eqviewer.review.export import export_session
from eqviewer.review.session import Session
from tests.associate.network import random_events, ring_stations, synthetic_picks, waveform_day

ALL = ("automatic", "accepted", "corrected", "manual")


@pytest.fixture(scope="module")
def located(shared_data, tmp_path_factory):
    """A 10-minute, 5-station network with real waveforms: two located events, false automatic picks and one
    manual pick no event explains."""
    folder = tmp_path_factory.mktemp("events")
    rng = np.random.default_rng(4)
    stations = ring_stations(5)
    events = random_events(2, 600.0, rng, min_gap_s=150.0)
    archive = folder / "archive"
    archive.mkdir()
    waveform_day(shared_data, stations, events, 600.0, archive, rng)
    records = {s.key: str(ItemRef(str(archive / f"{s.key[:-1]}.mseed"), s.key + ".HH")) for s in stations}
    picks = synthetic_picks(stations, events, rng, n_false=6, span_s=600.0)
    path = folder / "s.eqreview"
    with Session.create(path, archives=[archive]) as session:
        session.add_automatic([p.with_changes(id=None, uncertainty_s=None if p.phase == "S" else 0.08,
                                              record=records[p.station_id[:-3]]) for p in picks])
        manual = Pick(stations[0].key + ".HH", "P", UTCDateTime("2024-06-01T00:09:30"),
                      record=records[stations[0].key])
        session.add_pick(manual)
        session.set_stations(stations, source="test")
        associate_session(session, parse_velocity_model("vp=6.0,vs=3.5"), AssociationSettings(min_picks=5))
    session = Session.open(path, read_only=True)
    yield session, folder, stations, events
    session.close()


def test_quakeml_holds_origins_arrivals_and_real_channels(located, tmp_path):
    session, _, stations, events = located
    out = tmp_path / "cat.xml"
    export_session(session, "quakeml", out, ALL)
    catalog = obspy.read_events(str(out))
    with_origin = [e for e in catalog if e.origins]
    assert len(with_origin) == len(session.events()) == len(events)
    for event, truth in zip(with_origin, sorted(events, key=lambda e: e.time)):
        origin = event.preferred_origin()
        assert abs(origin.time - truth.time) < 1.0
        assert origin.depth_errors.uncertainty > 0 and origin.quality.standard_error < 0.2
        assert origin.origin_uncertainty.horizontal_uncertainty > 0
        ids = {str(p.resource_id) for p in event.picks}
        assert {str(a.pick_id) for a in origin.arrivals} == ids
        for arrival in origin.arrivals:
            assert arrival.phase in ("P", "S") and arrival.distance > 0 and 0 <= arrival.azimuth < 360
            assert abs(arrival.time_residual) < 0.5
        assert {p.waveform_id.channel_code for p in event.picks if p.phase_hint == "P"} == {"HHZ"}
        assert {p.waveform_id.channel_code for p in event.picks if p.phase_hint == "S"} == {"HHN"}
    without = [e for e in catalog if not e.origins]  # the manual pick; false automatic picks are left out
    assert [p.phase_hint for e in without for p in e.picks] == ["P"]
    assert all(p.evaluation_mode == "manual" for e in without for p in e.picks)


def test_nlloc_writes_one_block_per_event_with_pick_errors(located, tmp_path):
    session, *_ = located
    out = tmp_path / "picks.obs"
    n = export_session(session, "nlloc", out, ALL)
    blocks = [b for b in out.read_text().split("\n\n") if b.strip()]
    assert len(blocks) == len(session.events()) + 1
    located_blocks = [b for b in blocks if b.startswith("# event ")]  # origin named; no ML measured here
    assert len(located_blocks) == len(session.events()) and all(" ML " not in b.splitlines()[0] for b in blocks)
    lines = [line.split() for line in out.read_text().splitlines() if "GAU" in line]
    assert len(lines) == n
    errors = {float(parts[parts.index("GAU") + 1]) for parts in lines}
    assert errors == {0.08, 0.1}  # the P picks' own error, the default for S picks without one


@pytest.mark.parametrize("fmt", ["seisbench", "stead"])
def test_training_exports_carry_the_event_and_coordinates(located, tmp_path, fmt):
    session, _, stations, _ = located
    out = tmp_path / ("sb" if fmt == "seisbench" else "stead.hdf5")
    export_session(session, fmt, out, ALL)
    table = out / "metadata.csv" if fmt == "seisbench" else tmp_path / "stead.csv"
    rows = [r for r in csv.DictReader(table.open()) if r["trace_category"].startswith("earthquake")]
    lat, slat, dist = (("source_latitude_deg", "station_latitude_deg", "path_ep_distance_km") if fmt == "seisbench"
                       else ("source_latitude", "receiver_latitude", "source_distance_km"))
    origins = {f"origin{o.id}": o for o in session.events()}
    coordinates = {s.key.split(".")[1]: s for s in stations}
    located_rows = [r for r in rows if r["source_id"] in origins]
    assert len(located_rows) >= 2 * len(stations) - 2
    for row in located_rows:
        assert float(row[lat]) == pytest.approx(origins[row["source_id"]].latitude)
        code = row["station_code" if fmt == "seisbench" else "receiver_code"]
        assert float(row[slat]) == pytest.approx(coordinates[code].latitude)
        assert 0 < float(row[dist]) < 100
    splits = {}
    for row in located_rows:  # one event's traces never land in two splits
        splits.setdefault(row["source_id"], set()).add(row["split"])
    assert all(len(s) == 1 for s in splits.values())
