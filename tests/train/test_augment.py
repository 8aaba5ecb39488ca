import numpy as np

from eqviewer.train.augment import AugmentSettings, augment
from eqviewer.train.targets import pick_target
from tests.train.synthetic import synthetic_record


def _window(seed=0):
    record = synthetic_record("a", np.random.default_rng(seed), p=800.0, s=1500.0)
    return record.data, np.array([800.0]), np.array([1500.0])


def test_off_settings_leave_the_window_unchanged():
    data, p, s = _window()
    out, p2, s2 = augment(data, p, s, AugmentSettings.off(), np.random.default_rng(0))
    np.testing.assert_array_equal(out, data)
    np.testing.assert_array_equal(p2, p)
    np.testing.assert_array_equal(s2, s)


def test_shift_moves_labels_with_the_samples_and_spreads_p():
    data, p, s = _window()
    settings = AugmentSettings(shift_probability=1.0, scale_probability=0, flip_probability=0,
                               noise_probability=0, drop_probability=0)
    rng = np.random.default_rng(1)
    positions = []
    for _ in range(50):
        out, p2, s2 = augment(data, p, s, settings, rng)
        shift = int(p2[0] - p[0])
        np.testing.assert_array_equal(out, np.roll(data, shift, axis=1))
        assert s2[0] - p2[0] == 700.0
        assert settings.p_range[0] <= p2[0] <= settings.p_range[1] and s2[0] < 6000 - settings.edge
        positions.append(p2[0])
    assert np.ptp(positions) > 1500  # P no longer sits at one sample
    # the burst follows the label: the target peak still marks the energy onset
    assert int(np.argmax(pick_target(p2, 6000))) == int(p2[0])


def test_flip_scale_drop_and_noise_do_what_they_say():
    data, p, s = _window()
    rng = np.random.default_rng(2)
    flip = AugmentSettings(**{**AugmentSettings.off().__dict__, "flip_probability": 1.0})
    np.testing.assert_array_equal(augment(data, p, s, flip, rng)[0], -data)
    scale = AugmentSettings(**{**AugmentSettings.off().__dict__, "scale_probability": 1.0})
    out = augment(data, p, s, scale, rng)[0]
    ratio = out / data
    assert np.allclose(ratio, ratio.flat[0], rtol=1e-4) and 0.1 <= ratio.flat[0] <= 10
    drop = AugmentSettings(**{**AugmentSettings.off().__dict__, "drop_probability": 1.0})
    out = augment(data, p, s, drop, rng)[0]
    assert out[0].any() and (not out[1].any() or not out[2].any())
    noisy = AugmentSettings(**{**AugmentSettings.off().__dict__, "noise_probability": 1.0})
    bank = np.random.default_rng(3).standard_normal((4, 3, 6000)).astype(np.float32) * 1000
    out = augment(data, p, s, noisy, rng, noise_bank=bank)[0]
    added = (out - data)[:, :800].std(axis=1)
    pre = data[:, :800].std(axis=1)
    assert np.all(added > 0.3 * pre) and np.all(added < 5 * pre)  # scaled to the window's own noise level
    assert data.dtype == np.float32 and not np.shares_memory(out, data)
