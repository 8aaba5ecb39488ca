"""Likely-noise picks looked at once more: a pick an event explains as the other phase is offered relabelled (not
noise), one far from any predicted arrival stays noise, and relabelling joins the pick to the event in one undo."""

from __future__ import annotations

import pytest

from eqviewer.app.noise_review import likely_noise, other_phase_explanations, read_likely_noise, relabel_and_join
from eqviewer.labels import Pick
from tests.associate.event_session import located_session
from tests.associate.network import arrival, ring_stations


def test_a_p_labelled_s_is_explained_as_p_and_relabelling_joins_it(tmp_path):
    session, (true,) = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        station = ring_stations(8)[0]
        own = next(p for _, p in session.event_picks(event.id) if p.station_id.startswith(station.key)
                   and p.phase == "P")
        session.reject(own.id)  # the station's P is gone: the event has no P there
        mislabelled = session.add_pick(Pick(own.station_id, "S", arrival(true, station, "P") + 0.1,
                                               record=own.record))
        noise = session.add_pick(Pick(own.station_id, "P", event.time + 300.0, record=own.record))
        unexplained = session.unassociated_picks()
        assert {mislabelled, noise} <= {p.id for p in unexplained}
        found = other_phase_explanations(session, unexplained)
        assert set(found) == {mislabelled}
        assert found[mislabelled].phase == "P" and found[mislabelled].origin_id == event.id
        assert found[mislabelled].residual_s == pytest.approx(0.1, abs=0.3)
        assert "likely P, not noise" in found[mislabelled].text()
        relabelled = relabel_and_join(session, found[mislabelled])
        pick = session.pick(relabelled)
        assert pick.phase == "P" and pick.time == session.pick(mislabelled).time
        assert relabelled in {p.id for _, p in session.event_picks(event.id)}
        assert relabelled not in {p.id for p in session.unassociated_picks()}
        session.undo()  # the relabelling and the arrival together
        assert session.pick(mislabelled).phase == "S"
        assert mislabelled in {p.id for p in session.unassociated_picks()}
        assert relabelled not in {p.id for _, p in session.event_picks(event.id)}


def test_a_station_the_event_has_that_phase_at_already_stays_noise(tmp_path):
    session, (true,) = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        station = ring_stations(8)[1]
        own = next(p for _, p in session.event_picks(event.id) if p.station_id.startswith(station.key))
        duplicate = session.add_pick(Pick(own.station_id, "S", arrival(true, station, "P"), record=own.record))
        # the event has a P at that station already
        assert other_phase_explanations(session, [session.pick(duplicate)]) == {}


def test_a_handle_of_its_own_reads_the_list_the_writer_sees(tmp_path):
    session, (true,) = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        own = next(p for _, p in session.event_picks(event.id) if p.phase == "P")
        session.reject(own.id)
        session.add_pick(Pick(own.station_id, "S", own.time, record=own.record))  # the writer's edits, just made
        read = read_likely_noise(session.path)
        assert read == likely_noise(session)
        assert [p.phase for p in read.picks] == ["S"] and set(read.explained) == {read.picks[0].id}
