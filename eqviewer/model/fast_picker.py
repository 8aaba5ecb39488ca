"""A faster inference path for the seed phase pickers: the same function as ``build_picker``, fewer operations.

The Keras picker (:func:`eqviewer.model.networks.build_picker`) stays the model that is trained, saved and loaded;
this module computes its probability curve from that model's own weight variables (read at every call, so a
fine-tuned or replaced weight is used at once), rearranged for the CPU:

- **polyphase decoder**: a convolution over a nearest-neighbour upsampled signal equals, for even and for odd
  output samples, a shorter convolution over the signal before upsampling with summed taps. Decoder levels 3-1
  (their three branches merged into one 9-tap kernel that holds each branch's taps at the offsets TensorFlow's
  'same' padding gives it) and the output convolution run that way on the half-length tensor, and the upsampling
  is a reshape of the two interleaved phases: no upsampled tensor is ever made. (Merging the encoder's strided
  branches the same way was measured slower: 1.5x the multiplications for one convolution instead of three.)
- **split projections**: a Dense on ``concatenate([a, b])`` is ``a @ Wa + b @ Wb``; the skip concatenations
  before the decoder projections are not materialised.

The result equals the Keras model's up to float32 rounding (sums in another order; tests check it against the
reference outputs). It returns the probability only; attention maps come from the Keras model. Measured per 64
windows on 2 cores (CPU time): decoder level 1 85 -> 70 ms, head (concatenate, Dense, upsample, output conv)
88 -> 64 ms; the whole picker about 10% faster (benchmarks/model_throughput.py, eqviewer/detect/README.md).
"""

from __future__ import annotations

import keras
import tensorflow as tf

from eqviewer.model.layers import HybridAttention, MultiScaleBlock

LEVELS = (1, 2, 3, 4)


def _same_left_pad(kernel_size: int, strides: int) -> int:
    """Zeros TensorFlow's 'same' padding puts before the first sample (even lengths, stride 1 or 2)."""
    return (kernel_size - strides) // 2 if strides == 2 else (kernel_size - 1) // 2


def merged_kernel(block: MultiScaleBlock) -> tuple[tf.Tensor, tf.Tensor, int]:
    """One (K, C_in, 3F) kernel, its bias and its left padding, equal to ``block``'s three branches."""
    sizes = [int(branch.kernel.shape[0]) for branch in block.branches]
    width = max(sizes)
    left = _same_left_pad(width, block.strides)
    kernels = []
    for branch, size in zip(block.branches, sizes):
        before = left - _same_left_pad(size, block.strides)
        kernels.append(tf.pad(branch.kernel, [[before, width - size - before], [0, 0], [0, 0]]))
    bias = tf.concat([branch.bias for branch in block.branches], axis=0)
    return tf.concat(kernels, axis=-1), bias, left


def polyphase_kernel(kernel: tf.Tensor, left: int) -> tuple[tf.Tensor, int, int]:
    """The kernel for a stride-1 convolution over a x2 nearest-neighbour upsampled signal, as one kernel over the
    signal before upsampling whose outputs are (even phase, odd phase) side by side: (K', C_in, 2 C_out), and the
    zeros to pad before and after.

    Output sample 2m + phase reads upsampled samples 2m + phase + d (d = tap - left), which are samples
    m + floor((phase + d) / 2) of the signal before upsampling; taps landing on the same sample are summed.
    """
    size = int(kernel.shape[0])
    first = (0 - left) // 2
    last = (1 + size - 1 - left) // 2
    phases = []
    for phase in (0, 1):
        rows = [[] for _ in range(last - first + 1)]
        for tap in range(size):
            rows[(phase + tap - left) // 2 - first].append(kernel[tap])
        phases.append(tf.stack([tf.add_n(r) if r else tf.zeros_like(kernel[0]) for r in rows]))
    return tf.concat(phases, axis=-1), -first, last


def _leaky(x: tf.Tensor, slope: float | None) -> tf.Tensor:
    return x if slope is None else tf.nn.leaky_relu(x, alpha=slope)


def _dense(layer: keras.layers.Dense, parts: list[tf.Tensor]) -> tf.Tensor:
    """``layer`` applied to the concatenation of ``parts`` on the last axis, without concatenating."""
    kernel = layer.kernel
    total, start = None, 0
    for part in parts:
        width = int(part.shape[-1])
        term = tf.matmul(part, kernel[start : start + width])
        total = term if total is None else total + term
        start += width
    return layer.activation(total + layer.bias)


def _upsampled_conv(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor, left: int) -> tf.Tensor:
    """Conv1D(stride 1, 'same' with ``left`` zeros before) of UpSampling1D(2)(x), computed on ``x``."""
    phase_kernel, before, after = polyphase_kernel(kernel, left)
    padded = tf.pad(x, [[0, 0], [before, after], [0, 0]])
    y = tf.nn.conv1d(padded, phase_kernel, stride=1, padding="VALID")
    channels = int(kernel.shape[-1])
    y = tf.reshape(y, (tf.shape(x)[0], -1, channels))  # (B, L, 2C) -> (B, 2L, C): the phases interleave
    return y + bias


def supports(model: keras.Model) -> bool:
    """Whether ``model`` has the layer structure of :func:`build_picker` (then :func:`picker_probability` applies)."""
    names = {layer.name: layer for layer in model.layers}
    blocks = {f"msff{k}": 2 for k in LEVELS} | {f"decoder{k}": 1 for k in LEVELS}  # MSFF blocks and their strides
    others = [f"attention{k}" for k in LEVELS] + [f"decoder{k}_project" for k in LEVELS] + ["head_dense", "probability"]
    if len(model.layers) != 27 or any(name not in names for name in [*blocks, *others]):
        return False
    if any(not isinstance(names[n], MultiScaleBlock) or names[n].strides != s for n, s in blocks.items()):
        return False
    head = names["probability"]
    return (
        all(isinstance(names[f"attention{k}"], HybridAttention) for k in LEVELS)
        and isinstance(head, keras.layers.Conv1D)
        and head.activation is keras.activations.sigmoid
    )


def picker_probability(model: keras.Model, x: tf.Tensor) -> tf.Tensor:
    """The (N, 6000) probability of a :func:`build_picker` model for (N, 6000, 3) picker input (inference)."""
    layer = model.get_layer
    skips = []
    for level in LEVELS:
        encoded = layer(f"msff{level}")(x)
        x, _ = layer(f"attention{level}")(encoded)
        skips.append(x)
    # Level 4 sees the encoder's features directly; levels 3-1 see the previous level upsampled x2.
    x = layer("decoder4_project")(encoded)
    x = layer("decoder4")(x)
    parts = [x, skips[3]]
    for level in (3, 2, 1):
        block = layer(f"decoder{level}")
        x = _dense(layer(f"decoder{level}_project"), parts)
        kernel, bias, left = merged_kernel(block)
        x = _leaky(_upsampled_conv(x, kernel, bias, left), block.negative_slope)
        parts = [x, skips[level - 1]]
    x = _dense(layer("head_dense"), parts)
    head = layer("probability")
    y = _upsampled_conv(x, head.kernel, head.bias, _same_left_pad(int(head.kernel.shape[0]), 1))
    return tf.sigmoid(y[:, :, 0])
