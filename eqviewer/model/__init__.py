"""The seed networks (Cui et al., GJI 2024): classifier and P/S pickers, preprocessing, weights registry.

``SeedModel.load()`` gives the model object the app uses; ``SeedModel.predict(raw)`` runs it on raw
(N, window, 3) Z,N,E windows. Other packages import only the names in ``__all__``: the model and its networks,
what describes a model (network names, input kinds, the seed's descriptor), the registry of models on disk
(resolve, register, fetch and verify the seed weights, fitted thresholds), the classifier's amplitude guard and
the network input. Each name is imported on first use, from the module :data:`_EXPORTS` names, so the registry,
descriptor, amplitude-guard and preprocessing names work without loading TensorFlow. Nothing here imports Qt.
"""

from __future__ import annotations

from eqviewer.lazy_face import lazy_attributes

# Each public name and the module that defines it; the modules that import TensorFlow are seed, networks, layers
# and runtime.
_EXPORTS: dict[str, str] = {
    "SeedModel": "eqviewer.model.seed",
    "WindowOutput": "eqviewer.model.output",
    "build_classifier": "eqviewer.model.networks",
    "build_picker": "eqviewer.model.networks",
    "with_attention": "eqviewer.model.networks",
    "WindowNormalization": "eqviewer.model.layers",
    "quick_start_inference": "eqviewer.model.runtime",
    "network_input": "eqviewer.model.preprocess",
    "CLASSIFIER": "eqviewer.model.descriptor",
    "ModelDescriptor": "eqviewer.model.descriptor",
    "NETWORKS": "eqviewer.model.descriptor",
    "PICKERS": "eqviewer.model.descriptor",
    "RAW": "eqviewer.model.descriptor",
    "SEED": "eqviewer.model.descriptor",
    "FileCheck": "eqviewer.model.registry",
    "METADATA_FILE": "eqviewer.model.registry",
    "ModelEntry": "eqviewer.model.registry",
    "NAME_PATTERN": "eqviewer.model.registry",
    "SEED_NAME": "eqviewer.model.registry",
    "THRESHOLD_KEYS": "eqviewer.model.registry",
    "fetch": "eqviewer.model.registry",
    "list_models": "eqviewer.model.registry",
    "model_thresholds": "eqviewer.model.registry",
    "models_dir": "eqviewer.model.registry",
    "register": "eqviewer.model.registry",
    "resolve": "eqviewer.model.registry",
    "store_thresholds": "eqviewer.model.registry",
    "user_models_dir": "eqviewer.model.registry",
    "verify": "eqviewer.model.registry",
    "CEILING_KEY": "eqviewer.model.amplitude_guard",
    "EXPLANATION": "eqviewer.model.amplitude_guard",
    "classifier_amplitude_warning": "eqviewer.model.amplitude_guard",
    "measure_noise_ceiling": "eqviewer.model.amplitude_guard",
    "noise_ceiling": "eqviewer.model.amplitude_guard",
}

__all__ = list(_EXPORTS)


__getattr__ = lazy_attributes(__name__, _EXPORTS)
