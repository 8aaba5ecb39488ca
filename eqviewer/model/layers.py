"""The custom Keras layers of the seed networks (Cui et al., GJI 2024), written to read next to the paper.

Every layer here is registered for Keras serialisation, so models that use them save to and load from
``.keras`` files in safe mode (no Lambda layers, no pickled code). Equations: ../shared/design/seed-model.md §3.
"""

from __future__ import annotations

import keras
from keras import layers, ops

PACKAGE = "eqviewer"


@keras.saving.register_keras_serializable(package=PACKAGE)
class MultiScaleBlock(layers.Layer):
    """Multi-scale feature fusion (MSFF): three parallel Conv1D branches with kernels 3, 6 and 9.

    ``[Dense(projection, relu)] -> Conv1D(filters, K, strides, 'same', linear) for K in (3, 6, 9) -> concatenate
    (order K=3, 6, 9) -> [LeakyReLU(negative_slope)] -> Dropout(dropout)``. The output has ``3 * filters``
    channels and ``ceil(length / strides)`` time steps. ``projection=None`` omits the pre-projection and
    ``negative_slope=None`` the activation (the seed classifier's first block has neither).
    """

    KERNEL_SIZES = (3, 6, 9)

    def __init__(
        self,
        filters: int,
        strides: int = 2,
        negative_slope: float | None = 0.1,
        projection: int | None = None,
        dropout: float = 0.1,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.filters = filters
        self.strides = strides
        self.negative_slope = negative_slope
        self.projection = projection
        self.dropout_rate = dropout
        self.project = layers.Dense(projection, activation="relu", name="project") if projection else None
        self.branches = [
            layers.Conv1D(filters, k, strides=strides, padding="same", name=f"conv_k{k}") for k in self.KERNEL_SIZES
        ]
        self.activation = layers.LeakyReLU(negative_slope) if negative_slope is not None else None
        self.dropout = layers.Dropout(dropout)

    def build(self, input_shape):
        shape = tuple(input_shape)
        if self.project is not None:
            self.project.build(shape)
            shape = shape[:-1] + (self.projection,)
        for branch in self.branches:
            branch.build(shape)

    def call(self, x, training=None):
        if self.project is not None:
            x = self.project(x)
        y = ops.concatenate([branch(x) for branch in self.branches], axis=-1)
        if self.activation is not None:
            y = self.activation(y)
        return self.dropout(y, training=training)

    def compute_output_shape(self, input_shape):
        length = input_shape[1]
        out_length = None if length is None else -(-length // self.strides)
        return (input_shape[0], out_length, 3 * self.filters)

    def get_config(self):
        config = super().get_config()
        config.update(
            filters=self.filters,
            strides=self.strides,
            negative_slope=self.negative_slope,
            projection=self.projection,
            dropout=self.dropout_rate,
        )
        return config


@keras.saving.register_keras_serializable(package=PACKAGE)
class ConstantGate(layers.Layer):
    """A per-channel gate sigmoid(bias) that does not depend on the input: shape (batch, channels).

    It replaces the seed pickers' zero-width squeeze ``Dense(0)`` followed by ``Dense(C, sigmoid)``, whose
    output is mathematically sigmoid(bias of the second Dense). Computing it directly avoids the graph-mode
    MatMul+BiasAdd fusion that drops that bias (or aborts under oneDNN) in modern TensorFlow.
    """

    def __init__(self, channels: int, **kwargs):
        super().__init__(**kwargs)
        self.channels = channels

    def build(self, input_shape):
        self.bias = self.add_weight(shape=(self.channels,), initializer="zeros", name="bias")

    def call(self, x):
        gate = ops.sigmoid(self.bias)
        return ops.broadcast_to(gate[None, :], (ops.shape(x)[0], self.channels))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.channels)

    def get_config(self):
        config = super().get_config()
        config.update(channels=self.channels)
        return config


@keras.saving.register_keras_serializable(package=PACKAGE)
class HybridAttention(layers.Layer):
    """CBAM-style channel + spatial attention; returns ``(features, spatial_gate)``.

    Channel attention: ``a = sigmoid(W2 relu(W1 mean_t(X)))`` with a bottleneck of ``C // reduction`` units
    (a :class:`ConstantGate` when that is zero), ``Xc = X * a``. Spatial attention reproduces the seed code's
    pairing: the per-step channel mean and channel max are concatenated *along time* (length 2L) and reshaped
    row-major to (L, 2), so row i holds (v[2i], v[2i+1]); a Conv1D(1, 3, sigmoid) of that gives the gate
    ``s`` (L,). Output ``Xc + Xc * s``. The returned ``spatial_gate`` (batch, L) is ``s`` as applied.
    """

    def __init__(self, reduction: int, **kwargs):
        super().__init__(**kwargs)
        self.reduction = reduction

    def build(self, input_shape):
        channels = int(input_shape[-1])
        hidden = channels // self.reduction
        if hidden > 0:
            self.squeeze = layers.Dense(hidden, activation="relu", name="squeeze")
            self.excite = layers.Dense(channels, activation="sigmoid", name="excite")
            self.squeeze.build((None, channels))
            self.excite.build((None, hidden))
            self.constant_gate = None
        else:
            self.squeeze = self.excite = None
            self.constant_gate = ConstantGate(channels, name="constant_gate")
            self.constant_gate.build((None, channels))
        self.spatial = layers.Conv1D(1, 3, padding="same", activation="sigmoid", name="spatial")
        self.spatial.build((None, input_shape[1], 2))

    def channel_gate(self, x):
        """The channel-attention vector a, shape (batch, channels)."""
        pooled = ops.mean(x, axis=1)
        if self.constant_gate is not None:
            return self.constant_gate(pooled)
        return self.excite(self.squeeze(pooled))

    def call(self, x):
        xc = x * self.channel_gate(x)[:, None, :]
        length = ops.shape(x)[1]
        stacked_in_time = ops.concatenate([ops.mean(xc, axis=2), ops.max(xc, axis=2)], axis=1)
        paired = ops.reshape(stacked_in_time, (-1, length, 2))
        gate = self.spatial(paired)
        return xc + xc * gate, gate[:, :, 0]

    def compute_output_shape(self, input_shape):
        return tuple(input_shape), (input_shape[0], input_shape[1])

    def get_config(self):
        config = super().get_config()
        config.update(reduction=self.reduction)
        return config


@keras.saving.register_keras_serializable(package=PACKAGE)
class WindowNormalization(layers.Layer):
    """Removes each channel's mean and divides the window by its largest absolute value (all channels).

    Used by the classifier variant that normalises its own input, so that it no longer depends on the
    instrument gain; relative amplitudes between channels are kept, and a flat window stays all zeros.
    """

    def __init__(self, epsilon: float = 1e-12, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = epsilon

    def call(self, x):
        centred = x - ops.mean(x, axis=1, keepdims=True)
        peak = ops.max(ops.abs(centred), axis=(1, 2), keepdims=True)
        return centred / ops.maximum(peak, self.epsilon)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(epsilon=self.epsilon)
        return config
