"""What a session path names, and opening one on a single connection."""

from __future__ import annotations

import sqlite3
import urllib.parse

import pytest

from eqviewer.errors import SessionError
from eqviewer.review.session import Session
from eqviewer.review.session_path import SESSION_SUFFIX, SessionDatabase, SessionFile, is_session_path, locate


def test_a_path_names_a_file_or_a_database_whether_it_exists_or_not(tmp_path):
    missing = str(tmp_path / f"new{SESSION_SUFFIX}")
    assert isinstance(locate(missing), SessionFile) and not locate(missing).exists()
    assert isinstance(locate("postgresql://analyst@host/db"), SessionDatabase)
    assert is_session_path(missing) and is_session_path("postgres://host/db")
    assert not is_session_path(str(tmp_path / "day.mseed"))


@pytest.mark.parametrize("read_only", [False, True])
def test_a_session_file_is_checked_and_opened_on_one_connection(tmp_path, monkeypatch, read_only):
    path = str(tmp_path / f"s{SESSION_SUFFIX}")
    Session.create(path).close()
    connections, original = [], sqlite3.connect

    def connect(*args, **kwargs):
        connections.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    with Session.open(path, read_only=read_only) as session:
        assert session.read_only is read_only
    assert len(connections) == 1 and urllib.parse.unquote(connections[0]).startswith(f"file:{path}?mode=")


def test_a_file_that_is_not_a_session_is_refused_unchanged(tmp_path):
    other = tmp_path / f"other{SESSION_SUFFIX}"
    with sqlite3.connect(other) as raw:
        raw.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        raw.execute("INSERT INTO meta VALUES ('format', 'something else')")
    raw.close()
    before = other.read_bytes()
    with pytest.raises(SessionError, match="not a review session"):
        Session.open(other)
    assert other.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [other.name]
