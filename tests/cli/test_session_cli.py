"""`eqviewer session new|import-labels|stats` and `eqviewer export` on real data and on bad input."""

from __future__ import annotations

import json

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
