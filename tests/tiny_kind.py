"""A second model architecture, for tests only: everything it takes to add one is this file.

Kind "tiny-test": 30 s windows (3000 samples at the records' rate), a two-layer convolutional classifier that reads
the picker input (not raw counts, as the seed's does), two-layer convolutional P and S pickers, and its own default
thresholds. :func:`register_tiny_model` registers the kind and a model of it (random weights, fixed seed) in the
user's model folder, where ``SeedModel.load(name)``, the detector, evaluation and fine-tuning find it.
"""

from __future__ import annotations

import keras

from eqviewer.model import registry
from eqviewer.model.descriptor import (
    CHANNELS,
    CLASSIFIER,
    PICKER_INPUT,
    PICKERS,
    SEED,
    ModelDescriptor,
    register_kind,
)

TINY = ModelDescriptor(
    kind="tiny-test",
    window_samples=3000,
    sampling_rate=SEED.sampling_rate,
    inputs={CLASSIFIER: PICKER_INPUT, **{picker: PICKER_INPUT for picker in PICKERS}},
    thresholds={CLASSIFIER: 0.6, "p": 0.2, "s": 0.25},
)


def build_tiny_classifier() -> keras.Model:
    """(N, 3000, 3) -> (N, 2) softmax."""
    waveform = keras.Input((TINY.window_samples, CHANNELS))
    x = keras.layers.Conv1D(4, 9, strides=4, activation="relu")(waveform)
    x = keras.layers.GlobalAveragePooling1D()(x)
    return keras.Model(waveform, keras.layers.Dense(2, activation="softmax")(x), name=CLASSIFIER)


def build_tiny_picker(name: str) -> keras.Model:
    """(N, 3000, 3) -> (N, 3000, 1) per-sample probability."""
    waveform = keras.Input((TINY.window_samples, CHANNELS))
    x = keras.layers.Conv1D(6, 9, padding="same", activation="relu")(waveform)
    return keras.Model(waveform, keras.layers.Conv1D(1, 9, padding="same", activation="sigmoid")(x), name=name)


def register_tiny_model(name: str = "tiny") -> registry.ModelEntry:
    """Registers the kind and a model ``name`` of it (in ``$XDG_DATA_HOME``'s model folder); returns its entry."""
    register_kind(TINY)
    keras.utils.set_random_seed(0)
    networks = {CLASSIFIER: build_tiny_classifier(), **{picker: build_tiny_picker(picker) for picker in PICKERS}}
    return registry.register(name, networks, {"description": "test-only tiny model"}, kind=TINY.kind, overwrite=True)
