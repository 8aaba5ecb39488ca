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
- **factored attention outputs** (:class:`Gated`): neither an MSFF block's concatenated branches nor the
  attention output ``X a (1 + s)`` is made; a projection of it is ``(1 + s) * sum_i X_i @ (a_i * W_i)``, and the
  spatial gate's channel mean and maximum are taken branch by branch. The layers run as plain TensorFlow
  operations (their own weight variables), not as Keras layer calls.
- **leading span**: the decoder is local (convolutions and per-sample projections after the attention blocks, whose
  channel gates are the only window-wide step and sit in the encoder), so when only the first ``span`` samples of
  the curve are wanted the decoder runs on the matching leading part of each level plus a margin of
  :data:`DECODER_MARGIN` level-4 samples (128 output samples) that absorbs the effect of the cut on the convolutions'
  'same' padding. The detector wants only the first 20 s (P) and 28 s (S) of most windows (eqviewer/detect/settings.py).
- **one graph for both pickers** (:class:`SharedPicker`): the P and S pickers have the same structure, so the function
  is traced once with the weights and the span as arguments (tracing it costs ~0.2 s of one core per picker).

The result equals the Keras model's up to float32 rounding (sums in another order; tests check it against the
reference outputs). It returns the probability only; attention maps come from the Keras model. Measured per 64
windows on 2 cores (CPU time): decoder level 1 85 -> 70 ms, head (concatenate, Dense, upsample, output conv)
88 -> 64 ms; the whole picker about 10% faster (benchmarks/model_throughput.py, eqviewer/detect/README.md);
factored attention: level 1 179 -> 162 ms; a 20 s span: 406 -> 266 ms for the whole P picker.
"""

from __future__ import annotations

import contextvars
import json

import keras
import numpy as np
import tensorflow as tf

from eqviewer.model.layers import HybridAttention, MultiScaleBlock

LEVELS = (1, 2, 3, 4)
DEEPEST = 16  # samples of the output per sample of level 4 (four stride-2 blocks)
DECODER_MARGIN = 8  # level-4 samples computed beyond the wanted span: the decoder's convolutions reach 7.6 of them

# While SharedPicker traces: the tensors standing in for the template's weight variables, by the variable's id.
_STAND_INS: contextvars.ContextVar[dict[int, tf.Tensor] | None] = contextvars.ContextVar("stand_ins", default=None)


def _read(variable) -> tf.Tensor:
    """A layer's weight variable, or the argument standing in for it while a :class:`SharedPicker` traces."""
    stand_ins = _STAND_INS.get()
    if stand_ins is None:
        return variable
    if id(variable) not in stand_ins:
        raise LookupError(f"weight {variable.path} has no stand-in in the shared picker graph")
    return stand_ins[id(variable)]


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
        kernels.append(tf.pad(_read(branch.kernel), [[before, width - size - before], [0, 0], [0, 0]]))
    bias = tf.concat([_read(branch.bias) for branch in block.branches], axis=0)
    return tf.concat(kernels, axis=-1), bias, left


def polyphase_kernel(kernel: tf.Tensor, left: int) -> tuple[tf.Tensor, int, int]:
    """The kernel for a stride-1 convolution over a x2 nearest-neighbour upsampled signal, as one kernel over the
    signal before upsampling whose outputs are (even phase, odd phase) side by side: (K', C_in, 2 C_out), and the
    zeros to pad before and after.

    Output sample 2m + phase reads upsampled samples 2m + phase + d (d = tap - left), which are samples
    m + floor((phase + d) / 2) of the signal before upsampling; taps landing on the same sample are summed (one
    product with a 0/1 matrix, so the graph holds two operations, not one per tap).
    """
    size, channels_in, channels_out = (int(n) for n in kernel.shape)
    first = (0 - left) // 2
    last = (1 + size - 1 - left) // 2
    sums = np.zeros((2, last - first + 1, size), dtype=np.float32)  # phase, new tap, old tap
    for phase in (0, 1):
        for tap in range(size):
            sums[phase, (phase + tap - left) // 2 - first, tap] = 1.0
    merged = tf.einsum("prk,kio->ripo", sums, kernel)
    return tf.reshape(merged, (last - first + 1, channels_in, 2 * channels_out)), -first, last


def _leaky(x: tf.Tensor, slope: float | None) -> tf.Tensor:
    return x if slope is None else tf.nn.leaky_relu(x, alpha=slope)


class Gated:
    """A hybrid-attention block's output ``X a (1 + s)`` kept as its factors, never materialised: the MSFF branch
    outputs that make up X (B, L, F each, their concatenation is X), the channel gate a (B, 3F), or None for 1,
    and the spatial gate s (B, L), or None for 0."""

    def __init__(self, branches: list[tf.Tensor], channel: tf.Tensor | None = None, spatial: tf.Tensor | None = None):
        self.branches = branches
        self.channel = channel
        self.spatial = spatial

    @property
    def width(self) -> int:
        return sum(int(branch.shape[-1]) for branch in self.branches)

    def leading(self, length: int) -> Gated:
        """The first ``length`` time steps."""
        spatial = None if self.spatial is None else self.spatial[:, :length]
        return Gated([branch[:, :length] for branch in self.branches], self.channel, spatial)

    def matmul(self, kernel: tf.Tensor) -> tf.Tensor:
        """``X a (1 + s) @ kernel`` as ``(1 + s) * sum_i X_i @ (a_i * kernel_i)``: (B, L, units)."""
        widths = [int(branch.shape[-1]) for branch in self.branches]
        if self.channel is not None:  # a per-window gate on the rows: batched products
            kernel = self.channel[:, :, None] * kernel[None]
        rows = tf.split(kernel, widths, axis=-2)
        total = tf.add_n([tf.matmul(branch, part) for branch, part in zip(self.branches, rows)])
        return total if self.spatial is None else total * (1.0 + self.spatial[:, :, None])


def _conv(layer: keras.layers.Conv1D, x: tf.Tensor) -> tf.Tensor:
    """A 'same' Conv1D layer as one TensorFlow operation (tracing Keras layer calls costs seconds per network)."""
    y = tf.nn.conv1d(x, _read(layer.kernel), stride=layer.strides[0], padding="SAME") + _read(layer.bias)
    return layer.activation(y)


def _branches(block: MultiScaleBlock, x: tf.Tensor | Gated) -> list[tf.Tensor]:
    """The three branch outputs of an MSFF block (its concatenation, not made), activation included."""
    if block.project is not None:
        x = _dense(block.project, [x])
    return [_leaky(_conv(branch, x), block.negative_slope) for branch in block.branches]


def _channel_gate(attention: HybridAttention, pooled: tf.Tensor) -> tf.Tensor:
    """The channel gate of ``attention`` from the features' mean over time (see :meth:`HybridAttention.channel_gate`)."""
    if attention.constant_gate is not None:
        return tf.broadcast_to(tf.sigmoid(_read(attention.constant_gate.bias))[None, :], tf.shape(pooled))
    return _dense(attention.excite, [_dense(attention.squeeze, [pooled])])


def _attend(attention: HybridAttention, branches: list[tf.Tensor]) -> Gated:
    """``attention`` applied to the concatenation of ``branches``, as a :class:`Gated` (the same operations as
    :meth:`HybridAttention.call`, with the channel mean and the products done per branch)."""
    pooled = tf.concat([tf.reduce_mean(branch, axis=1) for branch in branches], axis=-1)
    gate = _channel_gate(attention, pooled)
    gated = Gated(branches, gate)
    mean = gated.matmul(tf.ones((gated.width, 1)))[:, :, 0] / gated.width
    gates = tf.split(gate[:, None, :], [int(branch.shape[-1]) for branch in branches], axis=-1)
    peaks = [tf.reduce_max(branch * part, axis=2) for branch, part in zip(branches, gates)]
    peak = tf.reduce_max(tf.stack(peaks), axis=0) if len(peaks) > 1 else peaks[0]
    length = tf.shape(mean)[1]
    paired = tf.reshape(tf.concat([mean, peak], axis=1), (-1, length, 2))
    gated.spatial = _conv(attention.spatial, paired)[:, :, 0]
    return gated


def _dense(layer: keras.layers.Dense, parts: list[tf.Tensor | Gated]) -> tf.Tensor:
    """``layer`` applied to the concatenation of ``parts`` on the last axis, without concatenating."""
    widths = [part.width if isinstance(part, Gated) else int(part.shape[-1]) for part in parts]
    kernel = _read(layer.kernel)
    kernels = tf.split(kernel, widths, axis=0) if len(parts) > 1 else [kernel]
    terms = [part.matmul(k) if isinstance(part, Gated) else tf.matmul(part, k) for part, k in zip(parts, kernels)]
    return layer.activation(tf.add_n(terms) + _read(layer.bias))


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


def picker_probability(model: keras.Model, x: tf.Tensor, span: int | tf.Tensor | None = None) -> tf.Tensor:
    """The (N, span) probability of a :func:`build_picker` model for (N, 6000, 3) picker input (inference): the
    first ``span`` samples of its curve (default all; a tensor span, at most the window's length, leaves the
    curve's length unknown until the graph runs)."""
    layer = model.get_layer
    length = int(x.shape[1])
    span = length if span is None else span if isinstance(span, tf.Tensor) else min(int(span), length)
    skips = []
    for level in LEVELS:
        encoded = _branches(layer(f"msff{level}"), x)
        x = _attend(layer(f"attention{level}"), encoded)
        skips.append(x)
    keep = (span + DEEPEST - 1) // DEEPEST + DECODER_MARGIN  # level-4 samples the decoder uses
    deepest = int(encoded[0].shape[1])
    keep = tf.minimum(keep, deepest) if isinstance(keep, tf.Tensor) else min(keep, deepest)
    skips = [skip.leading(keep * (1 << (len(LEVELS) - level))) for level, skip in zip(LEVELS, skips)]
    # Level 4 sees the encoder's features directly; levels 3-1 see the previous level upsampled x2.
    x = _dense(layer("decoder4_project"), [Gated(encoded).leading(keep)])
    x = tf.concat(_branches(layer("decoder4"), x), axis=-1)
    parts = [x, skips[3]]
    for level in (3, 2, 1):
        block = layer(f"decoder{level}")
        x = _dense(layer(f"decoder{level}_project"), parts)
        kernel, bias, left = merged_kernel(block)
        x = _leaky(_upsampled_conv(x, kernel, bias, left), block.negative_slope)
        parts = [x, skips[level - 1]]
    x = _dense(layer("head_dense"), parts)
    head = layer("probability")
    y = _upsampled_conv(x, _read(head.kernel), _read(head.bias), _same_left_pad(int(head.kernel.shape[0]), 1))
    return tf.sigmoid(y[:, :span, 0])


def structure_key(model: keras.Model) -> str:
    """What a picker's graph depends on besides its weight values: layer types and configurations, weight shapes."""
    layers = [(type(layer).__name__, layer.get_config()) for layer in model.layers]
    shapes = [tuple(weight.shape) for weight in model.weights]
    return json.dumps([layers, shapes], sort_keys=True, default=str)


class SharedPicker:
    """:func:`picker_probability` as one graph for every picker with ``template``'s structure (the P and S pickers):
    the weights and the span are its arguments, so it is traced once, not once per picker and span (measured: the
    P+S runner's trace 0.63-0.71 -> 0.45-0.50 s)."""

    def __init__(self, template: keras.Model):
        self.template = template
        self.key = structure_key(template)
        self._function = tf.function(self._probability, autograph=False)

    def _probability(self, x: tf.Tensor, span: tf.Tensor, weights: list) -> tf.Tensor:
        token = _STAND_INS.set({id(variable): value for variable, value in zip(self.template.weights, weights)})
        try:
            return picker_probability(self.template, x, span)
        finally:
            _STAND_INS.reset(token)

    def __call__(self, model: keras.Model, x: tf.Tensor, span: int) -> tf.Tensor:
        """The first ``span`` samples of ``model``'s curve, ``model`` having the template's structure."""
        if structure_key(model) != self.key:
            raise ValueError(f"{model.name} does not have the structure of {self.template.name}")
        weights = [weight.value for weight in model.weights]
        return self._function(x, tf.constant(min(int(span), int(x.shape[1])), tf.int32), weights)
