"""The hybrid-attention layer's pairing quirk and the placement of its maps on the input's time axis."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.model.layers import HybridAttention
from eqviewer.model.output import WindowOutput


def test_spatial_gate_reads_the_time_concatenated_pairs():
    """With a spatial kernel that only reads the centre row's second column, s[i] = sigmoid(v[2i+1])."""
    layer = HybridAttention(reduction=2)
    length, channels = 8, 4
    layer.build((None, length, channels))
    squeeze, excite = layer.squeeze, layer.excite
    squeeze.set_weights([np.zeros((4, 2)), np.zeros(2)])
    excite.set_weights([np.zeros((2, 4)), np.full(4, 50.0)])  # channel gate ~ 1
    kernel = np.zeros((3, 2, 1))
    kernel[1, 1, 0] = 1.0
    layer.spatial.set_weights([kernel, np.zeros(1)])
    x = np.random.default_rng(0).standard_normal((1, length, channels)).astype(np.float32)
    features, gate = (np.asarray(t) for t in layer(x))
    v = np.concatenate([x.mean(axis=2), x.max(axis=2)], axis=1)[0]  # [avg(0..7), max(0..7)]
    np.testing.assert_allclose(gate[0], 1 / (1 + np.exp(-v[1::2])), atol=1e-5)
    np.testing.assert_allclose(features, x * (1 + gate[:, :, None]), atol=1e-5)


def test_zero_width_bottleneck_becomes_a_constant_gate():
    layer = HybridAttention(reduction=16)
    layer.build((None, 8, 12))
    assert layer.squeeze is None and layer.constant_gate is not None
    assert [tuple(w.shape) for w in layer.weights] == [(12,), (3, 2, 1), (1,)]


def test_attention_time_places_each_half_where_it_looked():
    length = 375  # 16 input samples per step, odd length as in the last blocks
    gate = np.zeros((1, length), np.float32)
    # Row i reads v[2i], v[2i+1] of v = [avg(0..374), max(0..374)]: row 312 reads max[249] and max[250].
    gate[0, 312] = 1.0
    out = WindowOutput(attention={"p_att4": gate})
    max_map = out.attention_time("p_att4")
    assert max_map.shape == (1, 6000)
    assert np.flatnonzero(max_map[0]).tolist() == list(range(249 * 16, 251 * 16))
    applied = out.attention_time("p_att4", "applied")
    assert np.flatnonzero(applied[0]).tolist() == list(range(312 * 16, 313 * 16))
    assert not out.attention_time("p_att4", "avg").any()  # that row is in the max half
    with pytest.raises(ValueError):
        out.attention_time("p_att4", "middle")


def test_attention_time_follows_a_burst_in_real_picker_maps(seed_model, reference):
    """Row 0 is a real STEAD earthquake: the max-placed block-1 map should peak near the P/S energy, not later."""
    out = seed_model.predict(reference["raw"][:1], networks=("p",), batch_size=1)
    peak_max = int(np.argmax(out.attention_time("p_att1")[0]))
    peak_applied = int(np.argmax(out.attention_time("p_att1", "applied")[0]))
    energy = np.abs(reference["picker_input"][0, :, 0])
    assert abs(peak_max - int(np.argmax(energy))) < abs(peak_applied - int(np.argmax(energy)))
