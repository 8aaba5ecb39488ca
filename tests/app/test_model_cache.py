"""Loaded models are reused between runs until the model is re-registered under the same name; the application
tells the desktop which .desktop entry it is."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import numpy as np

import pytest

from eqviewer.app.model_cache import ModelCache, load_runtime_in_background
from eqviewer.model import SeedModel, registry


@pytest.fixture(autouse=True)
def user_models(tmp_path, monkeypatch):
    """Models registered here go to a temporary user folder, never the user's own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _register_p_picker(name: str, scale: float) -> None:
    seed = SeedModel.load(None)
    picker = seed.p_picker
    layer = next(layer for layer in picker.layers if layer.get_weights())
    layer.set_weights([w * scale for w in layer.get_weights()])
    registry.register(name, {"p": picker}, {"base": "seed"}, overwrite=True)


def test_a_re_registered_model_is_reloaded(seed_models_dir):
    cache = ModelCache()
    _register_p_picker("tuned", 1.0)
    first = cache.get("tuned")
    assert cache.get("tuned") is first and cache.loaded("tuned") is first  # unchanged files: no reload
    _register_p_picker("tuned", 0.5)  # retrained under the same name
    assert cache.loaded("tuned") is None
    second = cache.get("tuned")
    assert second is not first and second.version != first.version
    weights = [layer.get_weights() for layer in second.p_picker.layers if layer.get_weights()][0]
    original = [layer.get_weights() for layer in first.p_picker.layers if layer.get_weights()][0]
    np.testing.assert_allclose(weights[0], 0.5 * original[0], rtol=1e-6)
    assert cache.loaded("no-such-model") is None


def test_the_application_names_its_desktop_entry():
    """In a fresh process (the test session's QApplication was made by pytest-qt, not by eqviewer)."""
    from eqviewer.resources import APP_ID

    code = "from eqviewer.gui.app import application; print(application().desktopFileName())"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [APP_ID]


def test_the_runtime_loads_in_a_thread_of_its_own():
    thread = load_runtime_in_background()
    assert thread is not threading.current_thread() and not thread.daemon
    thread.join(120)
    assert not thread.is_alive() and "tensorflow" in sys.modules and "eqviewer.model.runtime" in sys.modules


def test_the_curves_are_judged_by_the_classifier_of_the_model_that_drew_them(seed_models_dir, tmp_path):
    from eqviewer.app.model_cache import curves_classifier_ceiling
    from eqviewer.model.amplitude_guard import CEILING_KEY
    from eqviewer.model.descriptor import SEED

    weights = tmp_path / "classifier.keras"
    weights.write_bytes(b"not read: the ceiling comes from the metadata")
    registry.register("normalising", {"classifier": weights}, {"base": "seed", CEILING_KEY: None}, overwrite=True)
    seed_ceiling = SEED.raw_noise_ceiling
    assert curves_classifier_ceiling(["normalising:abc123", "seed:def"], "seed") is None  # the picks' model
    assert curves_classifier_ceiling([], "normalising") is None  # no picks yet: the model chosen for the next run
    assert curves_classifier_ceiling(["seed:def"], "normalising") == seed_ceiling
    assert curves_classifier_ceiling(["deleted-model:abc"], "seed") == seed_ceiling  # gone: the chosen one
    assert curves_classifier_ceiling([], "no-such-model") == seed_ceiling
