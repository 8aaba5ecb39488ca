"""Amplitudes and magnitudes in a session: stored per event, replaced when measured again, and added to a session
of schema 4 when it is opened for writing."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from obspy import UTCDateTime

from eqviewer.labels import Pick
from eqviewer.magnitudes import Amplitude, Magnitude
from eqviewer.origins import Arrival, Origin
from eqviewer.review.session import Session
from eqviewer.review.store import SCHEMA_VERSION

T = UTCDateTime("2024-06-01T00:01:40")


def _amplitude(key: str, metres: float) -> Amplitude:
    return Amplitude(key, key + "HHN", metres, 0.3, T + 10, T + 5, T + 20, 30.0, station_magnitude=2.0)


def _event(session: Session) -> int:
    ids = session.add_automatic([Pick("XX.A..HH", "P", T + 5, record="r#1")])
    return session.replace_events([Origin(T, 34.0, -117.0, 8.0, arrivals=(Arrival(ids[0], "P"),))])[0]


def test_magnitudes_are_stored_and_replaced(tmp_path):
    with Session.create(tmp_path / "s.eqreview") as session:
        origin = _event(session)
        assert session.amplitudes(origin) == [] and session.magnitude(origin) is None
        session.set_magnitude(origin, [_amplitude("XX.B.", 2e-7), _amplitude("XX.A.", 1e-7)],
                              Magnitude(2.0, 0.1, 2, "iaspei formula, median of station magnitudes"))
        assert [a.station_key for a in session.amplitudes(origin)] == ["XX.A.", "XX.B."]
        session.set_magnitude(origin, [_amplitude("XX.C.", 3e-7)], None)
        (stored,) = session.amplitudes(origin)
        assert stored == replace(_amplitude("XX.C.", 3e-7), id=stored.id)
        assert session.magnitude(origin) is None
        assert session.station_sources() == {}


def test_a_session_of_schema_4_gets_the_tables_when_opened_for_writing(tmp_path):
    path = tmp_path / "old.eqreview"
    with Session.create(path) as session:
        origin = _event(session)
    with sqlite3.connect(path) as db:
        for table in ("model_fit", "amplitude", "magnitude"):
            db.execute(f"DROP TABLE {table}")
        db.execute("ALTER TABLE origin DROP COLUMN evaluation_status")  # what schema 6 added (7: model_fit)
        db.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    with Session.open(path, read_only=True) as session:
        assert session.amplitudes(origin) == [] and session.magnitude(origin) is None
    with Session.open(path) as session:
        session.set_magnitude(origin, [], Magnitude(1.5, None, 1, "m"))
        assert session.magnitude(origin) == Magnitude(1.5, None, 1, "m")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
