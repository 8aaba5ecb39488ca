"""Thresholds stored with a model: read back as detection settings, written in place, and a seed-based model that
holds only thresholds."""

from __future__ import annotations

import json

import pytest

from eqviewer.errors import ModelError
from eqviewer.model import registry


@pytest.fixture()
def user_models(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "eqviewer" / "models"


def test_only_valid_thresholds_are_read():
    meta = {"thresholds": {"p": 0.42, "s": 1.5, "det": True, "method": "best F1"}}
    assert registry.model_thresholds(meta) == {"p_threshold": 0.42}
    assert registry.model_thresholds({"thresholds": "0.4"}) == {} == registry.model_thresholds({})


def test_a_model_of_thresholds_only_loads_the_base_networks(user_models, seed_models_dir, monkeypatch):
    from eqviewer.model import SeedModel

    monkeypatch.setenv("EQVIEWER_MODELS_DIR", str(seed_models_dir))
    entry = registry.register("seed-local", {}, {"base": "seed", "thresholds": {"p": 0.5, "s": 0.4, "det": 0.3}})
    assert registry.fitted_thresholds("seed-local") == {"p_threshold": 0.5, "s_threshold": 0.4, "det_threshold": 0.3}
    assert registry.fitted_thresholds("seed") == {}
    model = SeedModel.load("seed-local")
    assert model.name == "seed-local" and model.version == SeedModel.load().version
    updated = registry.store_thresholds(entry, {"p": 0.6, "method": "by hand"})
    stored = json.loads((user_models / "seed-local" / registry.METADATA_FILE).read_text())
    assert stored["thresholds"] == {"p": 0.6, "method": "by hand"} and stored["base"] == "seed"
    assert updated.metadata["thresholds"]["p"] == 0.6
    assert [p.name for p in (user_models / "seed-local").iterdir()] == [registry.METADATA_FILE]  # no leftovers
    with pytest.raises(ModelError, match="register a calibrated copy"):
        registry.store_thresholds(registry.seed_entry(seed_models_dir), {"p": 0.5})
