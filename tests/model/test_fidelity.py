"""The Keras 3 networks against the published models' outputs (reference_outputs.npz, Keras 2 eager)."""

from __future__ import annotations

import numpy as np
import pytest

ATTENTION_KEYS = ["cls_att1", "cls_att2", *(f"{n}_att{i}" for n in "ps" for i in range(1, 5))]


def test_every_output_and_attention_map_matches(seed_model, reference):
    atol = float(reference["atol"])
    out = seed_model.predict(reference["raw"], batch_size=16)
    np.testing.assert_allclose(out.prob_earthquake, reference["classifier_prob"][:, 1], rtol=0, atol=atol)
    np.testing.assert_allclose(out.p_prob, reference["p_prob"], rtol=0, atol=atol)
    np.testing.assert_allclose(out.s_prob, reference["s_prob"], rtol=0, atol=atol)
    assert sorted(out.attention) == sorted(ATTENTION_KEYS)
    for key in ATTENTION_KEYS:
        assert out.attention[key].shape == reference[key].shape, key
        np.testing.assert_allclose(out.attention[key], reference[key], rtol=0, atol=atol, err_msg=key)


def test_constant_gate_keeps_the_bias_in_graph_mode(seed_model, seed_models_dir):
    """Graph-mode TF drops dense_11's bias in the original layout; our constant gate must not (spec §5)."""
    import tensorflow as tf

    from eqviewer.model.h5_weights import read_stored_weights

    stored = dict(read_stored_weights(seed_models_dir / "S_wave_phase_picking_best_model.h5")["dense_11"])
    bias = stored["dense_11/bias:0"].astype(np.float64)
    gate = seed_model.s_picker.get_layer("attention4").constant_gate
    graph_gate = tf.function(lambda x: gate(x))(tf.zeros((2, 12)))
    np.testing.assert_allclose(graph_gate.numpy(), np.broadcast_to(1 / (1 + np.exp(-bias)), (2, 12)), atol=1e-6)
    assert np.abs(graph_gate.numpy() - 0.5).max() > 0.1  # a dropped bias (gate 0.5) would show


@pytest.mark.parametrize("networks", [("classifier",), ("p", "s")])
def test_running_only_some_networks(seed_model, reference, networks):
    rows = slice(0, 3)
    out = seed_model.predict(reference["raw"][rows], networks=networks, attention=False, batch_size=3)
    assert out.attention == {}
    atol = float(reference["atol"])
    if networks == ("classifier",):
        assert out.p_prob is None and out.s_prob is None
        np.testing.assert_allclose(out.prob_earthquake, reference["classifier_prob"][rows, 1], rtol=0, atol=atol)
    else:
        assert out.prob_earthquake is None
        np.testing.assert_allclose(out.p_prob, reference["p_prob"][rows], rtol=0, atol=atol)
        np.testing.assert_allclose(out.s_prob, reference["s_prob"][rows], rtol=0, atol=atol)


def test_domain_shift_rows_as_documented(seed_model, reference):
    """Row 0 sits at the threshold and the OBS noise rows are called earthquakes (README of the reference)."""
    out = seed_model.predict(reference["raw"][[0, 6, 7]], networks=("classifier",), attention=False, batch_size=3)
    assert abs(out.prob_earthquake[0] - 0.490) < 0.005
    assert (out.prob_earthquake[1:] > 0.5).all()


def test_bad_shapes_and_network_names_are_refused(seed_model):
    with pytest.raises(ValueError, match="shape"):
        seed_model.predict(np.zeros((2, 3000, 3), np.float32))
    with pytest.raises(ValueError, match="subset"):
        seed_model.predict(np.zeros((1, 6000, 3), np.float32), networks=("classifier", "pp"))


def test_nonfinite_input_gives_finite_output(seed_model, reference):
    raw = reference["raw"][:3].copy()
    raw[0, 10:20, :] = np.nan
    raw[1, 50, 2] = np.inf
    out = seed_model.predict(raw, networks=("classifier",), attention=False, batch_size=3)
    assert np.isfinite(out.prob_earthquake).all()
    np.testing.assert_allclose(out.prob_earthquake[2], reference["classifier_prob"][2, 1], atol=1e-4)


def test_provenance_fields(seed_model):
    assert seed_model.name == "seed"
    assert len(seed_model.version) == 12 and int(seed_model.version, 16) >= 0
    assert seed_model.classifier.count_params() == 43_552
    assert seed_model.p_picker.count_params() == seed_model.s_picker.count_params() == 63_611
