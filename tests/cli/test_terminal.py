"""Names from files reach the terminal escaped: a station code holding a newline, a carriage return, a tab or an
ANSI escape sequence cannot forge lines or recolour the terminal in `info` or in error messages."""

from __future__ import annotations

import json

import h5py
import numpy as np
import obspy

from eqviewer.cli import main
from eqviewer.cli.terminal import printable


def test_printable_escapes_controls_and_undecodable_bytes():
    assert printable("/data/café/BW.RJOB..EH") == "/data/café/BW.RJOB..EH"
    assert printable("A\nB\rC\tD\x1b[31m") == "A\\nB\\rC\\tD\\x1b[31m"
    assert printable("caf\udce9.mseed") == "caf\\xe9.mseed"
    assert printable("evil\u202egnp.exe") == "evil\\u202egnp.exe"
    assert printable("a\\b\n") == "a\\\\b\\n"


def test_info_escapes_control_characters_in_station_codes(tmp_path, capsys):
    stream = obspy.read()
    for trace in stream:
        trace.stats.station = "A\rB\tC"
    stream.write(str(tmp_path / "ctrl.mseed"), format="MSEED")
    with h5py.File(tmp_path / "ctrl.hdf5", "w") as handle:
        dataset = handle.create_dataset("data/ST.XX_20200101000000_EV", data=np.ones((6000, 3), "f4"))
        dataset.attrs.update({"receiver_code": "X\n\x1b[31mY", "trace_start_time": "2020-01-01T00:00:00"})
    assert main(["info", str(tmp_path / "ctrl.mseed"), str(tmp_path / "ctrl.hdf5")]) == 0
    out = capsys.readouterr().out
    assert "BW.A\\rB\\tC..EH" in out and ".X\\n\\x1b[31mY.." in out
    assert "\x1b" not in out and "\r" not in out and "\t" not in out
    assert all(line.startswith(("  ", str(tmp_path))) for line in out.splitlines())
    assert main(["info", "--json", str(tmp_path / "ctrl.mseed")]) == 0
    assert json.loads(capsys.readouterr().out)["stations"] == ["BW.A\rB\tC..EH"]  # JSON escapes by itself


def test_error_lines_escape_the_file_name(tmp_path, capsys):
    path = tmp_path / "bad\nname\x1b[2J.mseed"
    path.write_bytes(b"\x01\x02 not waveforms" * 20)
    assert main(["info", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "bad\\nname\\x1b[2J.mseed" in err


def test_session_commands_escape_archive_names(tmp_path, capsys):
    archive = tmp_path / "day\x1b[31m\n.mseed"
    obspy.read().write(str(archive), format="MSEED")
    session = tmp_path / "s.eqreview"
    assert main(["session", "new", str(session), str(archive)]) == 0
    assert main(["session", "stats", str(session)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "day\\x1b[31m\\n.mseed" in out
