"""The seed networks as code: the signal/noise classifier and the encoder-decoder phase picker.

The layer sizes are those of the published weight files (../shared/design/seed-model.md §4, §5), not of the
training notebook. Each builder returns a ``keras.Model`` whose only output is the probability; the spatial
attention gates are read with :func:`with_attention`.
"""

from __future__ import annotations

import keras
from keras import layers

from eqviewer.model.descriptor import CHANNELS, SEED
from eqviewer.model.layers import HybridAttention, MultiScaleBlock, WindowNormalization

# Attention layer names in each network, in the order of the reference file's keys.
CLASSIFIER_ATTENTION = ("attention1", "attention2")
PICKER_ATTENTION = ("attention1", "attention2", "attention3", "attention4")


def build_classifier(normalize_input: bool = False, name: str = "classifier") -> keras.Model:
    """The signal/noise classifier: (N, 6000, 3) -> (N, 2) softmax, column 1 = P(earthquake).

    Four MSFF blocks (3/6/12/24 filters per branch, stride 2, no pre-projection, LeakyReLU 0.1, none after
    block 1), hybrid attention (reduction 2) after blocks 2 and 4, GRU(32), GRU(8), flatten, Dense(2).
    The seed classifier takes raw counts; ``normalize_input=True`` adds a :class:`WindowNormalization`
    first, for a variant that does not depend on the instrument gain.
    """
    waveform = keras.Input((SEED.window_samples, CHANNELS), name="waveform")
    x = WindowNormalization(name="normalize")(waveform) if normalize_input else waveform
    x = MultiScaleBlock(3, strides=2, negative_slope=None, name="msff1")(x)
    x = MultiScaleBlock(6, strides=2, negative_slope=0.1, name="msff2")(x)
    x, _ = HybridAttention(reduction=2, name="attention1")(x)
    x = MultiScaleBlock(12, strides=2, negative_slope=0.1, name="msff3")(x)
    x = MultiScaleBlock(24, strides=2, negative_slope=0.1, name="msff4")(x)
    x, _ = HybridAttention(reduction=2, name="attention2")(x)
    x = layers.GRU(32, return_sequences=True, name="gru1")(x)
    x = layers.GRU(8, return_sequences=True, name="gru2")(x)
    x = layers.Flatten(name="flatten")(x)
    probability = layers.Dense(2, activation="softmax", name="probability")(x)
    return keras.Model(waveform, probability, name=name)


def build_picker(name: str = "picker") -> keras.Model:
    """A phase picker: (N, 6000, 3) band-passed, normalised input -> (N, 6000, 1) per-sample probability.

    Encoder: four MSFF blocks with a Dense pre-projection (32/16/8/4 units and filters per branch, stride 2,
    LeakyReLU 0.2), each followed by hybrid attention (reduction 16; block 4's bottleneck is zero-wide, a
    constant gate). Decoder: from block 4's features *before* attention, four levels of Dense(D, relu)
    projection and MSFF (D = filters = 4/8/16/32, stride 1, LeakyReLU 0.1), each concatenated with the
    matching attention output and upsampled x2. Head: Dense(32, relu), Conv1D(1, 3, sigmoid). The P and S
    pickers share this architecture.

    The seed code upsamples and then projects; a per-step Dense commutes with nearest-neighbour upsampling,
    so here each projection runs before the upsampling: the same function, half the work on half-length
    tensors.
    """
    waveform = keras.Input((SEED.window_samples, CHANNELS), name="picker_input")
    skips = []
    x = waveform
    for level, width in enumerate((32, 16, 8, 4), start=1):
        encoded = MultiScaleBlock(width, strides=2, negative_slope=0.2, projection=width, name=f"msff{level}")(x)
        x, _ = HybridAttention(reduction=16, name=f"attention{level}")(encoded)
        skips.append(x)
    x = layers.Dense(4, activation="relu", name="decoder4_project")(encoded)
    widths = {4: 4, 3: 8, 2: 16, 1: 32}
    for level in (4, 3, 2, 1):
        x = MultiScaleBlock(widths[level], strides=1, negative_slope=0.1, name=f"decoder{level}")(x)
        x = layers.Concatenate(name=f"skip{level}")([x, skips[level - 1]])
        projection = f"decoder{level - 1}_project" if level > 1 else "head_dense"
        x = layers.Dense(widths.get(level - 1, 32), activation="relu", name=projection)(x)
        x = layers.UpSampling1D(2, name=f"upsample{level}")(x)
    probability = layers.Conv1D(1, 3, padding="same", activation="sigmoid", name="probability")(x)
    return keras.Model(waveform, probability, name=name)


def with_attention(model: keras.Model) -> keras.Model:
    """A model sharing ``model``'s layers whose outputs are ``[probability, gate_1, gate_2, ...]``.

    The gates are the spatial-attention maps of every :class:`HybridAttention` layer, in network order.
    """
    gates = [layer.output[1] for layer in model.layers if isinstance(layer, HybridAttention)]
    return keras.Model(model.inputs, [model.outputs[0], *gates], name=f"{model.name}_with_attention")
