"""QuakeML after reviewing an event, read back with ObsPy: arrivals name the event's current, not rejected picks
(a corrected pick in place of the one it corrects, in the same event), used counts, weights, gap, depth type,
event type, and the origin's evaluation status once every pick is reviewed."""

from __future__ import annotations

import obspy

from eqviewer.app.location import relocate_event
from eqviewer.review.export_quakeml import export, pick_uri
from tests.associate.event_session import located_session

ALL = ("automatic", "accepted", "corrected", "manual", "rejected")


def _read(session, path):
    export(session, path, ALL)
    return obspy.read_events(str(path))


def test_arrivals_follow_corrections_rejections_and_exclusions(tmp_path):
    session, _ = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        first, second, third = (a.pick_id for a in event.arrivals[:3])
        corrected = session.move_pick(first, session.pick(first).time + 0.05)
        session.reject(second)
        session.set_arrival_used(event.id, third, False)
        relocate_event(session, event.id, fixed_depth_km=6.0)
        session.set_event_type(event.id, "quarry blast")
        (quake,) = _read(session, tmp_path / "c.xml")
    origin = quake.preferred_origin()
    picks = {str(p.resource_id) for p in quake.picks}
    arrivals = {str(a.pick_id): a for a in origin.arrivals}
    assert set(arrivals) <= picks and pick_uri(corrected) in arrivals
    assert pick_uri(first) not in picks and pick_uri(second) in picks and pick_uri(second) not in arrivals
    assert arrivals[pick_uri(third)].time_weight == 0.0
    assert all(a.time_weight > 0 for uri, a in arrivals.items() if uri != pick_uri(third))
    quality = origin.quality
    assert quality.associated_phase_count == event.n_picks - 1 and quality.used_phase_count == event.n_picks - 2
    assert quality.used_station_count <= quality.associated_station_count and 0 < quality.azimuthal_gap < 360
    assert origin.depth_type == "operator assigned" and origin.depth_errors.uncertainty is None
    assert quake.event_type == "quarry blast"
    assert (origin.evaluation_mode, origin.evaluation_status) == ("automatic", "preliminary")


def test_an_event_whose_picks_are_all_reviewed_has_a_reviewed_origin(tmp_path):
    session, _ = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        for arrival in event.arrivals:
            session.accept(arrival.pick_id)
        relocate_event(session, event.id)
        (quake,) = _read(session, tmp_path / "c.xml")
    origin = quake.preferred_origin()
    assert (origin.evaluation_mode, origin.evaluation_status) == ("manual", "reviewed")
    assert origin.depth_type == "from location" and quake.event_type == "earthquake"
    assert origin.quality.used_phase_count == event.n_picks == len(origin.arrivals)


def test_after_split_move_and_merge_each_pick_is_an_arrival_of_one_event(tmp_path):
    from eqviewer.app.event_operations import merge_events, move_arrival, split_event

    session, _ = located_session(tmp_path / "s.eqreview", n_events=2)
    with session:
        first, second = session.events()
        ids = sorted(a.pick_id for a in first.arrivals)
        corrected = session.move_pick(ids[0], session.pick(ids[0]).time + 0.03)
        _, new = split_event(session, first.id, [corrected, *ids[1:7:2]])
        move_arrival(session, ids[-1], second.id)
        session.set_event_type(new.id, "other event")
        quakes = _read(session, tmp_path / "split.xml")
        assert len(quakes) == 3
        merge_events(session, first.id, new.id)
        merged = _read(session, tmp_path / "merged.xml")
    for catalogue in (quakes, merged):
        picks = {str(p.resource_id) for q in catalogue for p in q.picks}
        arrivals = [str(a.pick_id) for q in catalogue for a in q.preferred_origin().arrivals]
        assert len(arrivals) == len(set(arrivals)) and set(arrivals) <= picks
        assert pick_uri(corrected) in arrivals and pick_uri(ids[0]) not in arrivals
        for quake in catalogue:
            origin = quake.preferred_origin()
            assert {str(a.pick_id) for a in origin.arrivals} <= {str(p.resource_id) for p in quake.picks}
            assert origin.quality.used_phase_count == len(origin.arrivals) == origin.quality.associated_phase_count
            assert origin.depth_type == "from location" and 0 < origin.quality.azimuthal_gap < 360
            assert all(a.time_weight > 0 for a in origin.arrivals)
    assert sorted(q.event_type for q in quakes) == ["earthquake", "earthquake", "other event"]
    assert len(merged) == 2 and all(q.event_type == "earthquake" for q in merged)
    assert sum(len(q.preferred_origin().arrivals) for q in merged) == first.n_picks + second.n_picks
