"""The model list the command line and the window show, and where the weights live."""

from __future__ import annotations

from eqviewer.app.models import model_folders, model_listing


def test_the_seed_model_is_listed_first_and_says_whether_it_is_downloaded(monkeypatch, tmp_path, seed_models_dir):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("EQVIEWER_MODELS_DIR", str(seed_models_dir))
    seed = model_listing()[0]
    assert (seed.name, seed.ready, seed.description) == ("seed", True, "published seed weights")
    monkeypatch.setenv("EQVIEWER_MODELS_DIR", str(tmp_path / "empty"))
    assert not model_listing()[0].ready
    folders = model_folders()
    assert folders.seed == tmp_path / "empty" and str(tmp_path / "data") in str(folders.registered)
