"""View-only filtering: right band kept, data untouched, zero-phase vs causal, bad corners refused."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.app.view_filter import FilterSpec, apply_filter

RATE = 100.0


def _signal() -> np.ndarray:
    t = np.arange(6000) / RATE
    slow = 5.0 * np.sin(2 * np.pi * 0.1 * t)
    fast = np.sin(2 * np.pi * 10.0 * t)
    return np.stack([slow + fast, slow, fast]).astype(np.float32)


def test_bandpass_keeps_the_band_and_leaves_the_input_alone():
    data = _signal()
    before = data.copy()
    out = apply_filter(data, RATE, FilterSpec("bandpass", 5.0, 20.0))
    np.testing.assert_array_equal(data, before)
    middle = slice(1000, 5000)
    assert out.dtype == np.float32 and out.shape == data.shape
    assert np.std(out[1, middle]) < 0.01 * np.std(data[1, middle])  # 0.1 Hz removed
    assert 0.9 < np.std(out[2, middle]) / np.std(data[2, middle]) < 1.1  # 10 Hz kept


def test_zero_phase_does_not_shift_and_causal_does():
    pulse = np.zeros(2000, dtype=np.float32)
    pulse[1000] = 1.0
    zero = apply_filter(pulse, RATE, FilterSpec("lowpass", freqmax=5.0, zerophase=True))
    causal = apply_filter(pulse, RATE, FilterSpec("lowpass", freqmax=5.0, zerophase=False))
    assert abs(int(np.argmax(zero)) - 1000) <= 1
    assert int(np.argmax(causal)) > 1003
    assert causal[:1000].max() < 1e-6  # causal: nothing before the onset


@pytest.mark.parametrize("spec", [FilterSpec("highpass", 60.0), FilterSpec("bandpass", 10.0, 5.0)])
def test_bad_corners_are_refused(spec):
    with pytest.raises(ValueError):
        apply_filter(_signal(), RATE, spec)


def test_presets_are_the_bundled_settings_and_all_apply():
    from eqviewer.app.view_filter import PRESETS
    from eqviewer.resources import default_settings

    presets = default_settings()["filter"]["presets"]
    assert [(p.kind, p.freqmin, p.freqmax) for p in PRESETS] == [
        (p["kind"], p.get("freqmin"), p.get("freqmax")) for p in presets]
    for spec in PRESETS:  # every preset works on records at the app's rate
        assert apply_filter(_signal(), RATE, spec).shape == (3, 6000)
