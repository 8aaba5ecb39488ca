"""Shared review sessions in a real PostgreSQL server: the same store as session files, authorship, the
later-edit-wins rule, per-analyst undo, change tokens, and two processes making 1,000 edits each losing nothing.

The server is $EQVIEWER_TEST_POSTGRES (.ci/postgres.sh starts one and prints it); without it the tests start their
own throw-away server with .ci/postgres.sh --no-install, and skip (saying why) only when that cannot be done.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from obspy import UTCDateTime

from eqviewer.errors import SessionError
from eqviewer.labels import Pick
from eqviewer.review.session import Session

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'psycopg[binary]')")

ROOT = Path(__file__).resolve().parents[2]
T0 = UTCDateTime("2024-03-01T00:00:00")
RECORD = "/archive.h5#TA.109C..BH"
EDITS_PER_PROCESS = 1000


@pytest.fixture(scope="module")
def server():
    """The URL of a PostgreSQL server's maintenance database."""
    url = os.environ.get("EQVIEWER_TEST_POSTGRES")
    if url:
        yield url
        return
    if shutil.which("bash") is None:
        pytest.skip("no PostgreSQL server: EQVIEWER_TEST_POSTGRES is unset and bash is missing to start one")
    done = subprocess.run([str(ROOT / ".ci" / "postgres.sh"), "--no-install"], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"no PostgreSQL server could be started: {done.stderr.strip().splitlines()[-1:]}")
    env = dict(line.removeprefix("export ").split("=", 1) for line in done.stdout.splitlines())
    yield env["EQVIEWER_TEST_POSTGRES"]
    subprocess.run([str(ROOT / ".ci" / "postgres.sh"), "--stop"], capture_output=True,
                   env=os.environ | {"EQVIEWER_TEST_POSTGRES_DATA": env["EQVIEWER_TEST_POSTGRES_DATA"]})


@pytest.fixture
def database(server):
    """A fresh, empty database on the server; its URL."""
    name = f"eqviewer_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _automatic(n: int) -> list[Pick]:
    return [Pick("TA.109C..BH", "P" if i % 2 == 0 else "S", T0 + 10 * i, RECORD, probability=0.5 + i % 5 / 10,
                 status="automatic", model="seed:test") for i in range(n)]


def test_the_same_store_runs_on_postgresql(database):
    with Session.create(database, author="ana") as session:
        assert session.shared and not session.read_only
        ids = session.add_automatic(_automatic(6), run_info={"model": "seed:test", "task": "t1"})
        assert len(ids) == 6 and ids == list(range(ids[0], ids[0] + 6))
        session.accept(ids[0])
        moved = session.move_pick(ids[1], T0 + 12.5)
        session.reject(ids[2])
        session.set_label(RECORD, "earthquake", "TA.109C..BH")
        session.store_curves(RECORD, T0, 100.0, {"P": [0.0, 0.5, 1.0]})
        assert session.counts() == {("P", "accepted"): 1, ("S", "corrected"): 1, ("P", "rejected"): 1,
                                    ("S", "automatic"): 2, ("P", "automatic"): 1}
        assert session.pick(moved).origin_id == ids[1] and session.pick(moved).author == "ana"
        assert session.review_state(RECORD) == "in progress"
        assert session.runs()[0]["task"] == "t1"
        assert list(session.curves(RECORD)["P"]) == [0.0, 0.5, 1.0]
        assert session.records_by_uncertainty() == [RECORD]
        assert session.undo() and session.undo()  # the label, then the rejection
        assert session.pick(ids[2]).status == "automatic"
        assert session.redo()
    with Session.open(database, read_only=True) as viewer:
        assert viewer.read_only and len(viewer.picks()) == 6
        with pytest.raises(SessionError, match="cannot edit"):
            viewer.accept(ids[3])
    with pytest.raises(SessionError, match="already holds a review session"):
        Session.create(database)


def test_two_analysts_edit_one_pick_later_edit_wins_history_kept(database):
    with Session.create(database, author="ana") as ana, Session.open(database, author="ben") as ben:
        pick_id = ana.add_automatic(_automatic(2))[0]
        token = ben.change_token()
        ana.update_pick(pick_id, onset="impulsive")  # both change the same field of the same pick
        assert ben.change_token() != token  # ben's viewer can tell something changed and redraw
        ben.update_pick(pick_id, onset="emergent")
        assert ana.pick(pick_id).onset == "emergent" and ana.pick(pick_id).author == "ben"
        # ana moves the automatic pick (it is replaced by a corrected one); ben's edit of the old one is refused
        moved = ana.move_pick(pick_id, T0 + 1.0)
        with pytest.raises(SessionError, match=f"no pick {pick_id}"):
            ben.update_pick(pick_id, polarity="positive")
        assert ben.pick(moved).origin_id == pick_id
        # each analyst undoes their own edits only, and not over a later edit of someone else
        with pytest.raises(SessionError, match="cannot undo: ana changed the same labels since"):
            ben.undo()
        assert ana.undo()  # ana's move: the automatic pick is back
        assert ben.undo()  # now ben's onset change can go too
        assert ana.pick(pick_id).onset == "impulsive"
        assert not ben.undo() and not ben.can_undo
        assert [p.id for p in ana.picks(phase="P")] == [pick_id]
    with psycopg.connect(database) as check:
        authors = check.execute("SELECT kind, author FROM edit ORDER BY id").fetchall()
    assert authors == [("add automatic", "ana"), ("change pick", "ana"), ("change pick", "ben"),
                       ("correct pick", "ana")]


def _edit_many(url: str, author: str, pick_ids: list[int], errors) -> None:
    try:
        with Session.open(url, author=author) as session:
            for i in range(EDITS_PER_PROCESS):
                pick_id = pick_ids[i % len(pick_ids)]
                if i % 2:  # a value no other edit sets, so every update is a real change
                    session.update_pick(pick_id, uncertainty_s=i * 1e-3 + (1e-4 if author == "ana" else 2e-4))
                else:
                    session.add_pick(Pick("TA.109C..BH", "P", T0 + 1000 + i * 0.01, RECORD, status="manual"))
    except BaseException as exc:  # reported to the parent
        errors.put(f"{author}: {exc!r}")


def test_two_processes_making_1000_edits_each_lose_nothing(database):
    with Session.create(database, author="setup") as session:
        shared_ids = session.add_automatic(_automatic(10))  # both processes edit these same picks
    context = multiprocessing.get_context("spawn")
    errors = context.Queue()
    workers = [context.Process(target=_edit_many, args=(database, name, shared_ids, errors)) for name in ("ana", "ben")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=600)
    assert [w.exitcode for w in workers] == [0, 0]
    assert errors.empty(), errors.get()
    with Session.open(database, read_only=True) as session:
        with psycopg.connect(database) as check:
            per_author = dict(check.execute("SELECT author, COUNT(*) FROM edit WHERE state = 'done'"
                                            " GROUP BY author").fetchall())
        assert per_author == {"setup": 1, "ana": EDITS_PER_PROCESS, "ben": EDITS_PER_PROCESS}
        added = session.picks(status="manual")
        assert len(added) == 2 * EDITS_PER_PROCESS // 2 and len({p.id for p in added}) == len(added)
        assert {p.author for p in added} == {"ana", "ben"}
        assert session.counts()[("P", "manual")] == len(added)  # the counters kept up with both writers
        assert len(session.picks()) == 10 + len(added)
        # no lost update: each shared pick holds the value of the newest edit of it, whoever made it
        with psycopg.connect(database) as check:
            newest = dict(check.execute(
                "SELECT DISTINCT ON (c.first_id) c.first_id, c.new_values FROM edit_change c"
                " JOIN edit e ON e.id = c.edit_id WHERE e.kind = 'change pick' ORDER BY c.first_id, e.id DESC"
            ).fetchall())
        assert sorted(newest) == shared_ids[1::2]
        for pick_id, new_values in newest.items():
            assert session.pick(pick_id).uncertainty_s == json.loads(new_values)["uncertainty_s"]
