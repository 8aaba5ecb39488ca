import numpy as np
from scipy import signal

from eqviewer.detect.windows import pad_to
from eqviewer.model.descriptor import SEED
from eqviewer.train.noise import pre_p_noise, quiet_segment_noise, spectral_noise
from eqviewer.train.windows import PRE_P, SPECTRAL_PRE_P
from eqviewer.train.windows import collect_windows
from tests.train.synthetic import synthetic_record


def test_spectral_noise_keeps_std_and_spectrum_shape():
    rng = np.random.default_rng(0)
    red = np.cumsum(rng.standard_normal((3, 800)), axis=1)  # low frequencies dominate
    red -= red.mean(axis=1, keepdims=True)
    out = spectral_noise(red * [[1.0], [5.0], [0.1]], 6000, np.random.default_rng(1))
    assert out.shape == (3, 6000) and out.dtype == np.float32
    np.testing.assert_allclose(out.std(axis=1), (red * [[1.0], [5.0], [0.1]]).std(axis=1), rtol=1e-4)
    f, psd = signal.welch(out[0], nperseg=256)
    assert psd[f < 0.05].mean() > 20 * psd[f > 0.3].mean()  # still red, not white


def test_quiet_segment_noise_uses_only_windows_with_enough_quiet_time():
    rng = np.random.default_rng(2)
    records = [
        synthetic_record("early", rng, p=200.0, s=400.0, metadata={"source_id": "a"}),  # too little before P
        synthetic_record("late", rng, p=1200.0, s=1900.0, metadata={"source_id": "b"}),
        synthetic_record("n", rng, p=None, s=None, category="noise"),
    ]
    windows = collect_windows(records, SEED.window_samples)
    extra = quiet_segment_noise(windows, np.arange(3), seed=0)
    assert len(extra) == 1 and extra.event_ids == ["event:b"] and extra.record_ids == ["mem#late~noise"]
    assert not extra.is_earthquake.any() and extra.p_samples[0].size == 0
    quiet = windows.waveforms[1][:, 150:1150]  # after the start taper, to 0.5 s before P
    np.testing.assert_allclose(extra.waveforms[0].std(axis=1), quiet.std(axis=1), rtol=1e-3)
    assert extra.kinds == [SPECTRAL_PRE_P]


def test_pre_p_noise_is_the_real_segment_padded_as_detection_pads_it():
    """The segment from the end of a windowed trace's start taper (detection's first 1.5 s) to 0.5 s before P."""
    rng = np.random.default_rng(3)
    records = [
        synthetic_record("early", rng, p=200.0, s=400.0, metadata={"source_id": "a"}),
        synthetic_record("late", rng, p=1200.0, s=1900.0, metadata={"source_id": "b"}),
        synthetic_record("n", rng, p=None, s=None, category="noise"),
    ]
    windows = collect_windows(records, SEED.window_samples)
    extra = pre_p_noise(windows, np.arange(3))
    assert len(extra) == 1 and extra.kinds == [PRE_P] and extra.record_ids == ["mem#late~pre-P"]
    assert extra.event_ids == ["event:b"] and not extra.is_earthquake.any() and extra.s_samples[0].size == 0
    np.testing.assert_array_equal(extra.waveforms[0], pad_to(windows.waveforms[1][:, 150:1150], 6000))
