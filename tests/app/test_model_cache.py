"""Loaded models are reused between runs until the model is re-registered under the same name; the application
tells the desktop which .desktop entry it is."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import numpy as np

from eqviewer.app.model_cache import ModelCache, load_runtime_in_background
from eqviewer.model import SeedModel, registry


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
