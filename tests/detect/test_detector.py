"""The engine with a stand-in model (tests/detect/conftest.py); the real seed model is in test_end_to_end.py."""

import numpy as np
import pytest
from obspy import UTCDateTime

from eqviewer.detect import DetectSettings, Detector
from eqviewer.detect.annotations import DETECTION_CURVE
from eqviewer.detect.archive import detect_source
from eqviewer.model.descriptor import SEED
from eqviewer.io.record import ItemRef, Record

START = UTCDateTime("2024-01-01T00:00:00")


def make_record(n, p_onsets=(), s_onsets=(), key="rec"):
    data = np.random.default_rng(0).normal(0, 1, (3, n)).astype(np.float32)
    for onset in p_onsets:
        data[0, onset] = 500.0
    for onset in s_onsets:
        data[1, onset] = 500.0
    return Record(data=data, start=START, station_id="XX.STA..HH", ref=ItemRef("/data/x.mseed", key))


@pytest.mark.parametrize("onset", [150, 5_321, 6_789, 13_000, 24_444, 29_999, 35_555])
def test_an_event_is_found_wherever_it_sits(impulse_model, onset):
    record = make_record(42_000, p_onsets=[onset], s_onsets=[onset + 1500])
    ann = Detector(impulse_model).run(record)
    p = [pick for pick in ann.picks if pick.phase == "P"]
    s = [pick for pick in ann.picks if pick.phase == "S"]
    assert len(p) == 1 and abs(p[0].time - (START + onset / 100)) < 0.02
    assert p[0].probability > 0.85  # seen where the stand-in pickers see P best
    assert len(s) == 1 and abs(s[0].time - (START + (onset + 1500) / 100)) < 0.02
    assert p[0].status == "automatic" and p[0].model == "impulse:test" and p[0].record == "/data/x.mseed#rec"
    assert 0.2 < p[0].uncertainty_s < 0.3  # half-height width of a sigma-0.1 s Gaussian: 0.235 s
    assert ann.curves["P"].shape == (42_000,)
    assert len(ann.detections) == 1 and ann.detections[0].picks


@pytest.mark.parametrize("source", ["classifier", "pickers"])
def test_the_detection_curve_rises_where_the_windows_holding_the_onset_are_centred(impulse_model, source):
    """The classifier network's window scores, or the pick detection's (the stand-in's weights give 0.95 where
    its P curve peaks at 0.9 and 0.047 where it is flat), drawn at the window centres."""
    onset = 30_700  # off the window grid: a window ending right at it would see its P peak rise
    ann = Detector(impulse_model, DetectSettings(detection=source)).run(make_record(60_000, p_onsets=[onset]))
    high, low = (0.9, 0.1) if source == "classifier" else (0.95, 0.047)
    det = ann.curves[DETECTION_CURVE]
    stride, half = 1_500, SEED.window_samples // 2  # windows every 15 s
    holding = [s for s in range(0, 60_000, stride) if s <= onset < s + SEED.window_samples]
    first, last = holding[0] + half, holding[-1] + half  # centres of the first and last window holding the onset
    assert np.allclose(det[first : last + 1], high, atol=0.01)
    assert np.isclose(det[first - stride], low, atol=0.01) and np.isclose(det[last + stride], low, atol=0.01)
    assert first - stride <= onset - half and last <= onset + half  # not a whole window early or late
    assert np.isclose(det[first - stride // 2], (high + low) / 2, atol=0.01)  # linear between window centres
    assert len(ann.detections) == 1 and ann.detections[0].picks


def test_at_a_stride_too_long_for_the_p_prior_the_event_is_weak(impulse_model):
    record = make_record(42_000, p_onsets=[13_000])
    ann = Detector(impulse_model, DetectSettings(stride_s=30, s_stride_s=30)).run(record)
    assert ann.curves["P"].max() < 0.5 and not ann.picks


def test_short_record_is_padded_and_masked(impulse_model):
    record = make_record(2_500, p_onsets=[700])
    ann = Detector(impulse_model).run(record)
    assert all(curve.shape == (2_500,) for curve in ann.curves.values())
    assert [round((p.time - START) * 100) for p in ann.picks] == [700]
    assert ann.n_windows == 3  # windows start 0, 8 and 16 s in, each holding at least a second of the record


def test_noise_gives_no_picks_and_no_detections(impulse_model):
    ann = Detector(impulse_model).run(make_record(30_000))
    assert ann.picks == [] and ann.detections == []
    assert ann.n_windows == ann.n_windows_total == 38  # every 8 s, the last one holding the last 1-8 s
    picker_calls = {networks: n for n, networks in impulse_model.calls if networks != ("classifier",)}
    assert picker_calls == {("p", "s"): 19, ("p",): 19}  # S on every second window


def test_cascade_runs_few_windows_and_finds_the_same_picks(impulse_model):
    n = 360_000  # one hour
    onsets = [50_000, 200_123]
    record = make_record(n, p_onsets=onsets, s_onsets=[o + 2000 for o in onsets])
    for onset in onsets:  # a real signal for STA/LTA: a decaying burst after each onset
        burst = 20 * np.exp(-np.arange(3000) / 600.0) * np.random.default_rng(onset).standard_normal(3000)
        record.data[:, onset + 1 : onset + 3001] += burst.astype(np.float32)
    full = Detector(impulse_model).run(record)
    fast = Detector(impulse_model, DetectSettings(cascade=True, first_pass="stalta")).run(record)
    assert fast.info["first_pass"] == "stalta"
    assert fast.n_windows < 0.1 * full.n_windows
    key = lambda ann: [(p.phase, round((p.time - START) * 100)) for p in ann.picks]
    assert key(fast) == key(full)
    assert sorted(key(full)) == sorted([("P", o) for o in onsets] + [("S", o + 2000) for o in onsets])


def test_cascade_runs_the_windows_stalta_cannot_judge_at_the_record_start(impulse_model):
    """Over a record's first LTA length (10 s) STA/LTA cannot trigger: an event file with P 6 s in keeps its P."""
    record = make_record(6_000, p_onsets=[600])
    burst = 20 * np.exp(-np.arange(3000) / 600.0) * np.random.default_rng(1).standard_normal(3000)
    record.data[:, 601:3601] += burst.astype(np.float32)
    ann = Detector(impulse_model, DetectSettings(cascade=True, first_pass="stalta")).run(record)
    assert [(p.phase, round((p.time - START) * 100)) for p in ann.picks] == [("P", 600)]
    assert ann.n_windows == 2  # the windows starting 0 and 8 s in; the later ones are judged by STA/LTA


def test_auto_first_pass_prefers_stalta_when_the_classifier_flags_noise(impulse_model):
    record = make_record(200_000, p_onsets=[100_000])
    record.data[2, ::997] = 300.0  # spikes everywhere: the stand-in classifier calls every window an earthquake
    ann = Detector(impulse_model, DetectSettings(cascade=True)).run(record)
    assert ann.info["first_pass"] == "stalta"


def test_cancel_keeps_what_is_done(impulse_model):
    record = make_record(400_000, p_onsets=[10_000, 390_000])
    calls = []
    ann = Detector(impulse_model, DetectSettings(chunk_windows=8)).run(
        record, progress=lambda done, total: calls.append((done, total)), cancel=lambda: len(calls) >= 2
    )
    assert ann.info["cancelled"] and ann.n_windows == 16
    assert [round((p.time - START) * 100) for p in ann.picks] == [10_000]


class ListSource:
    """A minimal io source over one in-memory record (the engine only needs items() and read())."""

    def __init__(self, record):
        from eqviewer.io.source import Item

        self.record = record
        self.item = Item("rec", record.station_id, record.start, 100.0, record.n_samples)
        self.reads = []

    def items(self):
        return [self.item]

    def read(self, item, starttime=None, endtime=None):
        first = 0 if starttime is None else max(0, int(round((starttime - self.record.start) * 100)))
        end = self.record.n_samples if endtime is None else int(round((endtime - self.record.start) * 100)) + 1
        self.reads.append(end - first)
        return Record(self.record.data[:, first:end], self.record.start + first / 100, self.record.station_id,
                      self.record.ref)


def test_slices_give_the_same_picks_as_the_whole_record(impulse_model):
    onsets = [3_000, 359_990, 360_010, 500_000, 719_950]
    record = make_record(720_000, p_onsets=onsets)
    whole = Detector(impulse_model).run(record)
    source = ListSource(record)
    parts = list(detect_source(source, Detector(impulse_model), slice_s=1800))
    assert len(parts) == 4 and max(source.reads) < 200_000
    times = lambda picks: [(p.phase, round((p.time - START) * 100)) for p in picks]
    assert times([p for ann in parts for p in ann.picks]) == times(whole.picks)
    assert len(whole.picks) == 4  # 359_990 and 360_010 are closer than the minimum separation
    assert times(whole.picks)[-1] == ("P", 719_950)  # 0.5 s before the record's end


@pytest.mark.parametrize("onset", [300, 2_500, 5_000, 5_950])
def test_in_a_record_of_a_minute_or_less_p_is_found_wherever_it_sits(impulse_model, onset):
    """Windows slide over short records too (padded past the end), so a P late in an event file is seen 1-9 s
    into some window, where the pickers see P best."""
    for n in (6_000, onset + 200):
        ann = Detector(impulse_model).run(make_record(n, p_onsets=[onset]))
        (p,) = [pick for pick in ann.picks if pick.phase == "P"]
        assert abs(p.time - (START + onset / 100)) < 0.02 and p.probability > 0.85
        assert all(curve.shape == (n,) for curve in ann.curves.values())


def test_no_picks_in_the_first_seconds_of_a_record_only(impulse_model):
    """A record's start (often tapered in windowed archives) reads as an onset: nothing is picked in its first
    ``record_start_s``; the same onset later in a record, or 1 s into a later time slice, is picked."""
    assert not Detector(impulse_model).run(make_record(6_000, p_onsets=[120])).picks
    assert [p.phase for p in Detector(impulse_model, DetectSettings(record_start_s=0)).run(
        make_record(6_000, p_onsets=[120])).picks] == ["P"]
    record = make_record(20_000, p_onsets=[8_120])
    part = Detector(impulse_model).run_slice(
        Record(record.data[:, 8_000:], record.start + 80, record.station_id, record.ref), 8_000, True, (0, 12_000))
    assert [round((p.time - record.start) * 100) for p in part.picks] == [8_120]


@pytest.mark.parametrize("source", ["classifier", "pickers"])
def test_run_many_pools_the_windows_of_short_records_and_gives_the_same_annotations(impulse_model, source):
    records = [make_record(6000, p_onsets=[300 + 700 * i], s_onsets=[2000 + 500 * i], key=f"r{i}") for i in range(5)]
    records += [make_record(4000, p_onsets=[3500], key="short"), make_record(500, key="tiny")]
    detector = Detector(impulse_model, DetectSettings(detection=source))
    one_by_one = [detector.run(record) for record in records]
    impulse_model.calls.clear()
    pooled = detector.run_many(records)
    # one call per network combination and span setting (the tiny record's lone window keeps whole curves); the
    # classifier network runs only when P(eq) comes from it
    classifier = [("classifier",)] if source == "classifier" else []
    assert sorted(networks for _, networks in impulse_model.calls) == [*classifier, ("p",), ("p", "s"), ("p", "s")]
    assert sum(n for n, _ in impulse_model.calls) == sum(a.n_windows for a in one_by_one) + (sum(
        len(detector._grid(record, 0, True).cls_starts) for record in records) if classifier else 0)
    for a, b in zip(one_by_one, pooled):
        assert a.record == b.record and a.n_windows == b.n_windows
        assert [(p.phase, p.time, p.probability) for p in a.picks] == [(p.phase, p.time, p.probability) for p in b.picks]
        for name in ("det", "P", "S"):
            assert np.array_equal(a.curves[name], b.curves[name])
    assert sum(len(a.picks) for a in pooled) == 11  # every planted P and S


def test_attention_maps_are_stitched_on_the_record_time_axis(impulse_model):
    record = make_record(20_000, p_onsets=[9_000])
    ann = Detector(impulse_model, DetectSettings(attention=True)).run(record)
    attention = ann.curves["att:p_att1"]
    assert attention.shape == (20_000,)
    assert abs(int(np.argmax(attention)) - 9_000) <= 4  # the stand-in's map peaks where its P curve does


def test_pickers_are_asked_for_the_leading_part_of_long_records_only(impulse_model):
    """Spans: P curves over the first stride + 12 s (20 s), S over 28 s; a lone window (a record under 9 s) keeps
    its whole curves; the picks equal those from whole curves."""
    record = make_record(42_000, p_onsets=[5_321, 24_444], s_onsets=[6_821, 25_944])
    ann = Detector(impulse_model).run(record)
    assert {frozenset(s.items()) for s in impulse_model.spans if s} == {frozenset({"p": 2000, "s": 2800}.items())}
    whole = Detector(impulse_model, DetectSettings(span_margin_s=60)).run(record)
    assert impulse_model.spans[-1] == {"p": SEED.window_samples, "s": SEED.window_samples}
    assert [(p.phase, p.time, p.probability) for p in ann.picks] == [(p.phase, p.time, p.probability) for p in whole.picks]
    assert len(ann.picks) == 4
    Detector(impulse_model).run(make_record(800, p_onsets=[700]))
    assert impulse_model.spans[-1] is None


def test_the_cascade_keeps_the_whole_s_curve(impulse_model):
    Detector(impulse_model, DetectSettings(cascade=True, first_pass="stalta")).run(make_record(42_000, p_onsets=[13_000]))
    assert all(s == {"p": 2000} for s in impulse_model.spans if s)
