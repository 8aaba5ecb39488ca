"""`eqviewer session new|import-labels|stats` and `eqviewer export` on real data and on bad input."""

from __future__ import annotations

import json
import os

from eqviewer.cli import main


def test_session_new_import_stats_and_export(shared_data, tmp_path, capsys):
    archive = shared_data / "stead_eqt50" / "waveforms.hdf5"
    session = str(tmp_path / "s.eqreview")
    assert main(["session", "new", session, str(archive)]) == 0
    assert main(["session", "import-labels", session]) == 0
    assert "imported 100 picks and 50 record labels from 50 records" in capsys.readouterr().out
    assert main(["session", "stats", session, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["picks"] == {"P": {"manual": 50}, "S": {"manual": 50}}
    assert stats["window_labels"] == {"earthquake/manual": 50}
    assert stats["records"] == {"total": 50, "done": 50}
    assert stats["archives"][0]["changed"] is False
    assert main(["session", "stats", session]) == 0
    table = capsys.readouterr().out
    assert "P" in table and "50" in table
    out = tmp_path / "picks.csv"
    assert main(["export", session, "--format", "csv", "--out", str(out), "--status", "manual"]) == 0
    assert len(out.read_text().splitlines()) == 101
    assert main(["export", session, "--format", "seisbench", "--out", str(tmp_path / "sb")]) == 0
    assert main(["export", session, "--format", "stead", "--out", str(tmp_path / "st.hdf5")]) == 0
    assert capsys.readouterr().out.count("wrote 50 traces") == 2
    assert main(["info", str(tmp_path / "sb"), str(tmp_path / "st.hdf5"), "--json"]) == 0
    for line in capsys.readouterr().out.splitlines():
        summary = json.loads(line)
        assert (summary["n_traces"], summary["n_earthquake"], summary["n_with_p"], summary["n_with_s"]) == (50,) * 4
        assert summary["stations"] == ["TA.109C..BH"] and summary["sampling_rates_hz"] == [100.0]


def test_session_new_reports_each_station_an_inventory_moves_from_the_archives_place(shared_data, tmp_path,
                                                                                      capsys):
    archive = os.path.abspath(shared_data / "stead_eqt50" / "waveforms.hdf5")
    inventory = tmp_path / "net.xml"
    inventory.write_text(
        '<FDSNStationXML xmlns="http://www.fdsn.org/xml/station/1"><Network code="TA"><Station code="109C">'
        '<Latitude>32.8889</Latitude><Longitude>-117.1051</Longitude><Elevation>140.5</Elevation></Station>'
        '</Network></FDSNStationXML>')
    assert main(["session", "new", str(tmp_path / "s.eqreview"), archive, "--inventory", str(inventory)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"eqviewer: station TA.109C. moved from 32.8889, -117.1051, 150.0 m ({archive})"
        f" to 32.8889, -117.1051, 140.5 m ({inventory})")


def test_bad_input_gives_one_line_errors(tmp_path, capsys):
    session = str(tmp_path / "s.eqreview")
    assert main(["session", "new", session, str(tmp_path / "missing.h5")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"eqviewer: error: {tmp_path / 'missing.h5'}: archive not found"
    assert not (tmp_path / "s.eqreview").exists()
    assert main(["session", "stats", session]) == 2
    assert "no such review session" in capsys.readouterr().err
    (tmp_path / "a.mseed").write_bytes(b"x")
    assert main(["session", "new", session, str(tmp_path / "a.mseed")]) == 0
    assert main(["export", session, "--format", "csv", "--out", str(tmp_path / "o.csv"), "--status", "good"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown pick status good" in err[0]
    assert main(["export", session, "--format", "csv", "--out", str(tmp_path / "nofolder" / "o.csv")]) == 2
    assert "the folder to write into does not exist" in capsys.readouterr().err


def test_copy_and_check_refuse_what_is_not_a_session_file_and_create_nothing(tmp_path, capsys):
    import os

    typo, copy = tmp_path / "typo.eqreview", tmp_path / "x.eqreview"
    assert main(["session", "copy", str(typo), str(copy)]) == 2
    assert capsys.readouterr().err.strip() == f"eqviewer: error: {typo}: no such review session"
    assert main(["session", "check", str(typo)]) == 2
    assert "no such review session" in capsys.readouterr().err
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    for name in ("fifo", "folder"):
        assert main(["session", "check", str(tmp_path / name), "--recover", str(tmp_path / "n.eqreview")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and f"{tmp_path / name}: is " in err[0] and "not a review session file" in err[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "folder"]
    url = "postgresql://analyst:secret@db.example/review"
    for command in (["check", url], ["copy", url, str(copy)], ["copy", str(typo), url]):
        assert main(["session", *command]) == 2
        err = capsys.readouterr().err
        assert "works on session files (*.eqreview) only" in err and "pg_dump" in err and "secret" not in err


def test_damaged_rows_give_one_line_errors_naming_the_session_and_row(shared_data, tmp_path, capsys):
    import sqlite3

    session = str(tmp_path / "s.eqreview")
    assert main(["session", "new", session, str(shared_data / "stead_eqt50" / "waveforms.hdf5")]) == 0
    assert main(["session", "import-labels", session]) == 0
    with sqlite3.connect(session) as raw:
        raw.execute("UPDATE pick SET time_ns = 'abc' WHERE id = 3")
        raw.execute("UPDATE window_label SET extra = '{bad' WHERE id = 2")
    raw.close()
    capsys.readouterr()
    assert main(["export", session, "--format", "csv", "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"eqviewer: error: {session}: damaged: pick row 3 ")
    assert main(["session", "stats", session]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"eqviewer: error: {session}: damaged: window_label row 2 ")
    assert not (tmp_path / "o.csv").exists()
