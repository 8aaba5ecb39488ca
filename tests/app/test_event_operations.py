"""Regrouping events' picks: merge, split, moving an arrival; each one undoable edit that keeps the events' ids and
relocates them, and a relocation's recomputed magnitude undone with it."""

from __future__ import annotations

import numpy as np
import pytest
from obspy.geodetics import gps2dist_azimuth

from eqviewer.app.event_operations import merge_events, move_arrival, split_event
from eqviewer.app.location import relocate_event
from eqviewer.associate import measure_magnitudes
from eqviewer.errors import EqviewerError
from tests.associate import magnitude_network as net
from tests.associate.event_session import located_session


def _error_km(origin, true) -> float:
    return gps2dist_azimuth(origin.latitude, origin.longitude, true.latitude, true.longitude)[0] / 1000.0


def _picks(origin) -> set[int]:
    return {a.pick_id for a in origin.arrivals}


def test_split_then_merge_keeps_ids_relocates_and_undoes(tmp_path):
    session, (true,) = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        half = sorted(_picks(event))[::2]
        kept, new = split_event(session, event.id, half)
        assert kept.id == event.id and new.id != event.id
        assert _picks(new) == set(half) and _picks(kept) == _picks(event) - set(half)
        assert {e.id for e in session.events()} == {event.id, new.id}
        for part in (kept, new):  # each half alone still finds the event
            assert _error_km(part, true) < 3.0 and abs(part.time - true.time) < 0.5
        merged = merge_events(session, event.id, new.id)
        assert merged.id == event.id and _picks(merged) == _picks(event)
        assert [e.id for e in session.events()] == [event.id] and _error_km(merged, true) < 2.0
        assert session.undo() and {e.id for e in session.events()} == {event.id, new.id}
        assert session.event(new.id) == new
        assert session.undo() and session.events() == [event]
        assert session.redo() and session.event(new.id) == new


def test_moving_an_arrival_relocates_both_events_and_undo_restores(tmp_path):
    session, _ = located_session(tmp_path / "s.eqreview", n_events=2)
    with session:
        first, second = session.events()
        pick_id = first.arrivals[0].pick_id
        corrected = session.move_pick(pick_id, session.pick(pick_id).time + 0.02)  # a corrected pick moves too
        left, joined = move_arrival(session, corrected, second.id)
        assert (left.id, joined.id) == (first.id, second.id)
        assert corrected in _picks(joined) and pick_id not in _picks(left) and corrected not in _picks(left)
        assert abs(next(a for a in joined.arrivals if a.pick_id == corrected).residual_s) > 10  # wrong event
        assert session.event_of_picks()[corrected] == second.id
        assert session.undo()
        assert session.event(second.id) == second and pick_id in _picks(session.event(first.id))
        with pytest.raises(EqviewerError, match="already belongs"):
            move_arrival(session, second.arrivals[0].pick_id, second.id)


def test_refused_operations_store_nothing(tmp_path):
    session, _ = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        before = session.newest_edit()
        with pytest.raises(EqviewerError, match="cannot locate"):
            split_event(session, event.id, sorted(_picks(event))[:2])  # two picks cannot locate an event
        with pytest.raises(EqviewerError, match="not a P or S arrival"):
            split_event(session, event.id, [10**6])
        with pytest.raises(EqviewerError, match="itself"):
            merge_events(session, event.id, event.id)
        assert session.newest_edit() == before and session.events() == [event]


def test_undoing_a_relocation_takes_its_recomputed_magnitude_back(tmp_path):
    stations, true = net.network(), net.event()
    session = net.make_session(tmp_path, stations, true, 2.3, np.random.default_rng(6))
    with session:
        session.replace_events([net.located(net.event(25.0), *net.stored_picks(session))])
        (measured,) = measure_magnitudes(session)  # from the wrong place
        amplitudes = session.amplitudes(measured.origin_id)
        relocate_event(session, measured.origin_id)
        assert session.magnitude(measured.origin_id).uncertainty < measured.magnitude.uncertainty / 2
        assert session.undo()
        assert session.magnitude(measured.origin_id) == measured.magnitude
        assert session.amplitudes(measured.origin_id) == amplitudes
        assert session.redo()
        assert session.magnitude(measured.origin_id).uncertainty < measured.magnitude.uncertainty / 2
