"""A session under real second processes: the read-only view, and SIGKILL of a writer mid-edit."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from obspy import UTCDateTime

from eqviewer.errors import SessionError
from eqviewer.review.session import Session

HOLDER = """
import sys, time
from eqviewer.review.session import Session
s = Session.open(sys.argv[1])
print("read_only" if s.read_only else "holding", flush=True)
time.sleep(60)
"""

# Makes edits forever, printing "<kind> <id>" after each edit has committed.
WRITER = """
import sys
from obspy import UTCDateTime
from eqviewer.labels import Pick
from eqviewer.review.session import Session
s = Session.open(sys.argv[1])
assert not s.read_only
i = 0
while True:
    t = UTCDateTime(2020, 1, 1) + i
    if i % 3 == 0:
        ids = s.add_automatic([Pick("XX.A..HH", "P", t + k * 0.01, record=f"/a#r{i}") for k in range(50)])
        print("auto", ids[-1], flush=True)
    elif i % 3 == 1:
        print("manual", s.add_pick(Pick("XX.A..HH", "S", t, record=f"/a#r{i}")), flush=True)
    else:
        print("label", s.set_label(f"/a#r{i}", "noise"), flush=True)
    i += 1
"""


def _start(code: str, path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)


def test_second_process_gets_a_read_only_view(tmp_path):
    path = tmp_path / "s.eqreview"
    with Session.create(path) as s:
        s.set_label("/a#r1", "noise")
    holder = _start(HOLDER, path)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with Session.open(path) as view:
            assert view.read_only and f"process {holder.pid}" in view.read_only_reason
            assert [w.category for w in view.window_labels()] == ["noise"]
            with pytest.raises(SessionError, match="cannot edit: in use by process"):
                view.set_label("/a#r1", "earthquake")
        second = _start(HOLDER, path)
        assert second.stdout.readline().strip() == "read_only"
        second.kill()
        second.wait()
    finally:
        holder.kill()
        holder.wait()
    with Session.open(path) as s:  # the lock dies with its holder
        assert not s.read_only


def test_sigkill_of_a_writer_loses_no_committed_edit(tmp_path):
    path = tmp_path / "s.eqreview"
    Session.create(path).close()
    reported: dict[str, set[int]] = {"auto": set(), "manual": set(), "label": set()}
    delays = [0.05, 0.13, 0.21, 0.34, 0.55, 0.8]  # after the first committed edit, so slow start-ups count no time
    for delay in delays:
        writer = _start(WRITER, path)
        lines = [writer.stdout.readline()]
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline:
            lines.append(writer.stdout.readline())
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        lines += writer.stdout.read().splitlines()  # printed before the kill
        for line in lines:
            fields = line.split()
            if len(fields) == 2:
                reported[fields[0]].add(int(fields[1]))
    assert all(reported.values()), reported
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Session.open(path) as s:
        assert s.integrity_errors() == []
        pick_ids = {p.id for p in s.picks()}
        label_ids = {w.id for w in s.window_labels()}
        assert reported["auto"] | reported["manual"] <= pick_ids
        assert reported["label"] <= label_ids
        counts = s.counts()
        assert counts[("P", "automatic")] % 50 == 0  # a bulk edit is all or nothing
        assert sum(counts.values()) == len(pick_ids)
        assert s.picks(record="/a#r0")[0].time == UTCDateTime(2020, 1, 1)
