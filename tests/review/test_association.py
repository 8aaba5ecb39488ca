"""Inferring events from picks: P/S pairs per station, single linkage in time across stations."""

from __future__ import annotations

import obspy
from obspy import UTCDateTime

from eqviewer.labels import Pick
from eqviewer.review.association import cluster_by_time, group_events, phase_pairs
from eqviewer.review.export import export_session
from eqviewer.review.session import Session

T0 = UTCDateTime(2023, 1, 1)


def _pick(station: str, phase: str, seconds: float, record: str = "/a#r") -> Pick:
    return Pick(f"XX.{station}..HH", phase, T0 + seconds, record=f"{record}{station}")


def test_phase_pairs_take_the_first_s_after_each_p():
    picks = [_pick("A", "P", 0), _pick("A", "S", 8), _pick("A", "P", 100), _pick("A", "S", 170),
             _pick("A", "Pn", 300), _pick("A", "Sg", 305), _pick("A", "S", 400)]
    pairs = [(p and p.time - T0, s and s.time - T0) for p, s in phase_pairs(picks)]
    assert pairs == [(0, 8), (100, None), (None, 170), (300, 305), (None, 400)]


def test_cluster_by_time_links_neighbours():
    assert cluster_by_time([0.0, 100.0, 10.0, 35.0, 200.0], float, gap_s=30) == [0, 1, 0, 0, 2]


def test_group_events_across_stations_keeps_every_pick_once():
    picks = []
    for i, event in enumerate((0, 500, 1000)):
        for k, station in enumerate("ABC"):
            picks += [_pick(station, "P", event + 5 * k), _pick(station, "S", event + 5 * k + 9)]
    picks.append(_pick("A", "PmP", 1003))
    groups = group_events(picks)
    assert [len(g) for g in groups] == [6, 6, 7]
    assert sorted(id(p) for g in groups for p in g) == sorted(id(p) for p in picks)
    assert {p.station_id for p in groups[1]} == {"XX.A..HH", "XX.B..HH", "XX.C..HH"}


def test_quakeml_has_one_event_per_inferred_event(tmp_path):
    with Session.create(tmp_path / "s.eqreview") as session:
        picks = [_pick(station, phase, event + 3 * k + (8 if phase == "S" else 0))
                 for event in (0, 600) for k, station in enumerate("AB") for phase in "PS"]
        ids = session.add_automatic(p.with_changes(uncertainty_s=0.05, model="seed v1") for p in picks)
        for pick_id in ids[:-1]:
            session.accept(pick_id)
        corrected = session.move_pick(ids[0], T0 + 0.2)
        assert export_session(session, "quakeml", tmp_path / "q.xml") == 7
        catalog = obspy.read_events(str(tmp_path / "q.xml"))
    assert [len(e.picks) for e in catalog] == [4, 3]
    moved = next(p for p in catalog[0].picks if str(p.resource_id).endswith(f"/pick/{corrected}"))
    assert moved.evaluation_mode == "manual" and moved.evaluation_status == "reviewed"
    assert moved.time == T0 + 0.2 and moved.time_errors.uncertainty == 0.05
    assert any(f"automatic pick smi:local/eqviewer/pick/{ids[0]}" in c.text for c in moved.comments)
    assert str(moved.method_id) == "smi:local/eqviewer/model/seed_v1"
    confirmed = [p for p in catalog[0].picks if p is not moved]
    assert {p.evaluation_status for p in confirmed} == {"confirmed"}
