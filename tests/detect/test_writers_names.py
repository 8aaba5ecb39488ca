"""File names that are not UTF-8 (`caf\\xe9.mseed` on a Latin-1 disk) in the pick files detect writes: the CSV and
QuakeML files stay valid UTF-8 with the undecodable byte written as \\xe9; a session refuses such a name in one
line (it could not reopen the archive by it)."""

from __future__ import annotations

import csv
import os

import obspy
import pytest
from obspy import UTCDateTime, read_events

from eqviewer.cli import main
from eqviewer.detect.writers import PickWriter
from eqviewer.errors import SessionError
from eqviewer.labels import Pick
from eqviewer.review.session import Session

LATIN1_NAME = os.fsdecode(b"caf\xe9.mseed")  # holds the lone surrogate \udce9


def _picks(folder) -> list[Pick]:
    record = f"{folder}/{LATIN1_NAME}#BW.RJOB..EH"
    time = UTCDateTime("2009-08-24T00:20:07.7")
    return [Pick("BW.RJOB..EH", "P", time, record, probability=0.9, uncertainty_s=0.2, model="seed:abc"),
            Pick("BW.RJOB..EH", "S", time + 1, record, probability=0.8, uncertainty_s=0.3, model="seed:abc")]


@pytest.mark.parametrize("name", ["picks.csv", "picks.xml"])
def test_pick_files_are_valid_utf8_with_the_byte_escaped(tmp_path, name):
    out = tmp_path / name
    writer = PickWriter(out)
    writer.write(_picks(tmp_path))
    writer.close()
    text = out.read_bytes().decode("utf-8")  # strict: raises if the file is not UTF-8
    assert "caf\\xe9.mseed#BW.RJOB..EH" in text
    if name.endswith(".csv"):
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert [row["phase"] for row in rows] == ["P", "S"]
    else:
        assert [p.phase_hint for event in read_events(str(out)) for p in event.picks] == ["P", "S"]


def test_session_refuses_a_name_that_is_not_utf8_in_one_line(tmp_path, capsys):
    archive = os.path.join(os.fsdecode(bytes(tmp_path)), LATIN1_NAME)
    obspy.read().write(archive, format="MSEED")
    with pytest.raises(SessionError, match="not valid UTF-8"):
        Session.create(tmp_path / "s.eqreview", archives=[archive])
    assert main(["session", "new", str(tmp_path / "s.eqreview"), archive]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "caf\\xe9.mseed: the file name is not valid UTF-8" in err
    assert not (tmp_path / "s.eqreview").exists()
    assert sorted(os.listdir(tmp_path)) == [LATIN1_NAME]


def test_a_session_file_whose_own_name_is_not_utf8_works(tmp_path, capsys):
    archive = tmp_path / "example.mseed"
    obspy.read().write(str(archive), format="MSEED")
    session = os.path.join(os.fsdecode(bytes(tmp_path)), os.fsdecode(b"r\xe9vision.eqreview"))
    assert main(["session", "new", session, str(archive)]) == 0
    assert "r\\xe9vision.eqreview: new session" in capsys.readouterr().out
    with Session.open(session) as opened:
        assert [entry.path for entry in opened.archives()] == [str(archive)]
