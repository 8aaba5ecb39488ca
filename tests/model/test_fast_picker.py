"""The pickers' fast inference path computes the Keras picker's function (eqviewer/model/fast_picker.py)."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.mark.parametrize(("kernel_size", "left"), [(3, 1), (6, 2), (9, 4)])
def test_polyphase_convolution_equals_conv_of_the_upsampled_signal(kernel_size, left):
    import tensorflow as tf

    from eqviewer.model.fast_picker import _upsampled_conv

    rng = np.random.default_rng(kernel_size)
    x = tf.constant(rng.standard_normal((2, 50, 4)).astype(np.float32))
    kernel = tf.constant(rng.standard_normal((kernel_size, 4, 5)).astype(np.float32))
    bias = tf.constant(rng.standard_normal(5).astype(np.float32))
    upsampled = tf.repeat(x, 2, axis=1)
    right = kernel_size - 1 - left
    expected = tf.nn.conv1d(tf.pad(upsampled, [[0, 0], [left, right], [0, 0]]), kernel, 1, "VALID") + bias
    np.testing.assert_allclose(_upsampled_conv(x, kernel, bias, left).numpy(), expected.numpy(), atol=1e-5)


def test_merged_branches_equal_the_three_convolutions():
    import tensorflow as tf

    from eqviewer.model.fast_picker import merged_kernel
    from eqviewer.model.layers import MultiScaleBlock

    block = MultiScaleBlock(5, strides=1, negative_slope=None, dropout=0.0)
    x = tf.constant(np.random.default_rng(1).standard_normal((2, 40, 3)).astype(np.float32))
    expected = block(x).numpy()
    kernel, bias, left = merged_kernel(block)
    padded = tf.pad(x, [[0, 0], [left, int(kernel.shape[0]) - 1 - left], [0, 0]])
    np.testing.assert_allclose((tf.nn.conv1d(padded, kernel, 1, "VALID") + bias).numpy(), expected, atol=1e-5)


def test_fast_path_matches_the_reference_and_the_keras_model(seed_model, reference):
    import tensorflow as tf

    from eqviewer.model.fast_picker import picker_probability, supports

    x = tf.constant(reference["picker_input"])
    atol = float(reference["atol"])
    for net, key in ((seed_model.p_picker, "p_prob"), (seed_model.s_picker, "s_prob")):
        assert supports(net)
        fast = picker_probability(net, x).numpy()
        np.testing.assert_allclose(fast, reference[key], rtol=0, atol=atol)
        np.testing.assert_allclose(fast, net(x, training=False).numpy()[:, :, 0], rtol=0, atol=1e-5)


def test_fast_path_follows_changed_weights():
    """Weights are read at each call: a picker with other (random) weights still agrees with its Keras model."""
    import tensorflow as tf

    from eqviewer.model.fast_picker import picker_probability
    from eqviewer.model.networks import build_picker

    picker = build_picker()
    rng = np.random.default_rng(2)
    picker.set_weights([rng.normal(0, 0.3, w.shape).astype(np.float32) for w in picker.get_weights()])
    x = tf.constant(rng.standard_normal((2, 6000, 3)).astype(np.float32))
    keras_out = picker(x, training=False).numpy()[:, :, 0]
    assert keras_out.std() > 1e-3  # the comparison below is not between two constants
    # float32 rounding (sums in another order), amplified through four levels of random weights of sd 0.3
    np.testing.assert_allclose(picker_probability(picker, x).numpy(), keras_out, atol=3e-4)


@pytest.mark.parametrize("span", [1, 1000, 2000, 2800, 5999])
def test_a_leading_span_equals_the_start_of_the_whole_curve(seed_model, reference, span):
    """The decoder runs on the leading part plus a margin: the values there are those of the whole window."""
    import tensorflow as tf

    from eqviewer.model.fast_picker import picker_probability

    x = tf.constant(reference["picker_input"])
    whole = picker_probability(seed_model.p_picker, x).numpy()
    part = picker_probability(seed_model.p_picker, x, span).numpy()
    assert part.shape == (whole.shape[0], span)
    np.testing.assert_allclose(part, whole[:, :span], rtol=0, atol=1e-6)


def test_predict_returns_the_requested_spans(seed_model, reference):
    out = seed_model.predict(reference["raw"][:2], networks=("p", "s"), attention=False, spans={"p": 2000})
    assert out.p_prob.shape == (2, 2000) and out.s_prob.shape == (2, 6000)
    np.testing.assert_allclose(out.p_prob, reference["p_prob"][:2, :2000], rtol=0, atol=float(reference["atol"]))


def test_spans_with_attention_cut_the_whole_curves(seed_model, reference):
    """The Keras path (attention maps) computes whole curves; a span only cuts them, with the same values."""
    out = seed_model.predict(reference["raw"][:2], networks=("p",), attention=True, spans={"p": 1500})
    assert out.p_prob.shape == (2, 1500) and out.attention["p_att1"].shape == (2, 3000)
    np.testing.assert_allclose(out.p_prob, reference["p_prob"][:2, :1500], rtol=0, atol=float(reference["atol"]))


def test_pickers_of_one_structure_share_one_traced_graph_with_their_own_weights():
    """P and S (here two pickers with different random weights) run through one trace, each with its own weights
    and span; a picker of another structure is refused rather than run with the template's weights."""
    import keras
    import tensorflow as tf

    from eqviewer.model.fast_picker import SharedPicker, picker_probability
    from eqviewer.model.networks import build_picker

    keras.utils.set_random_seed(5)
    first, second = build_picker(name="p_picker"), build_picker(name="s_picker")
    x = tf.constant(np.random.default_rng(6).standard_normal((2, 6000, 3)).astype(np.float32))
    shared = SharedPicker(first)
    for model, span in ((first, 2000), (second, 2800), (second, 6000), (first, 6000)):
        got = shared(model, x, span).numpy()
        assert got.shape == (2, span)
        np.testing.assert_allclose(got, picker_probability(model, x, span).numpy(), rtol=0, atol=1e-6)
    assert shared._function.experimental_get_tracing_count() == 1
    assert not np.allclose(shared(first, x, 100).numpy(), shared(second, x, 100).numpy())

    other = keras.Model(first.inputs, first.outputs)  # same layers, another model: same structure, accepted
    np.testing.assert_allclose(shared(other, x, 50).numpy(), shared(first, x, 50).numpy())
    wider = keras.Sequential([keras.Input((6000, 3)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="structure"):
        shared(wider, x, 50)
