"""snr_db of the STEAD export, on generated windows with known signal and noise powers."""

from __future__ import annotations

import math

import numpy as np

from eqviewer.review.export_stead import snr_db


def _window(noise_rms: float, signal_rms: tuple[float, float, float], p: int, s: int | None) -> np.ndarray:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 6000)) * noise_rms
    start = p if s is None else s - 100
    for component, rms in enumerate(signal_rms):
        x[component, start:] += rng.standard_normal(6000 - start) * rms
    return x.astype(np.float32)


def test_snr_is_the_power_ratio_in_db_in_stead_order():
    x = _window(1.0, (100.0, 10.0, 1.0), p=700, s=1900)  # Z, N, E: 40, 20 and 3 dB above the noise
    got = snr_db(x, 700.0, 1900.0)
    expected = 10 * np.log10(1.0 + np.array([1.0, 100.0, 10_000.0]))  # E, N, Z
    np.testing.assert_allclose(got, expected, atol=1.5)  # 500-sample power estimates: about 0.4 dB of scatter


def test_without_s_the_five_seconds_after_p_are_the_signal():
    x = _window(2.0, (20.0, 20.0, 20.0), p=1000, s=None)
    np.testing.assert_allclose(snr_db(x, 1000.0, None), 10 * np.log10(1 + 100.0), atol=1.5)  # 500-sample power estimates: about 0.4 dB of scatter


def test_unmeasurable_windows_give_nan():
    x = _window(1.0, (10.0, 10.0, 10.0), p=700, s=1900)
    assert math.isnan(snr_db(x, None, 1900.0))  # no P
    assert math.isnan(snr_db(x, 50.0, 1900.0))  # half a second of noise only
    x[2] = 0.0  # a missing (zero-filled) E component
    got = snr_db(x, 700.0, 1900.0)
    assert math.isnan(got[0]) and np.isfinite(got[1:]).all()
