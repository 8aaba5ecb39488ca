"""open_session: one policy decides whether a session is read, written, created, or refused."""

from __future__ import annotations

import os

import pytest
from obspy import read

from eqviewer.app.sessions import SESSION_SUFFIX, SessionPolicy, is_session_path, open_session
from eqviewer.errors import SessionError


@pytest.fixture
def archive(tmp_path) -> str:
    """ObsPy's bundled 3-C example record as MiniSEED."""
    path = tmp_path / "rjob.mseed"
    read().write(str(path), format="MSEED")
    return str(path)


@pytest.fixture
def session_path(tmp_path) -> str:
    return str(tmp_path / f"s{SESSION_SUFFIX}")


def test_session_paths_are_named_by_suffix_or_url(tmp_path):
    assert is_session_path(str(tmp_path / f"missing{SESSION_SUFFIX}"))
    assert is_session_path("postgresql://analyst@host/db")
    assert not is_session_path(str(tmp_path / "rjob.mseed"))


def test_create_then_every_policy_on_an_existing_session(session_path, archive):
    with open_session(session_path, SessionPolicy.CREATE, [archive], author="ana") as session:
        assert not session.read_only and session.author == "ana"
        assert [entry.path for entry in session.archives()] == [os.path.abspath(archive)]
    with pytest.raises(SessionError, match="already exists"):
        open_session(session_path, SessionPolicy.CREATE)
    with open_session(session_path, SessionPolicy.READ) as session:
        assert session.read_only
    with open_session(session_path, SessionPolicy.WRITE) as writer:
        assert not writer.read_only
        with pytest.raises(SessionError, match="open in another process") as error:
            open_session(session_path, SessionPolicy.WRITE)
        assert error.value.path == session_path
        with pytest.raises(SessionError, match="open in another process"):
            open_session(session_path, SessionPolicy.OPEN_OR_CREATE)
        for policy in (SessionPolicy.WRITE_OR_READ, SessionPolicy.WRITE_OR_READ_OR_CREATE):
            with open_session(session_path, policy) as viewer:
                assert viewer.read_only and "in use by" in viewer.read_only_reason


@pytest.mark.parametrize("policy", [SessionPolicy.READ, SessionPolicy.WRITE, SessionPolicy.WRITE_OR_READ])
def test_policies_for_an_existing_session_refuse_a_missing_one(session_path, policy):
    with pytest.raises(SessionError, match="no such review session"):
        open_session(session_path, policy)
    assert not os.path.exists(session_path)


def test_open_or_create_creates_then_adds_archives_not_listed_yet(session_path, archive, tmp_path, monkeypatch):
    with open_session(session_path, SessionPolicy.OPEN_OR_CREATE, [archive]) as session:
        assert not session.read_only and len(session.archives()) == 1
    other = str(tmp_path / "other.mseed")
    read().write(other, format="MSEED")
    monkeypatch.chdir(tmp_path)
    relative = os.path.basename(archive)  # listed already, by its absolute path
    with open_session(session_path, SessionPolicy.OPEN_OR_CREATE, [relative, other]) as session:
        assert sorted(entry.path for entry in session.archives()) == sorted([os.path.abspath(archive), other])


def test_write_or_read_or_create_creates_a_missing_session(session_path, archive):
    with open_session(session_path, SessionPolicy.WRITE_OR_READ_OR_CREATE, [archive]) as session:
        assert not session.read_only and len(session.archives()) == 1


def test_write_says_when_the_session_cannot_be_written_at_all(session_path, monkeypatch):
    open_session(session_path, SessionPolicy.CREATE).close()
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # a read-only file (root could write any)
    with pytest.raises(SessionError, match="not writable") as error:
        open_session(session_path, SessionPolicy.WRITE)
    assert error.value.path == session_path
    with open_session(session_path, SessionPolicy.WRITE_OR_READ) as session:
        assert session.read_only and "not writable" in session.read_only_reason
