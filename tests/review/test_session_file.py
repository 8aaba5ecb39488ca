"""The session file on its own: it holds every committed edit, copies safely, and damage gives a clear error."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys

import pytest
from obspy import UTCDateTime

from eqviewer.cli import main
from eqviewer.errors import EqviewerError, SessionError
from eqviewer.labels import Pick
from eqviewer.review.export import export_session
from eqviewer.review.session import Session
from eqviewer.review.session_file import check_session, copy_session, recover_session

# Makes N labels, each its own committed edit, says so, and waits to be killed.
EDITOR = """
import sys, time
from eqviewer.review.session import Session
s = Session.open(sys.argv[1])
for i in range(int(sys.argv[2])):
    s.set_label(f"/a#r{i}", "noise")
print("done", flush=True)
time.sleep(60)
"""


def _edit_in_another_process(path, n: int) -> subprocess.Popen:
    editor = subprocess.Popen([sys.executable, "-c", EDITOR, str(path), str(n)], stdout=subprocess.PIPE, text=True)
    assert editor.stdout.readline().strip() == "done"
    return editor


def _labels_in_file_alone(path, tmp_path) -> int:
    """Labels found in a copy of the session file made without its -wal file."""
    alone = tmp_path / "alone" / "copy.eqreview"
    alone.parent.mkdir()
    shutil.copyfile(path, alone)
    with Session.open(alone, read_only=True) as copy:
        return len(copy.window_labels())


@pytest.fixture
def session_path(tmp_path):
    path = tmp_path / "s.eqreview"
    with Session.create(path) as session:
        for i in range(12):
            session.add_automatic([Pick("XX.A..HH", "P", UTCDateTime(2020, 1, 1) + i + k * 0.01, record=f"/a#r{i}",
                                        probability=0.5) for k in range(150)])
            session.set_label(f"/a#r{i}", "noise")
    return path


def test_the_session_file_alone_holds_the_edits_of_a_running_and_of_a_killed_writer(tmp_path):
    path = tmp_path / "s.eqreview"
    Session.create(path).close()
    editor = _edit_in_another_process(path, 15)
    try:
        assert _labels_in_file_alone(path, tmp_path) == 15  # while it runs
    finally:
        editor.kill()
        editor.wait()
    shutil.rmtree(tmp_path / "alone")
    assert _labels_in_file_alone(path, tmp_path) == 15  # after SIGKILL, -wal left behind


def test_copy_holds_every_edit_while_the_session_is_open(tmp_path):
    path = tmp_path / "s.eqreview"
    Session.create(path).close()
    with Session.open(path) as writer:
        for i in range(25):
            writer.set_label(f"/a#r{i}", "earthquake")
        copy_session(path, tmp_path / "copy.eqreview")
        with pytest.raises(SessionError, match="already exists"):
            copy_session(path, tmp_path / "copy.eqreview")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.eqreview", "s.eqreview"]
    with Session.open(tmp_path / "copy.eqreview") as copy:
        assert len(copy.window_labels()) == 25 and not copy.read_only


def _damaged_copies(path, tmp_path) -> list:
    """Twenty byte-damaged copies: truncations, flipped bytes in the header and at random, zeroed pages."""
    data = path.read_bytes()
    rng = random.Random(7)
    variants = {f"cut{f}": data[:int(len(data) * f)] for f in (0.99, 0.9, 0.7, 0.5, 0.2)}
    variants |= {"cut1k": data[:1024], "cut100": data[:100], "empty": b""}
    for offset in (16, 18, 28, 40, 56, 100, 2000, 4096 + 8):  # page size, versions, page count, schema, pages
        flipped = bytearray(data)
        flipped[offset] ^= 0xFF
        variants[f"flip{offset}"] = bytes(flipped)
    for i in range(2):
        noisy = bytearray(data)
        for position in rng.sample(range(4096, len(data)), 200):
            noisy[position] = rng.randrange(256)
        variants[f"noise{i}"] = bytes(noisy)
    for page in (2, 5):
        zeroed = bytearray(data)
        zeroed[page * 4096:(page + 1) * 4096] = bytes(4096)
        variants[f"zero{page}"] = bytes(zeroed)
    paths = []
    for name, content in variants.items():
        damaged = tmp_path / "damaged" / f"{name}.eqreview"
        damaged.parent.mkdir(exist_ok=True)
        damaged.write_bytes(content)
        paths.append(damaged)
    return paths


def test_damaged_sessions_give_one_line_errors_and_stay_unchanged(session_path, tmp_path, capsys):
    damaged = _damaged_copies(session_path, tmp_path)
    assert len(damaged) == 20
    errors = 0
    for path in damaged:
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        try:
            with Session.open(path, read_only=True) as session:
                session.picks(), session.counts(), session.records(), session.window_labels()
                export_session(session, "csv", tmp_path / "out.csv")
        except EqviewerError as exc:
            errors += 1
            assert "\n" not in str(exc) and str(path) in str(exc)
        for command in (["session", "stats", str(path)], ["export", str(path), "--format", "csv", "--out",
                                                           str(tmp_path / "out.csv")]):
            status = main(command)
            err = capsys.readouterr().err
            assert status in (0, 2) and "Traceback" not in err
            if status == 2:
                assert err.count("\n") == 1 and err.startswith("eqviewer: error: ")
        try:
            check_session(path)
        except SessionError:
            pass
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert errors >= 10  # most damage is noticed, not silently read


def test_a_non_numeric_schema_version_is_reported_as_damage(session_path):
    with sqlite3.connect(session_path) as connection:
        connection.execute("UPDATE meta SET value = 'x1' WHERE key = 'schema_version'")
    connection.close()
    with pytest.raises(SessionError, match="damaged: schema version 'x1'"):
        Session.open(session_path)


def test_check_finds_damage_and_recovery_keeps_what_is_readable(session_path, tmp_path, capsys):
    assert check_session(session_path).ok
    truncated = tmp_path / "truncated.eqreview"
    data = session_path.read_bytes()
    truncated.write_bytes(data[:int(len(data) * 0.7)])
    with pytest.raises(SessionError, match="damaged"):
        with Session.open(truncated, read_only=True) as session:
            session.picks()
    found = check_session(truncated)
    assert not found.ok and found.problems
    assert 0 < found.tables["pick"].readable < 12 * 150 and found.tables["meta"].readable == 3

    assert main(["session", "check", str(truncated), "--recover", str(tmp_path / "new.eqreview")]) == 1
    assert "recovered" in capsys.readouterr().out
    with Session.open(tmp_path / "new.eqreview") as recovered:
        picks = recovered.picks()
        assert len(picks) == found.tables["pick"].readable
        assert sum(recovered.counts().values()) == len(picks)  # counts rebuilt from the rows recovered
        assert len(recovered.window_labels()) == 12
    assert check_session(tmp_path / "new.eqreview").ok
    assert main(["session", "check", str(session_path)]) == 0
    assert main(["session", "copy", str(session_path), str(tmp_path / "c.eqreview")]) == 0
    assert os.path.getsize(tmp_path / "c.eqreview") > 0


def _side_files(path) -> dict[str, str | None]:
    """The session's -wal (with a digest) and -shm files that exist; readers keep their read marks in -shm."""
    wal, shm = f"{path}-wal", f"{path}-shm"
    return ({"-wal": hashlib.sha256(open(wal, "rb").read()).hexdigest()} if os.path.exists(wal) else {}) | (
        {"-shm": None} if os.path.exists(shm) else {})


def test_check_and_copy_leave_a_killed_writers_wal_files_alone(tmp_path):
    path = tmp_path / "s.eqreview"
    Session.create(path).close()
    editor = _edit_in_another_process(path, 5)
    editor.kill()
    editor.wait()
    left = _side_files(path)
    assert set(left) == {"-wal", "-shm"}
    assert check_session(path).ok
    copy_session(path, tmp_path / "copy.eqreview")
    with Session.open(path, read_only=True) as view:
        assert len(view.window_labels()) == 5
    assert _side_files(path) == left
    with Session.open(tmp_path / "copy.eqreview", read_only=True) as copy:
        assert len(copy.window_labels()) == 5


def test_what_is_not_a_session_file_is_refused_and_never_created(tmp_path):
    fifo = tmp_path / "pipe.eqreview"
    os.mkfifo(fifo)
    (tmp_path / "folder.eqreview").mkdir()
    (tmp_path / "empty.eqreview").write_bytes(b"")
    cases = {"typo.eqreview": "no such review session", "pipe.eqreview": "is not a regular file",
             "folder.eqreview": "is a folder", "empty.eqreview": "not a review session"}
    for name, words in cases.items():
        for attempt in (lambda p: copy_session(p, tmp_path / "copy.eqreview"), check_session,
                        lambda p: recover_session(p, tmp_path / "new.eqreview")):
            with pytest.raises(SessionError, match=words) as caught:
                attempt(tmp_path / name)
            assert caught.value.path == str(tmp_path / name)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.eqreview", "folder.eqreview", "pipe.eqreview"]


def test_a_value_of_the_wrong_kind_in_a_row_names_the_session_and_the_row(tmp_path):
    path = tmp_path / "s.eqreview"
    with Session.create(path) as session:
        session.add_automatic([Pick("XX.A..HH", "P", UTCDateTime(2020, 1, 1), record="/a#r1", probability=0.5)])
        session.set_label("/a#r1", "noise")
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE pick SET time_ns = 'noon'")
        raw.execute("UPDATE window_label SET extra = '{broken'")
    raw.close()
    with Session.open(path, read_only=True) as session:
        with pytest.raises(SessionError, match=r"damaged: pick row 1 holds a value of the wrong kind") as caught:
            session.picks()
        assert caught.value.path == str(path)
        with pytest.raises(SessionError, match=r"damaged: window_label row 1 holds a value of the wrong kind"):
            session.window_labels()
