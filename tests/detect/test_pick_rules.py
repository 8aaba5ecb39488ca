"""The false-pick rules: P-S pairing and the signal-to-noise ratio at a pick, alone and in the detector."""

import numpy as np
import pytest
from obspy import UTCDateTime

from eqviewer.detect import DetectSettings, Detector
from eqviewer.detect.pick_rules import paired, snr_at
from eqviewer.io.record import ItemRef, Record


def test_pairing_needs_an_s_after_the_p_within_the_limit():
    p_ok, s_ok = paired(np.array([10.0, 100.0, 300.0]), np.array([25.0, 99.0, 500.0]), 60.0)
    assert p_ok.tolist() == [True, False, False]  # 99 s is before 100 s; 500 s is 200 s after 300 s
    assert s_ok.tolist() == [True, False, False]
    p_ok, s_ok = paired(np.array([]), np.array([5.0]), 60.0)
    assert p_ok.size == 0 and s_ok.tolist() == [False]


def test_snr_is_high_at_an_onset_and_near_one_on_noise():
    rng = np.random.default_rng(0)
    data = rng.normal(0, 1, (3, 6000)).astype(np.float32)
    data[:, 3000:3300] += 10 * rng.normal(0, 1, (3, 300)).astype(np.float32)
    ratio = snr_at(data, np.array([3000, 1500, 10]), 100.0)
    assert ratio[0] > 30 and 0.5 < ratio[1] < 2 and ratio[2] == np.inf  # no noise before the record's start


def _record(p_onsets, s_onsets):
    data = np.random.default_rng(1).normal(0, 1, (3, 30_000)).astype(np.float32)
    for onset in p_onsets:
        data[0, onset] = 500.0
    for onset in s_onsets:
        data[1, onset] = 500.0
    return Record(data, UTCDateTime(2024, 1, 1), "XX.STA..HH", ItemRef("mem", "r"))


@pytest.mark.parametrize("pair_s", [False, True])
def test_the_detector_drops_unpaired_picks(impulse_model, pair_s):
    record = _record(p_onsets=[5_000, 20_000], s_onsets=[6_000, 27_000])  # the second S comes 70 s after its P
    settings = DetectSettings(pair_within_s=60.0, pair_s=pair_s, pick_min_detection=0.0)  # the pairing rule alone
    picks = [(p.phase, round((p.time - record.start) * 100)) for p in Detector(impulse_model, settings).run(record).picks]
    expected = [("P", 5_000), ("S", 6_000)] + ([] if pair_s else [("S", 27_000)])
    assert picks == expected
    everything = Detector(impulse_model, DetectSettings(p_min_snr=0.0, s_min_snr=0.0, pick_min_detection=0.0)).run(
        record).picks
    assert len(everything) == 4


def test_the_detector_drops_picks_without_energy_rise(impulse_model):
    # loud noise (the stand-in model ignores anything under 100), two P impulses, a burst on E after the second only
    data = np.clip(np.random.default_rng(2).normal(0, 60, (3, 30_000)), -90, 90).astype(np.float32)
    data[0, [5_000, 20_000]] = 500.0
    data[2, 20_000:20_200] *= 30
    record = Record(data, UTCDateTime(2024, 1, 1), "XX.STA..HH", ItemRef("mem", "r"))
    picks = Detector(impulse_model, DetectSettings(p_min_snr=2.0, snr_exempt_probability=1.0)).run(record).picks
    assert [round((p.time - record.start) * 100) for p in picks] == [20_000]
    assert len(Detector(impulse_model, DetectSettings(p_min_snr=0.0)).run(record).picks) == 2
    # a pick the picker is sure of (the stand-in's 0.9) is kept whatever its SNR
    sure = Detector(impulse_model, DetectSettings(p_min_snr=2.0, snr_exempt_probability=0.85)).run(record).picks
    assert [round((p.time - record.start) * 100) for p in sure] == [5_000, 20_000]
    assert all(p.probability >= 0.85 for p in sure)
