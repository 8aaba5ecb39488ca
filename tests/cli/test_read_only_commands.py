"""Commands that only read change nothing: `session stats`, `export`, `info` and `session check` leave the session
(its bytes and modification time, and no ``-wal``/``-shm`` files that were not there) and the archive as they were.
Commands that fail create nothing: no export file, no session."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest
from obspy import Stream, Trace, UTCDateTime

from eqviewer.cli import main
from eqviewer.labels import Pick
from eqviewer.review import Session

START = UTCDateTime(2024, 3, 1, 12)
STATIONXML = ('<FDSNStationXML xmlns="http://www.fdsn.org/xml/station/1" schemaVersion="1.1"><Source>t</Source>'
              '<Network code="XX">{}</Network></FDSNStationXML>')
STATION = ('<Station code="A"><Latitude>{}</Latitude><Longitude>-117.0</Longitude><Elevation>100</Elevation>'
           "</Station>")


def _state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: its content's hash and modification time (ns)."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _one_error_line(capsys, path: str) -> None:
    """Check that a failed command printed one error line naming ``path``, and no traceback."""
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"eqviewer: error: {path}: "), err
    assert "Traceback" not in out + err


@pytest.fixture()
def reviewed(tmp_path, capsys) -> tuple[Path, Path]:
    """(session, archive): a session of one MiniSEED archive (three components of station XX.A), its station
    coordinates from StationXML, and a few automatic picks."""
    archive = tmp_path / "archive"
    archive.mkdir()
    rng = np.random.default_rng(3)
    traces = [Trace(rng.normal(size=6000).astype(np.float32), header={
        "network": "XX", "station": "A", "channel": f"HH{c}", "sampling_rate": 100.0, "starttime": START})
        for c in "ZNE"]
    Stream(traces).write(str(archive / "XX.A.mseed"), format="MSEED")
    inventory = tmp_path / "stations.xml"
    inventory.write_text(STATIONXML.format(STATION.format(34.0)))
    session = tmp_path / "review" / "s.eqreview"
    session.parent.mkdir()
    assert main(["session", "new", str(session), str(archive), "--inventory", str(inventory)]) == 0
    with Session.open(session) as opened:
        opened.add_automatic([Pick("XX.A..HH", phase, START + offset, record="synthetic", probability=0.9)
                              for phase, offset in (("P", 10.0), ("S", 17.5), ("P", 40.0))])
    capsys.readouterr()
    return session, archive


def test_read_only_commands_change_neither_session_nor_archive(reviewed, tmp_path, capsys):
    session, archive = reviewed
    out = tmp_path / "out"
    out.mkdir()
    before = _state(session.parent), _state(archive)
    commands = [["session", "stats", str(session)], ["session", "stats", str(session), "--json"],
                ["export", str(session), "--format", "csv", "--out", str(out / "picks.csv"),
                 "--status", "automatic"],
                ["info", str(archive)], ["info", str(archive), "--json"], ["session", "check", str(session)]]
    for command in commands:
        assert main(command) == 0, capsys.readouterr().err
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        assert (_state(session.parent), _state(archive)) == before, f"`eqviewer {' '.join(command)}` changed them"
    assert len((out / "picks.csv").read_text().splitlines()) == 4  # the header and three picks


def test_failed_exports_create_nothing(reviewed, tmp_path, capsys):
    session, _ = reviewed
    (tmp_path / "a file").write_text("not a folder")
    (tmp_path / "a folder").mkdir()
    targets = [tmp_path / "missing" / "picks.csv", tmp_path / "a file" / "picks.csv", tmp_path / "a folder"]
    if os.geteuid() != 0:  # root writes into read-only folders
        read_only = tmp_path / "read-only"
        read_only.mkdir(mode=0o555)
        targets.append(read_only / "picks.csv")
    before = _state(tmp_path)
    for target in targets:
        assert main(["export", str(session), "--format", "csv", "--out", str(target)]) == 2
        _one_error_line(capsys, str(target))
        assert _state(tmp_path) == before, f"export to {target} left something"


def test_session_new_with_a_bad_inventory_creates_no_session(tmp_path, capsys):
    archive, session = tmp_path / "archive", tmp_path / "s.eqreview"
    archive.mkdir()
    inventories = {
        "missing.xml": None,
        "dtd.xml": ('<?xml version="1.0"?>\n<!DOCTYPE FDSNStationXML [<!ENTITY lat "34.0">]>\n'
                    + STATIONXML.format(STATION.format("&lat;"))),
        "far.xml": STATIONXML.format(STATION.format(34.0) + STATION.format(-34.0)),
        "garbage.xml": "<FDSNStationXML",
    }
    for name, text in inventories.items():
        if text is not None:
            (tmp_path / name).write_text(text)
    for name in inventories:
        assert main(["session", "new", str(session), str(archive), "--inventory", str(tmp_path / name)]) == 2
        _one_error_line(capsys, str(tmp_path / name))
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["archive", *(n for n, t in inventories.items()
                                                                               if t is not None)])


def test_detect_on_a_missing_archive_creates_no_session(tmp_path, capsys):
    session, missing = tmp_path / "s.eqreview", tmp_path / "missing.mseed"
    assert main(["detect", str(missing), "--session", str(session), "--device", "cpu"]) == 2
    _one_error_line(capsys, str(missing))
    assert list(tmp_path.iterdir()) == []
