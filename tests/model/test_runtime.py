"""The inference-only TensorFlow settings."""

import numpy as np
import tensorflow as tf

from eqviewer.model.networks import build_picker
from eqviewer.model.runtime import quick_start_inference


def test_quick_start_turns_the_graph_optimiser_off_on_a_cpu_and_keeps_the_outputs():
    model = build_picker(name="p_picker")
    x = tf.constant(np.random.default_rng(3).standard_normal((2, 6000, 3)).astype(np.float32))
    before = tf.function(lambda v: model(v, training=False))(x).numpy()
    saved = tf.config.optimizer.get_experimental_options()
    try:
        changed = quick_start_inference()
        on_gpu = bool(tf.config.get_visible_devices("GPU"))
        assert changed is not on_gpu
        assert tf.config.optimizer.get_experimental_options().get("disable_meta_optimizer", False) is changed
        after = tf.function(lambda v: model(v, training=False))(x).numpy()
    finally:
        tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": saved.get("disable_meta_optimizer", False)})
    np.testing.assert_allclose(after, before, atol=1e-6)
