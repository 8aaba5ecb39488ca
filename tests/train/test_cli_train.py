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


def _stead_session(shared_data, tmp_path, import_labels: bool):
    from eqviewer.review.import_labels import import_archive_labels
    from eqviewer.review.session import Session

    path = tmp_path / "eqt50.eqreview"
    with Session.create(str(path), archives=[str(shared_data / "stead_eqt50" / "waveforms.hdf5")]) as session:
        if import_labels:
            import_archive_labels(session)
    return path


def test_train_from_a_session_registers_the_model(shared_data, seed_models_dir, tmp_path, monkeypatch, capsys):
    import json

    from eqviewer.model import registry

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    session = _stead_session(shared_data, tmp_path, import_labels=True)
    before = session.read_bytes()
    status = main(["train", "--session", str(session), "--task", "picker-p", "--out", "from-session",
                   "--epochs", "1", "--batch", "16", "--no-augment", "--freeze-encoder"])
    assert status == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "from-session: registered" in out
    # what it learned from (the 50 earthquakes less the held-out quarter, by side), the P picker judged against
    # the seed's, its threshold, and the gain on the held-out events with its interval
    learned = next(line for line in out.splitlines() if "learned from: train " in line)
    assert " earthquake windows, " in learned and " P picks, " in learned and "; validation " in learned
    assert "p: " in out and ("tuned network kept (P pick F1" in out or "the base's network kept" in out)
    assert "P threshold: " in out
    gain = next(line for line in out.splitlines() if "held-out windows (new - base" in line)
    assert "P hit " in gain and "(95% " in gain and " picks)" in gain and "detection F1 " in gain
    meta = json.loads((registry.resolve("from-session").path / registry.METADATA_FILE).read_text())
    assert meta["task"] == "picker-p" and meta["training_data"]["paths"] == [str(session.resolve())]
    assert meta["settings"]["freeze_encoder"] is True
    assert session.read_bytes() == before  # the session is only read


def test_train_from_a_session_without_reviewed_labels_is_refused(shared_data, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    session = _stead_session(shared_data, tmp_path, import_labels=False)
    status = main(["train", "--session", str(session), "--task", "all", "--out", "m4"])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and str(session) in err[0] and "no reviewed labels" in err[0]
    assert not (tmp_path / "data" / "eqviewer" / "models" / "m4").exists()
