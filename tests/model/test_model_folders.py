"""Hostile or broken model folders give one-line ModelErrors at load time, and one bad folder hides no other."""

from __future__ import annotations

import json
import logging
import os
import stat
import zipfile

import keras
import pytest

from eqviewer.cli import main as cli_main
from eqviewer.errors import ModelError
from eqviewer.model import SeedModel, registry
from eqviewer.model.seed import load_keras_network

# Keras 3.15's own .keras writer converts TF variables with np.array(copy=False), which NumPy 2.4 warns about.
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")


def _model_folder(root, name: str, networks: dict) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    for info in networks.values():
        (folder / info["file"]).write_bytes(b"not read by these checks")
    (folder / "metadata.json").write_text(json.dumps({"name": name, "networks": networks}))


@pytest.fixture
def models_root(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "eqviewer" / "models"


def test_an_unknown_network_input_is_refused_when_the_folder_is_read(models_root):
    _model_folder(models_root, "evil", {"classifier": {"file": "classifier.keras", "input": "evil"}})
    with pytest.raises(ModelError, match="unknown input 'evil'") as caught:
        registry.read_entry(models_root / "evil")
    assert "\n" not in str(caught.value)


def test_one_unreadable_registered_model_is_skipped_with_a_warning(models_root, caplog, capsys):
    _model_folder(models_root, "good", {"classifier": {"file": "classifier.keras", "input": "raw"}})
    _model_folder(models_root, "broken", {"classifier": {"file": "classifier.keras"}})
    (models_root / "broken" / "metadata.json").write_text("{not json")
    with caplog.at_level(logging.WARNING, logger="eqviewer.model.registry"):
        assert [e.name for e in registry.list_models()] == ["seed", "good"]
    assert len(caplog.records) == 1 and "broken" in caplog.records[0].getMessage()
    assert registry.resolve("good").name == "good"
    assert cli_main(["models", "list"]) == 0
    assert "good" in capsys.readouterr().out


def _tiny(outputs: int, picker: bool) -> keras.Model:
    waveform = keras.Input((6000, 3))
    if picker:
        out = keras.layers.Conv1D(outputs, 3, padding="same")(waveform)
    else:
        out = keras.layers.Dense(outputs)(keras.layers.GlobalAveragePooling1D()(waveform))
    return keras.Model(waveform, out)


def test_a_network_with_the_wrong_output_shape_is_refused_at_load(models_root):
    old = os.umask(0o022)
    try:
        entry = registry.register("wrong-shape", {"classifier": _tiny(3, picker=False), "p": _tiny(1, picker=True)})
    finally:
        os.umask(old)
    assert stat.S_IMODE(entry.path.stat().st_mode) == 0o755  # the mode mkdir would give, not mkdtemp's 0700
    with pytest.raises(ModelError, match=r"network 'classifier' takes \(batch, 6000, 3\) and gives \(batch, 3\)"):
        SeedModel.load("wrong-shape", jit_compile=False)


def test_keras_refusing_an_unknown_class_is_one_line_naming_it(tmp_path):
    waveform = keras.Input((6000, 3))
    keras.Model(waveform, keras.layers.Dense(2)(waveform)).save(tmp_path / "dense.keras")
    with zipfile.ZipFile(tmp_path / "dense.keras") as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(files["config.json"])
    config["config"]["layers"][1].update(module="subprocess", class_name="Popen", registered_name=None)
    files["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(tmp_path / "popen.keras", "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    with pytest.raises(ModelError, match="cannot load this Keras model") as caught:
        load_keras_network(tmp_path / "popen.keras")
    assert "\n" not in str(caught.value) and "Could not locate class 'Popen'" in str(caught.value)
