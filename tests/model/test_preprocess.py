"""Picker preprocessing: the reference windows, and the guard for dead, flat and corrupt channels."""

from __future__ import annotations

import numpy as np

from eqviewer.model.descriptor import PICKER_INPUT as PICKER, RAW
from eqviewer.model.preprocess import network_input, picker_input


def test_picker_input_reproduces_reference(reference):
    got = picker_input(reference["raw"])
    assert got.dtype == np.float32 and got.shape == reference["picker_input"].shape
    np.testing.assert_allclose(got, reference["picker_input"], rtol=0, atol=float(reference["atol"]))


def test_each_live_channel_peaks_at_exactly_one(reference):
    got = picker_input(reference["raw"][:4])
    np.testing.assert_allclose(got.max(axis=1), 1.0, rtol=0, atol=1e-6)


def test_dead_flat_and_corrupt_channels_become_zeros(tmp_path):
    rng = np.random.default_rng(1)
    raw = rng.standard_normal((3, 6000, 3)).astype(np.float32) * 500
    raw[0, :, 1] = 0.0  # dead
    raw[1, :, 2] = 1234.0  # flat (DC only: removed by the band-pass)
    raw[2, 100, 0] = np.nan  # corrupt sample
    got = picker_input(raw)
    assert np.isfinite(got).all()
    assert not got[0, :, 1].any() and not got[1, :, 2].any() and not got[2, :, 0].any()
    assert got[0, :, 0].max() == np.float32(1.0) and got[2, :, 1].max() == np.float32(1.0)


def test_single_window_and_input_kinds(reference):
    one = reference["raw"][0]
    np.testing.assert_array_equal(picker_input(one), picker_input(one[None])[0])
    np.testing.assert_array_equal(network_input(one[None], PICKER), picker_input(one[None]))
    np.testing.assert_array_equal(network_input(one[None], RAW), one[None])
