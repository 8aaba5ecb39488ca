"""Fixtures of the model tests: the reference file and one loaded seed model per test session."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(scope="session")
def reference(seed_models_dir):
    """../shared/models/seed/reference_outputs.npz as a dict of arrays."""
    with np.load(seed_models_dir / "reference_outputs.npz") as data:
        return {key: data[key] for key in data.files}


@pytest.fixture(scope="session")
def seed_model(seed_models_dir):
    """The seed model loaded from ../shared/models/seed (TF32 off on GPUs, so float32 results compare)."""
    import tensorflow as tf

    from eqviewer.model import SeedModel

    if tf.config.list_physical_devices("GPU"):
        tf.config.experimental.enable_tensor_float_32_execution(False)
    return SeedModel.load(seed_models_dir)
