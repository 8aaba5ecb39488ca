"""`eqviewer train` on the command line: bad input is one error line and status 2, nothing registered."""

from eqviewer.cli import main


def test_missing_archive_is_one_error_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    missing = tmp_path / "nope.hdf5"
    status = main(["train", "--data", str(missing), "--task", "picker-p", "--out", "m1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and err[0].startswith("eqviewer: error: ") and str(missing) in err[0]
    assert not (tmp_path / "data" / "eqviewer" / "models" / "m1").exists()


def test_unlabelled_archive_is_refused(shared_data, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    archive = shared_data / "eqt_unlabelled_whar10" / "guy_WHAR_aug_30s.hdf5"
    status = main(["train", "--data", str(archive), "--task", "all", "--out", "m2"])
    err = capsys.readouterr().err
    assert status == 2 and "no labelled windows" in err and str(archive) in err
