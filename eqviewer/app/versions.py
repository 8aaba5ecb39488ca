"""The versions in use (eqviewer, TensorFlow, Keras) and the GPUs TensorFlow sees."""

from __future__ import annotations

from dataclasses import dataclass

from eqviewer import __version__


@dataclass(frozen=True)
class RuntimeVersions:
    """Version strings of eqviewer, TensorFlow and Keras, and the names of the GPUs TensorFlow sees."""

    eqviewer: str
    tensorflow: str
    keras: str
    gpus: tuple[str, ...]


def runtime_versions() -> RuntimeVersions:
    """The versions in use; imports TensorFlow (seconds)."""
    import keras
    import tensorflow as tf

    gpus = tuple(g.name for g in tf.config.list_physical_devices("GPU"))
    return RuntimeVersions(__version__, tf.__version__, keras.__version__, gpus)
