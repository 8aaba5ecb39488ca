import numpy as np
from obspy import UTCDateTime

from eqviewer.detect.windows import MIN_DATA, pad_to
from eqviewer.labels import Pick
from eqviewer.model.descriptor import SEED
from eqviewer.train.windows import (
    NOISE_RECORD,
    PRE_P,
    REJECTED_PICK,
    SPECTRAL_PRE_P,
    collect_windows,
    event_key,
    group_by_p_time,
    windows_from_record,
)
from tests.train.synthetic import synthetic_record

WINDOW = SEED.window_samples


def test_event_key_prefers_event_id_then_origin_time():
    assert event_key({"source_id": "8556349", "source_origin_time": "2006-07-23"}) == "event:8556349"
    assert event_key({"source_id": "None", "source_origin_time": "2006-07-23 15:58"}) == "origin:2006-07-23 15:58"
    assert event_key({"source_id": float("nan")}) is None
    assert event_key({}) is None


def test_window_of_exact_length_keeps_picks_and_class():
    rng = np.random.default_rng(0)
    (w,) = windows_from_record(synthetic_record("a", rng, p=812.5, s=1500.0), WINDOW)
    assert w.data.shape == (3, WINDOW) and w.is_earthquake
    np.testing.assert_allclose(w.p, [812.5])
    np.testing.assert_allclose(w.s, [1500.0])


def test_long_record_gives_one_window_per_p_with_lead():
    rng = np.random.default_rng(1)
    record = synthetic_record("long", rng, n=20000, p=9000.0, s=9700.0)
    (w,) = windows_from_record(record, WINDOW, lead=1000)
    np.testing.assert_allclose(w.p, [1000.0])
    np.testing.assert_allclose(w.s, [1700.0])
    np.testing.assert_array_equal(w.data, record.data[:, 8000:14000])


def test_unreviewed_tiny_and_unsure_records_give_no_windows():
    rng = np.random.default_rng(2)
    assert windows_from_record(synthetic_record("auto", rng, category=None, status="automatic"), WINDOW) == []
    assert windows_from_record(synthetic_record("tiny", rng, n=MIN_DATA - 1, p=None, s=None, category="noise"),
                               WINDOW) == []
    assert windows_from_record(synthetic_record("unsure", rng, category="unsure"), WINDOW) == []


def test_short_records_are_padded_as_detection_pads_them():
    rng = np.random.default_rng(5)
    noise = synthetic_record("n29", rng, n=2900, p=None, s=None, category="noise")
    (w,) = windows_from_record(noise, WINDOW)
    assert w.data.shape == (3, WINDOW) and not w.is_earthquake and w.kind == NOISE_RECORD
    np.testing.assert_array_equal(w.data, pad_to(noise.data, WINDOW))
    (q,) = windows_from_record(synthetic_record("q30", rng, n=3000, p=500, s=900), WINDOW)
    assert q.is_earthquake and q.data.shape == (3, WINDOW)
    np.testing.assert_allclose(q.p, [500.0])


def test_rejected_picks_clear_of_reviewed_ones_give_hard_negatives():
    rng = np.random.default_rng(6)
    record = synthetic_record("day", rng, n=40000, p=9000.0, s=9700.0)
    rejected = [record.time_of(sample) for sample in (9300.0, 25000.0, 25500.0, 33000.0)]
    record.labels += [Pick(record.station_id, "P", t, status="rejected") for t in rejected]
    windows = windows_from_record(record, WINDOW, lead=1000)
    negatives = [w for w in windows if w.kind == REJECTED_PICK]
    # 9300 lies in the earthquake's window, 25500 in the one of 25000: two hard negatives
    assert [int(w.record_id.split("@")[1]) for w in negatives] == [24000, 32000]
    assert all(not w.is_earthquake and w.p.size == 0 and w.s.size == 0 for w in negatives)
    np.testing.assert_array_equal(negatives[0].data, record.data[:, 24000:30000])
    only_rejected = synthetic_record("r", rng, n=8000, p=None, s=None, category=None)
    only_rejected.labels = [Pick(only_rejected.station_id, "S", only_rejected.time_of(3000.0), status="rejected")]
    (w,) = windows_from_record(only_rejected, WINDOW)
    assert w.kind == REJECTED_PICK and not w.is_earthquake


def test_counts_by_class_and_kind():
    rng = np.random.default_rng(7)
    records = [synthetic_record("e", rng), synthetic_record("n", rng, p=None, s=None, category="noise")]
    windows = collect_windows(records, WINDOW)
    assert windows.counts() == {"earthquake": 1, "noise": 1, NOISE_RECORD: 1, REJECTED_PICK: 0, PRE_P: 0,
                                SPECTRAL_PRE_P: 0}
    assert windows.counts([1])["earthquake"] == 0


def test_long_noise_record_is_cut_into_consecutive_windows():
    rng = np.random.default_rng(3)
    windows = windows_from_record(synthetic_record("n", rng, n=13000, p=None, s=None, category="noise"), WINDOW)
    assert len(windows) == 2 and not any(w.is_earthquake for w in windows)
    assert all(w.p.size == 0 and w.s.size == 0 for w in windows)


def test_group_by_p_time_joins_close_arrivals_only():
    assert group_by_p_time([0.0, 20.0, 500.0, None, 530.0]) == [0, 0, 1, None, 1]


def test_collect_windows_assigns_event_ids_from_metadata_or_p_time():
    rng = np.random.default_rng(4)
    t0 = UTCDateTime(2021, 5, 1)
    records = [
        synthetic_record("m1", rng, metadata={"source_id": "ev1"}),
        synthetic_record("m2", rng, metadata={"source_id": "ev1"}),
        synthetic_record("x1", rng, start=t0),
        synthetic_record("x2", rng, start=t0 + 12),  # same event seen at another station 12 s later
        synthetic_record("x3", rng, start=t0 + 3600),
        synthetic_record("n1", rng, p=None, s=None, category="noise"),
    ]
    seen = []
    windows = collect_windows(records, WINDOW, progress=seen.append)
    assert seen == [1, 2, 3, 4, 5, 6]
    ids = windows.event_ids
    assert ids[0] == ids[1] == "event:ev1"
    assert ids[2] == ids[3] != ids[4]
    assert ids[5] == "record:mem#n1"
    assert windows.waveforms.shape == (6, 3, WINDOW) and windows.n_noise == 1
