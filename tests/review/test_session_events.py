"""Stations and located events in a session: stored, replaced as one undoable edit, migrated from schema 1."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from obspy import UTCDateTime

from eqviewer.associate.session_events import associate_session
from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.errors import SessionError
from eqviewer.io.station_coordinates import StationChange, StationCoordinates
from eqviewer.origins import Arrival, Origin
from eqviewer.review.session import Session
from eqviewer.review.store import SCHEMA_VERSION
from tests.associate.network import random_events, ring_stations, synthetic_picks


def _origin(time: str, pick_ids) -> Origin:
    return Origin(UTCDateTime(time), 34.0, -117.0, 8.0, 0.1, 1.2, 2.5, 0.05, "pyocto", "vp=6,vs=3.5",
                  tuple(Arrival(i, "P", 0.01, 12.0, 90.0) for i in pick_ids))


def test_events_replace_earlier_ones_and_undo_brings_them_back(tmp_path):
    with Session.create(tmp_path / "s.eqreview") as session:
        from eqviewer.labels import Pick

        ids = session.add_automatic([Pick("XX.A..HH", "P", UTCDateTime(2024, 1, 1, 0, 0, i), record="r#1")
                                     for i in range(4)])
        session.set_stations([StationCoordinates("XX.A.", 34.0, -117.0, 0.0)], source="net.xml")
        first = session.replace_events([_origin("2024-01-01T00:00:00", ids[:2])])
        assert [o.id for o in session.events()] == first
        assert {p.id for p in session.unassociated_picks()} == set(ids[2:])
        second = session.replace_events([_origin("2024-01-01T00:00:01", ids[:3]), _origin("2024-01-01", ids[3:])])
        events = session.events()
        assert [o.id for o in events] == sorted(second, key=lambda i: session.event(i).time)
        assert session.event(second[0]).arrivals[0] == Arrival(ids[0], "P", 0.01, 12.0, 90.0)
        assert session.event(first[0]) is None
        assert session.unassociated_picks() == []
        assert session.undo()
        assert [o.id for o in session.events()] == first
        assert session.event_of_picks() == {ids[0]: first[0], ids[1]: first[0]}
        assert session.redo()
        assert sorted(o.id for o in session.events()) == sorted(second)
        assert session.counts() == {("P", "automatic"): 4}  # the picks themselves were not touched


def test_stations_are_stored_by_key(tmp_path):
    stations = ring_stations(3)
    with Session.create(tmp_path / "s.eqreview") as session:
        assert session.set_stations(stations, source="net.xml") == []
        moved = StationCoordinates(stations[0].key, 1.0, 2.0, 3.0)
        assert session.set_stations([moved], source="other.xml") == [
            StationChange(stations[0], moved, "net.xml", "other.xml")]
        stored = session.stations()
    assert sorted(stored) == [s.key for s in stations]
    assert (stored[stations[0].key].latitude, stored[stations[0].key].channels) == (1.0, ())
    assert stored[stations[1].key].channels == ("HHE", "HHN", "HHZ")


def test_a_session_from_before_events_is_migrated_when_opened_for_writing(tmp_path):
    path = tmp_path / "old.eqreview"
    Session.create(path).close()
    with sqlite3.connect(path) as db:  # make it look like a session of schema 2 (compact curves, no events)
        for table in ("model_fit", "amplitude", "magnitude", "arrival", "origin", "station"):
            db.execute(f"DROP TABLE {table}")
        db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with Session.open(path, read_only=True) as session:
        assert session.events() == [] and session.stations() == {}
    with Session.open(path) as session:
        session.set_stations(ring_stations(2), source="x")
        assert len(session.stations()) == 2
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_associate_session_stores_events_and_needs_coordinates(tmp_path):
    rng = np.random.default_rng(11)
    stations = ring_stations(8)
    events = random_events(3, 3600, rng)
    picks = synthetic_picks(stations, events, rng, n_false=10)
    with Session.create(tmp_path / "s.eqreview") as session:
        session.add_automatic([p.with_changes(id=None) for p in picks])
        with pytest.raises(SessionError, match="no station coordinates"):
            associate_session(session, parse_velocity_model("vp=6.0,vs=3.5"))
        session.set_stations(stations, source="net.xml")
        summary = associate_session(session, parse_velocity_model("vp=6.0,vs=3.5"))
        assert summary.events == 3 and summary.picks == len(picks)
        assert summary.associated >= 0.95 * len(stations) * 2 * 3
        stored = session.events()
        assert len(stored) == 3 and all(o.n_picks >= 15 for o in stored)
        assert len(session.unassociated_picks()) == summary.picks - summary.associated
        session.undo()
        assert session.events() == []


def test_an_archive_never_moves_a_station_the_analyst_placed_and_every_move_is_reported(tmp_path):
    archive = tmp_path / "waveforms.hdf5"
    archive.write_bytes(b"")
    from_archive = StationCoordinates("XX.A.", 34.0, -117.0, 100.0, ("HHZ",))
    corrected = StationCoordinates("XX.A.", 34.5, -117.25, 90.0, ("HHZ",))
    with Session.create(tmp_path / "s.eqreview", archives=[archive]) as session:
        source = session.archives()[0].path
        assert session.set_stations([from_archive], source=source) == []
        assert session.set_stations([corrected], source="corrected.xml") == [
            StationChange(from_archive, corrected, source, "corrected.xml")]
        assert session.set_stations([from_archive], source=source) == []  # the archive read again
        assert session.stations() == {"XX.A.": corrected}
        refined = StationCoordinates("XX.A.", 34.5, -117.25, 95.0)
        change, = session.set_stations([refined], source="refined.xml")  # the analyst's latest word wins
        assert str(change) == ("station XX.A. moved from 34.5, -117.25, 90.0 m (corrected.xml)"
                               " to 34.5, -117.25, 95.0 m (refined.xml)")


@pytest.mark.parametrize("bad, message", [
    (StationCoordinates("XX.B.", 34.0, -117.0, 1e300), "edit: station XX.B.: elevation 1e\\+300 m, outside"),
    (StationCoordinates("XX.B.", float("nan"), -117.0, 0.0), "edit: station XX.B.: latitude nan degrees"),
    (StationCoordinates("XX.B.", 34.0, 200.0, 0.0), "edit: station XX.B.: longitude 200 degrees, outside"),
])
def test_coordinates_out_of_range_are_refused_and_nothing_is_stored(tmp_path, bad, message):
    with Session.create(tmp_path / "s.eqreview") as session:
        with pytest.raises(SessionError, match=message):
            session.set_stations([StationCoordinates("XX.A.", 34.0, -117.0, 0.0), bad], source="edit")
        assert session.stations() == {}


def test_picks_of_stations_without_coordinates_are_not_likely_noise(tmp_path):
    from eqviewer.labels import Pick

    with Session.create(tmp_path / "s.eqreview") as session:
        ids = session.add_automatic([Pick(f"XX.{code}..HH", "P", UTCDateTime(2024, 1, 1, 0, 0, i), record="r#1")
                                     for i, code in enumerate("AABC")])
        session.set_stations([StationCoordinates(f"XX.{code}.", 34.0, -117.0 + i, 0.0) for i, code in
                              enumerate("AB")], source="net.xml")
        session.replace_events([_origin("2024-01-01T00:00:00", ids[:1])])
        assert [p.id for p in session.unassociated_picks()] == ids[1:3]
        assert [p.id for p in session.picks_without_coordinates()] == ids[3:]
