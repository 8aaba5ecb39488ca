"""The seed networks (Cui et al., GJI 2024): classifier and P/S pickers, preprocessing, weights registry.

``SeedModel.load()`` gives the model object the app uses; ``SeedModel.predict(raw)`` runs it on raw
(N, window, 3) Z,N,E windows. The names below are imported on first use, so ``eqviewer.model.registry``
and ``eqviewer.model.preprocess`` work without loading TensorFlow. Nothing here imports Qt.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "SeedModel": "eqviewer.model.seed",
    "WindowOutput": "eqviewer.model.output",
    "build_classifier": "eqviewer.model.networks",
    "build_picker": "eqviewer.model.networks",
    "with_attention": "eqviewer.model.networks",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
