"""Relocating a reviewed event from its current picks: in place (same id), with excluded arrivals left out,
corrected picks in place of those they correct, rejected picks dropped, a held depth, and undo."""

from __future__ import annotations

import pytest
from obspy.geodetics import gps2dist_azimuth

from eqviewer.app.location import (depth_error_text, needs_relocation, prepare_relocation, relocate_all,
                                   relocate_event, store_relocation)
from eqviewer.errors import EqviewerError
from tests.associate.event_session import located_session


def _epicentre_error_km(origin, true) -> float:
    return gps2dist_azimuth(origin.latitude, origin.longitude, true.latitude, true.longitude)[0] / 1000.0


def test_relocation_keeps_the_id_and_finds_the_event(tmp_path):
    session, (true,) = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        moved = relocate_event(session, event.id)
        assert moved.id == event.id and [e.id for e in session.events()] == [event.id]
        assert _epicentre_error_km(moved, true) < 2.0 and abs(moved.depth_km - true.depth_km) < 3.0
        assert moved.horizontal_error_km is not None and moved.depth_error_km is not None
        assert 0 < moved.azimuthal_gap_deg < 180 and all(a.used and a.weight > 0 for a in moved.arrivals)
        assert session.event(event.id) == moved


def test_an_excluded_arrival_is_kept_unused_and_undo_restores(tmp_path):
    session, _ = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        pick_id = event.arrivals[0].pick_id
        before = session.newest_edit()
        assert session.set_arrival_used(event.id, pick_id, False)
        plan = prepare_relocation(session, event.id)
        relocated = plan.locate()
        store_relocation(session, plan, relocated)
        stored = session.event(event.id)
        excluded = next(a for a in stored.arrivals if a.pick_id == pick_id)
        assert not excluded.used and excluded.weight == 0 and stored == relocated
        assert session.pick(pick_id).status == "automatic"  # the pick itself is not rejected
        assert session.undo() and session.newest_edit() == before  # exclusion and relocation: one edit
        assert session.event(event.id) == event


def test_corrected_picks_replace_those_they_correct_and_rejected_ones_are_not_used(tmp_path):
    session, _ = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        first, second = event.arrivals[0].pick_id, event.arrivals[1].pick_id
        corrected = session.move_pick(first, session.pick(first).time + 0.05)
        session.reject(second)
        moved = relocate_event(session, event.id)
        weights = {a.pick_id: a.weight for a in moved.arrivals}
        assert corrected in weights and first not in weights and weights[second] == 0
        assert second not in {a.pick_id for a in moved.used_arrivals}
        assert session.event_of_picks()[corrected] == event.id


def test_a_fixed_depth_is_held_and_says_so(tmp_path):
    session, _ = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        held = relocate_event(session, event.id, fixed_depth_km=5.0)
        assert held.depth_km == 5.0 and held.depth_fixed and held.depth_error_km is None
        assert depth_error_text(held) == "fixed" and held.time_error_s is not None
        again = relocate_event(session, event.id)  # a held depth stays held
        assert again.depth_fixed and again.depth_km == 5.0


def test_too_few_used_picks_are_refused_and_relocate_all_reports_it(tmp_path):
    session, _ = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        for arrival in event.arrivals[3:]:
            session.reject(arrival.pick_id)
        with pytest.raises(EqviewerError, match="cannot locate"):
            relocate_event(session, event.id)
        origins, problems = relocate_all(session)
        assert origins == [] and len(problems) == 1


def test_an_event_needs_relocation_after_an_edit_of_its_picks_and_not_after_undo(tmp_path):
    session, _ = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        relocate_event(session, event.id)
        assert not needs_relocation(session, event.id)
        pick_id = event.arrivals[0].pick_id
        session.move_pick(pick_id, session.pick(pick_id).time + 0.2)
        assert needs_relocation(session, event.id)
        relocate_event(session, event.id)
        assert not needs_relocation(session, event.id)
        session.set_arrival_used(event.id, event.arrivals[1].pick_id, False)
        assert needs_relocation(session, event.id)
        session.undo()
        assert not needs_relocation(session, event.id)
