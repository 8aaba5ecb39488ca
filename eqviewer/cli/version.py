"""`eqviewer --version`: eqviewer, TensorFlow and Keras versions, and whether a GPU is visible."""

from __future__ import annotations


def version_text() -> str:
    """Lines naming the versions in use and the GPUs TensorFlow sees."""
    from eqviewer.app.versions import runtime_versions

    versions = runtime_versions()
    gpu = (f"{len(versions.gpus)} GPU(s): " + ", ".join(versions.gpus) if versions.gpus
           else "no GPU visible (CPU only)")
    return "\n".join([f"eqviewer {versions.eqviewer}", f"TensorFlow {versions.tensorflow}",
                      f"Keras {versions.keras}", gpu])
