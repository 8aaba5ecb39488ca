"""Edits, queries, undo and redo of a review session (generated labels in tmp_path)."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from obspy import UTCDateTime

from eqviewer.errors import SessionError
from eqviewer.labels import Pick, WindowLabel
from eqviewer.review import curve_codec
from eqviewer.review.session import Session

T0 = UTCDateTime(2021, 3, 4, 5, 6, 7)


def _auto(n: int, records: int = 3) -> list[Pick]:
    return [Pick("XX.STA..HH", "P" if i % 2 == 0 else "S", T0 + i * 1.25, record=f"/a.h5#r{i % records}",
                 probability=0.3 + 0.6 * i / n, model="PhaseNet seed v1") for i in range(n)]


@pytest.fixture
def session(tmp_path):
    s = Session.create(tmp_path / "s.eqreview", author="tester")
    yield s
    s.close()


def _snapshot(s: Session) -> list[tuple]:
    picks = [(p.id, p.phase, p.time.ns, p.status, p.origin_id, p.onset, p.polarity) for p in s.picks()]
    labels = [(w.id, w.record, w.category, w.status) for w in s.window_labels()]
    return picks + labels + sorted(s.counts().items())


def test_automatic_picks_are_one_edit_and_keep_their_fields(session):
    ids = session.add_automatic(_auto(10), [WindowLabel("/a.h5#r0", "earthquake", probability=0.8)],
                                run_info={"model": "PhaseNet"})
    assert len(ids) == 10 and len(set(ids)) == 10
    (run,) = session.runs()
    assert run["model"] == "PhaseNet" and isinstance(run["id"], int)
    picks = session.picks()
    assert [p.id for p in picks] == ids
    assert all(p.status == "automatic" and p.model == "PhaseNet seed v1" for p in picks)
    assert picks[3].time == T0 + 3.75 and picks[3].record == "/a.h5#r0"
    assert session.counts() == {("P", "automatic"): 5, ("S", "automatic"): 5}
    assert session.undo() and session.picks() == [] and session.window_labels() == []
    assert session.counts() == {}


def test_move_keeps_link_and_undo_redo_restore_every_state(session):
    ids = session.add_automatic(_auto(6))
    states = [_snapshot(session)]
    corrected = session.move_pick(ids[0], T0 + 0.31)
    states.append(_snapshot(session))
    session.accept(ids[1])
    states.append(_snapshot(session))
    session.reject(ids[2])
    states.append(_snapshot(session))
    manual = session.add_pick(Pick("XX.STA..HH", "S", T0 + 9, record="/a.h5#r0"))
    states.append(_snapshot(session))
    same = session.update_pick(manual, onset="impulsive", polarity="positive", uncertainty_s=0.05)
    states.append(_snapshot(session))
    session.set_label("/a.h5#r1", "noise")
    states.append(_snapshot(session))

    moved = session.pick(corrected)
    assert moved.status == "corrected" and moved.origin_id == ids[0] and moved.time == T0 + 0.31
    assert session.pick(ids[0]).status == "automatic"
    assert ids[0] not in [p.id for p in session.picks()]
    assert same == manual and session.pick(manual).onset == "impulsive"
    assert session.counts()[("P", "corrected")] == 1 and session.counts()[("S", "manual")] == 1

    for expected in reversed(states[:-1]):
        assert session.undo()
        assert _snapshot(session) == expected
    for expected in states[1:]:
        assert session.redo()
        assert _snapshot(session) == expected
    assert not session.redo()


def test_undo_and_redo_survive_reopen(tmp_path):
    path = tmp_path / "s.eqreview"
    with Session.create(path) as s:
        ids = s.add_automatic(_auto(4))
        s.accept(ids[0])
        s.move_pick(ids[1], T0 + 2)
        after_edits = _snapshot(s)
        s.undo()
        after_undo = _snapshot(s)
    with Session.open(path) as s:
        assert _snapshot(s) == after_undo and s.can_redo and s.can_undo
        s.undo()
        s.undo()
        assert s.picks() == [] and not s.can_undo
    with Session.open(path) as s:
        assert s.redo() and s.redo() and s.redo()
        assert _snapshot(s) == after_edits and not s.can_redo


def test_a_closed_session_is_one_file_in_rollback_mode(tmp_path):
    path = tmp_path / "s.eqreview"
    with Session.create(path) as s:
        s.add_automatic(_auto(3))
        assert (tmp_path / "s.eqreview-wal").exists()
    assert not (tmp_path / "s.eqreview-wal").exists()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert raw.execute("SELECT COUNT(*) FROM pick").fetchone()[0] == 3
    with Session.open(path) as s:
        assert len(s.picks()) == 3 and s.can_undo


def test_a_new_edit_after_undo_drops_the_redo_branch(session):
    ids = session.add_automatic(_auto(2))
    session.accept(ids[0])
    session.undo()
    session.reject(ids[1])
    assert not session.can_redo
    assert [p.status for p in session.picks()] == ["automatic", "rejected"]


def test_review_state_next_unreviewed_and_uncertainty_order(session):
    picks = [Pick("XX.A..HH", "P", T0, record="/a#r1", probability=0.95),
             Pick("XX.A..HH", "P", T0 + 60, record="/a#r2", probability=0.55),
             Pick("XX.A..HH", "P", T0 + 120, record="/a#r3", probability=0.2),
             Pick("XX.A..HH", "S", T0 + 125, record="/a#r3", probability=0.4)]
    ids = session.add_automatic(picks)
    assert [session.review_state(r) for r in ("/a#r1", "/a#r2", "/a#r3")] == ["unreviewed"] * 3
    assert session.records_by_uncertainty(0.5) == ["/a#r2", "/a#r3", "/a#r1"]
    assert session.records_by_uncertainty(0.5, limit=1) == ["/a#r2"]
    session.accept(ids[2])
    assert session.review_state("/a#r3") == "in progress"
    session.reject(ids[3])
    assert session.review_state("/a#r3") == "done"
    session.accept(ids[0])
    assert session.next_unreviewed() == "/a#r2"
    assert session.next_unreviewed(after_record="/a#r2") is None
    assert session.records_by_uncertainty(0.5) == ["/a#r2"]
    session.undo()
    assert session.next_unreviewed(after_record="/a#r0") == "/a#r1"


def test_set_label_replaces_the_label_of_the_same_interval(session):
    session.add_automatic([], [WindowLabel("/a#r1", "earthquake", probability=0.7)])
    first = session.set_label("/a#r1", "noise")
    assert [w.category for w in session.window_labels("/a#r1")] == ["noise"]
    assert session.set_label("/a#r1", "noise") == first
    session.set_label("/a#r1", "unsure", start=T0, end=T0 + 10)
    assert sorted(w.category for w in session.window_labels("/a#r1")) == ["noise", "unsure"]
    session.undo()
    session.undo()
    assert [(w.category, w.status) for w in session.window_labels("/a#r1")] == [("earthquake", "automatic")]


def test_curves_round_trip(session):
    p = np.linspace(0, 1, 5000, dtype=np.float32)
    session.store_curves("/a#r1", T0, 100.0, {"P": p, "S": p[::-1], "detection": p ** 2})
    curves = session.curves("/a#r1")
    assert set(curves) == {"P", "S", "detection"}
    np.testing.assert_allclose(curves["S"], p[::-1], atol=0.5 / curve_codec.QUANTA + 1e-7)  # stored in one byte
    assert session.curve_info("/a#r1").start == T0 and session.curve_info("/a#r1").sampling_rate == 100.0
    assert session.curves("/a#unknown") is None


def test_bad_edits_raise_session_errors(session, tmp_path):
    ids = session.add_automatic(_auto(2))
    with pytest.raises(SessionError, match="onset"):
        session.update_pick(ids[0], onset="sharp")
    with pytest.raises(SessionError, match="no pick 999"):
        session.accept(999)
    with pytest.raises(SessionError, match="cannot change"):
        session.update_pick(ids[0], record="/b#x")
    with pytest.raises(SessionError, match="unknown label"):
        session.set_label("/a#r0", "quake")
    with pytest.raises(SessionError, match="already exists"):
        Session.create(session.path)
    junk = tmp_path / "junk.eqreview"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(SessionError, match="not a review session"):
        Session.open(junk)
    assert junk.read_bytes() == b"this is not sqlite" * 100
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as raw:
        raw.execute("CREATE TABLE t (x)")
    before = other.read_bytes()
    with pytest.raises(SessionError, match="not a review session"):
        Session.open(other)
    assert other.read_bytes() == before
    with pytest.raises(SessionError, match="no such review session"):
        Session.open(tmp_path / "missing.eqreview")


def test_archives_notice_changed_and_moved_files(tmp_path):
    archive = tmp_path / "a.mseed"
    archive.write_bytes(b"\0" * 4096)
    with Session.create(tmp_path / "s.eqreview", archives=[archive]) as s:
        (entry,) = s.archives()
        assert entry.size == 4096 and entry.format == "mseed" and not entry.changed
        archive.write_bytes(b"\1" * 4096)
        assert s.archives()[0].changed
        s.add_archive(archive)
        assert not s.archives()[0].changed
        archive.rename(tmp_path / "b.mseed")
        assert s.archives()[0].changed


def test_a_rerun_over_a_span_replaces_only_the_automatic_labels_in_that_span(session):
    """A distributed run stores station-day by station-day: each part retires the earlier automatic picks and
    detections of its records in its own span only; reviewed picks and other records stay; undo brings them back."""
    picks = _auto(12, records=1)  # one record, picks every 1.25 s from T0
    detections = [WindowLabel("/a.h5#r0", "earthquake", "automatic", start=T0 + t, end=T0 + t + 2) for t in (1, 9)]
    session.add_automatic(picks, detections)
    other = session.add_automatic([Pick("YY.STB..HH", "P", T0 + 3, record="/a.h5#other")])
    reviewed = session.picks()[1].id
    session.accept(reviewed)
    before = _snapshot(session)

    span = (T0, T0 + 5)  # picks 0-3 and the first detection
    new = [Pick("XX.STA..HH", "P", T0 + 0.5, record="/a.h5#r0", probability=0.9)]
    session.add_automatic(new, [], replace_records=["/a.h5#r0"], replace_span=span)
    times = {round(p.time - T0, 2) for p in session.picks(record="/a.h5#r0", status="automatic")}
    assert times == {0.5} | {round(i * 1.25, 2) for i in range(4, 12)}
    assert [p.id for p in session.picks(status="accepted")] == [reviewed]
    assert [p.id for p in session.picks(record="/a.h5#other")] == other
    starts = [round(w.start - T0) for w in session.window_labels() if w.status == "automatic"]
    assert starts == [9]

    session.undo()
    assert _snapshot(session) == before
