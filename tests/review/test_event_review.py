"""Event edits in a session: type, deletion (undoable), and a session of schema 3 read and migrated."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace

import pytest

from eqviewer.errors import SessionError
from eqviewer.review.session import Session
from eqviewer.review.store import COMMIT_COLUMNS, EVENT_REVIEW_COLUMNS, MIGRATIONS
from tests.associate.event_session import located_session


def test_event_type_and_deletion_are_undoable(tmp_path):
    session, _ = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        session.set_event_type(event.id, "explosion")
        assert session.event(event.id).event_type == "explosion"
        with pytest.raises(SessionError, match="unknown event type"):
            session.set_event_type(event.id, "meteor")
        session.delete_event(event.id)
        assert session.events() == [] and len(session.unassociated_picks()) == event.n_picks
        assert session.undo() and session.event(event.id).event_type == "explosion"


def test_a_session_of_schema_3_is_read_and_migrated(tmp_path):
    path = tmp_path / "s.eqreview"
    session, _ = located_session(path)
    (event,) = session.events()
    session.close()
    with sqlite3.connect(path) as db:
        for version, statements in MIGRATIONS.items():  # tables later versions made
            for name in (re.match(r"CREATE TABLE (\w+)", st) for st in statements if version > 3):
                if name:
                    db.execute(f"DROP TABLE {name.group(1)}")
        for table, columns in [*EVENT_REVIEW_COLUMNS.items(), *COMMIT_COLUMNS.items()]:
            for name, _, _ in columns:
                db.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
        db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    with Session.open(path, read_only=True) as old:
        assert old.events() == [replace(event, azimuthal_gap_deg=None)]  # what schema 3 did not store
    with Session.open(path) as migrated:
        assert migrated.set_arrival_used(event.id, event.arrivals[0].pick_id, False)
        assert not migrated.event(event.id).arrivals[0].used


def test_committing_and_joining_a_pick_are_undoable(tmp_path):
    from eqviewer.app.location import needs_relocation, relocate_event
    from eqviewer.app.pick_editor import PickEditor

    session, _ = located_session(tmp_path / "s.eqreview")
    with session:
        (event,) = session.events()
        session.set_evaluation_status(event.id, "final")
        assert session.event(event.id).committed
        with pytest.raises(SessionError, match="unknown evaluation status"):
            session.set_evaluation_status(event.id, "done")
        assert session.undo() and not session.event(event.id).committed
        pick = session.pick(event.arrivals[0].pick_id)
        editor = PickEditor(session, pick.record, pick.station_id, 100.0)
        new = editor.set_pick("S", pick.time + 3.0)
        session.add_arrival(event.id, session.pick(new), session.newest_edit())
        assert new in {p.id for _, p in session.event_picks(event.id)} and needs_relocation(session, event.id)
        assert relocate_event(session, event.id).n_picks == event.n_picks + 1
        assert session.undo() and session.undo()  # the relocation, then the pick with its arrival
        assert session.event(event.id) == event and session.unassociated_picks() == []
        editor.select(pick.id)
        corrected = session.pick(editor.relabel_phase())
        assert corrected.phase != pick.phase and corrected.origin_id == pick.id
