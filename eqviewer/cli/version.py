"""`eqviewer --version`: eqviewer, TensorFlow and Keras versions, and whether a GPU is visible."""

from __future__ import annotations

from eqviewer import __version__


def version_text() -> str:
    """Lines naming the versions in use and the GPUs TensorFlow sees."""
    import keras
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    gpu = f"{len(gpus)} GPU(s): " + ", ".join(g.name for g in gpus) if gpus else "no GPU visible (CPU only)"
    return "\n".join(
        [f"eqviewer {__version__}", f"TensorFlow {tf.__version__}", f"Keras {keras.__version__}", gpu]
    )
