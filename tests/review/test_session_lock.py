"""The write lock belongs to the session file itself: no second writer through another name, no lock file."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from eqviewer.errors import SessionError
from eqviewer.review.session import Session

HOLDER = """
import sys, time
from eqviewer.review.session import Session
s = Session.open(sys.argv[1])
print("read_only" if s.read_only else "holding", flush=True)
time.sleep(60)
"""


@pytest.fixture
def session_path(tmp_path):
    path = tmp_path / "s.eqreview"
    Session.create(path).close()
    return path


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_a_second_name_of_the_file_gets_a_read_only_view(session_path, tmp_path, link):
    other = tmp_path / "other-name.eqreview"
    (os.link if link == "hard" else os.symlink)(session_path, other)
    with Session.open(session_path) as writer:
        assert not writer.read_only
        with Session.open(other) as second:
            assert second.read_only and "in use by" in second.read_only_reason
            with pytest.raises(SessionError, match="cannot edit"):
                second.set_label("/a#r1", "noise")
        writer.set_label("/a#r1", "earthquake")
    with Session.open(other) as reopened:  # the lock went with the writer
        assert not reopened.read_only
        assert [w.category for w in reopened.window_labels()] == ["earthquake"]


def test_a_process_writing_through_a_hard_link_keeps_others_read_only(session_path, tmp_path):
    link = tmp_path / "link.eqreview"
    os.link(session_path, link)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(link)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with Session.open(session_path) as view:
            assert view.read_only and f"process {holder.pid}" in view.read_only_reason
    finally:
        holder.kill()
        holder.wait()


def test_no_lock_file_is_left_beside_a_session_or_a_file_that_is_not_one(session_path, tmp_path):
    with Session.open(session_path):
        pass
    assert not os.path.exists(f"{session_path}.lock")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a session\n")
    with pytest.raises(SessionError, match="not a review session"):
        Session.open(notes)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "s.eqreview"]
    assert notes.read_text() == "not a session\n"
