"""The detection probability from the pickers: what its features measure, that the gain does not change it, and that
the detector uses it (and the classifier network only when asked)."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.detect import (
    DETECTION_CURVE, PICK_DETECTION_FEATURES, Detector, DetectSettings, PickDetectionWeights, window_features,
)
from eqviewer.detect.pick_detection import DEFAULT_WEIGHTS, LOG_SNR_RANGE
from eqviewer.io.record import ItemRef, Record
from obspy import UTCDateTime

RATE = 100.0
N = 6000


def gaussian(peak: int, height: float) -> np.ndarray:
    t = np.arange(N)
    return (height * np.exp(-((t - peak) ** 2) / 200.0)).astype(np.float32)


def noise(seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((3, N)).astype(np.float32)


def event(seed: int = 1, p: int = 1500, s: int = 2500) -> np.ndarray:
    """Noise with a P onset (a 10 Hz wave decaying over seconds) and a larger S: lasting energy after each."""
    data = noise(seed)
    t = np.arange(N) / RATE
    for onset, size in ((p, 8.0), (s, 20.0)):
        after = np.clip(t - onset / RATE, 0, None)
        wave = size * np.sin(2 * np.pi * 10 * after) * np.exp(-after / 3.0) * (t >= onset / RATE)
        data += wave[None, :].astype(np.float32)
    return data


def test_features_tell_an_earthquake_from_a_spike_and_from_noise():
    curves = gaussian(1500, 0.9), gaussian(2500, 0.7)
    quake = window_features(*curves, event(), np.array([0]), N, RATE)[0]
    spike_data = noise()
    spike_data[0, 1500] += 400.0
    spike = window_features(*curves, spike_data, np.array([0]), N, RATE)[0]
    quiet = window_features(gaussian(1500, 0.15), gaussian(2500, 0.1), noise(), np.array([0]), N, RATE)[0]
    names = dict(zip(PICK_DETECTION_FEATURES, range(len(PICK_DETECTION_FEATURES))))
    assert quake[names["p_max"]] == pytest.approx(0.9, abs=1e-3)
    assert quake[names["s_after_p"]] == pytest.approx(0.7, abs=1e-3)
    assert quake[names["log_snr_p"]] > 1 and quake[names["log_snr_sustained"]] > 1 and quake[names["log_snr_s"]] > 0.3
    assert spike[names["log_snr_p"]] > 1 > spike[names["log_snr_sustained"]] + 0.7  # energy in the first second only
    assert abs(quiet[names["log_snr_p"]]) < 0.3
    probability = DEFAULT_WEIGHTS.probability(np.stack([quake, spike, quiet]))
    assert probability[0] > 0.9 and probability[1] < 0.5 and probability[2] < 0.1


def test_the_gain_does_not_change_the_probability():
    curves = gaussian(1500, 0.8), gaussian(2500, 0.6)
    data = event(seed=3)
    starts = np.array([0, 1500])
    at_one = window_features(*curves, data, starts, N, RATE)
    for gain in (1e-6, 1e3, 1e6):
        assert np.allclose(window_features(*curves, data * gain, starts, N, RATE), at_one, atol=1e-4)


def test_windows_beyond_the_record_and_flat_records_give_the_lowest_features():
    flat = np.zeros((3, N), np.float32)
    features = window_features(np.zeros(N), np.zeros(N), flat, np.array([0, N + 10]), N, RATE)
    assert np.all(features[:, 0] == 0) and np.all(features[1, [1, 3, 4]] == LOG_SNR_RANGE[0])
    assert np.all(np.isfinite(features)) and np.all(features[:, [1, 3, 4]] >= LOG_SNR_RANGE[0])


def test_weights_from_a_models_metadata_and_their_checks():
    stored = {"pick_detection": {"intercept": -1.0, "coefficients": [1, 2, 3, 4, 5]}}
    weights = PickDetectionWeights.from_metadata(stored)
    assert weights == PickDetectionWeights(-1.0, (1.0, 2.0, 3.0, 4.0, 5.0))
    assert PickDetectionWeights.from_metadata({"pick_detection": weights.as_dict()}) == weights
    for broken in ({}, {"pick_detection": "x"}, {"pick_detection": {"intercept": 1}},
                   {"pick_detection": {"intercept": 0, "coefficients": [1, 2]}}, None):
        assert PickDetectionWeights.from_metadata(broken) == DEFAULT_WEIGHTS
    with pytest.raises(ValueError, match="5 finite coefficients"):
        PickDetectionWeights(0.0, (1.0, float("nan"), 0.0, 0.0, 0.0))


def test_settings_name_where_p_eq_comes_from():
    assert DetectSettings().detection == "pickers"
    with pytest.raises(ValueError, match="detection must come from one of pickers, classifier"):
        DetectSettings(detection="stalta")


def test_a_fitted_detection_threshold_applies_only_to_the_p_eq_it_was_fitted_to():
    from eqviewer.model import SEED

    fitted_on_classifier = {"thresholds": {"det": 0.3, "p": 0.4}}
    fitted_on_pickers = {"thresholds": {"det": 0.7, "detection": "pickers"}}
    default = DetectSettings().det_threshold
    assert DetectSettings.for_model(SEED, fitted_on_classifier).det_threshold == default
    assert DetectSettings.for_model(SEED, fitted_on_classifier).p_threshold == 0.4
    assert DetectSettings.for_model(SEED, fitted_on_classifier, detection="classifier").det_threshold == 0.3
    assert DetectSettings.for_model(SEED, fitted_on_pickers).det_threshold == 0.7
    assert DetectSettings.for_model(SEED, fitted_on_pickers, detection="classifier").det_threshold == default


def test_the_detector_does_not_run_the_classifier_network_for_p_eq_from_the_pickers(impulse_model):
    data = np.zeros((3, 30_000), np.float32)
    data[0, 12_000] = 500.0
    record = Record(data, UTCDateTime(2024, 1, 1), "XX.STA..HH", ItemRef("/x", "r"))
    annotations = Detector(impulse_model).run(record)
    assert all("classifier" not in networks for _, networks in impulse_model.calls)
    det = annotations.curves[DETECTION_CURVE]
    assert det.shape == (30_000,) and 0.0 <= det.min() and det.max() <= 1.0
    assert det[12_000] > 0.9 and det[1_000] < 0.1
    assert annotations.info["settings"]["detection"] == "pickers"


def test_picks_are_kept_only_where_p_eq_reaches_the_minimum(impulse_model):
    """A P picked where P(eq) stays under the minimum is dropped (P(eq) 0.35 at the stand-in's P peak with these
    weights)."""
    data = np.zeros((3, 30_000), np.float32)
    data[0, 12_000] = 500.0
    record = Record(data, UTCDateTime(2024, 1, 1), "XX.STA..HH", ItemRef("/x", "r"))
    weak = {"pick_detection": {"intercept": -6.0, "coefficients": [6.0, 0.0, 0.0, 0.0, 0.0]}}  # 0.9 peak: P(eq) 0.35
    impulse_model.metadata = weak
    assert [p.phase for p in Detector(impulse_model, DetectSettings(pick_min_detection=0.0)).run(record).picks] == ["P"]
    assert [p.phase for p in Detector(impulse_model, DetectSettings(pick_min_detection=0.25)).run(record).picks] == ["P"]
    assert Detector(impulse_model, DetectSettings(pick_min_detection=0.4)).run(record).picks == []
    with pytest.raises(ValueError, match=r"the P\(eq\) a pick needs must be in \[0, 1\)"):
        DetectSettings(pick_min_detection=1.0)
