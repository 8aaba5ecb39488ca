"""The detector with the real seed model on real events from ../shared/data embedded in long records."""

import h5py
import numpy as np
import pytest
from obspy import UTCDateTime

from eqviewer.detect import DetectSettings, Detector
from eqviewer.io.record import ItemRef, Record

START = UTCDateTime("2024-03-01T00:00:00")


@pytest.fixture(scope="module")
def seed_model(seed_models_dir):
    from eqviewer.model import SeedModel

    return SeedModel.load(seed_models_dir)


@pytest.fixture(scope="module")
def stead_event(shared_data):
    """A real STEAD event (Z, N, E counts) with its labelled P and S samples."""
    with h5py.File(shared_data / "stead_eqt50" / "waveforms.hdf5", "r") as f:
        group = f["earthquake/local"]
        dataset = group[sorted(group)[1]]
        data = dataset[()][:, ::-1].T.astype(np.float32)  # stored E, N, Z
        return data, float(dataset.attrs["p_arrival_sample"]), float(dataset.attrs["s_arrival_sample"])


def embed(event, positions, n, seed=0):
    """A record of n samples of noise like the event's pre-P noise with the event placed so its P is at each of
    ``positions``."""
    data, p, _ = event
    noise = data[:, : int(p) - 50]
    rng = np.random.default_rng(seed)
    record = (rng.standard_normal((3, n)) * noise.std(1, keepdims=True) + noise.mean(1, keepdims=True)).astype(np.float32)
    ramp = np.clip(np.arange(6000) / 200, 0, 1) * np.clip((5999 - np.arange(6000)) / 200, 0, 1)
    for position in positions:
        first = position - int(p)
        record[:, first : first + 6000] = ramp * data + (1 - ramp) * record[:, first : first + 6000]
    return Record(record, START, "TA.109C..BH", ItemRef("/synthetic.mseed", "TA.109C..BH"))


def test_an_event_is_found_wherever_it_sits_in_a_long_record(seed_model, stead_event):
    _, p, s = stead_event
    positions = [2_050, 13_333, 23_977, 35_501, 46_666]  # every phase of the 8 s window grid
    record = embed(stead_event, positions, 54_000)
    ann = Detector(seed_model).run(record)
    assert ann.curves["P"].shape == (54_000,) and ann.curves["det"].shape == (54_000,)
    for position in positions:
        for phase, onset in (("P", position), ("S", position + s - p)):
            near = [k for k in ann.picks if k.phase == phase and abs(k.time - (START + onset / 100)) < 0.5]
            assert len(near) == 1, (phase, position, [(k.phase, k.time - START) for k in ann.picks])
            assert near[0].probability >= DetectSettings().p_threshold
            assert 0 < near[0].uncertainty_s < 1.0
            assert near[0].model.startswith("seed:")


def test_at_one_window_per_minute_events_late_in_the_window_are_lost(seed_model, stead_event):
    """Why the stride is short: with 60 s windows side by side, a P 40 s into its window is not seen."""
    record = embed(stead_event, [10_000], 18_000)  # 40 s into the window at 60 s
    ann = Detector(seed_model, DetectSettings(stride_s=60, s_stride_s=60)).run(record)
    assert not [k for k in ann.picks if k.phase == "P" and abs(k.time - (START + 100.0)) < 0.5]


def test_cascade_finds_the_same_events(seed_model, stead_event):
    positions = [30_000, 150_000, 250_555]
    record = embed(stead_event, positions, 360_000, seed=1)
    full = Detector(seed_model).run(record)
    fast = Detector(seed_model, DetectSettings(cascade=True, first_pass="stalta")).run(record)
    assert fast.n_windows < 0.2 * full.n_windows
    for ann in (full, fast):
        found = [any(k.phase == "P" and abs(k.time - (START + pos / 100)) < 0.5 for k in ann.picks) for pos in positions]
        assert all(found)


def test_padding_by_mirror_keeps_the_pickers_on_short_traces(seed_model, shared_data):
    """Real STEAD traces cut to 30 s: the pickers find P about as often as on the whole 60 s traces (a flat tail
    made them miss half of them: its constant part shifts the attention gates' window averages)."""
    from eqviewer.io import open_archive

    records, p_samples = [], []
    with open_archive(str(shared_data / "stead_eqt50" / "waveforms.hdf5")) as source:
        for item in source.items():
            record = source.read(item)
            p = next(p.time for p in item.labels if p.phase == "P") - item.start
            records.append(Record(record.data[:, :3000], UTCDateTime(0), record.station_id, ItemRef("/t", item.key)))
            p_samples.append(p * 100.0)
    found = [any(pick.phase == "P" and abs((pick.time - UTCDateTime(0)) * 100.0 - p) < 50 for pick in a.picks)
             for a, p in zip((Detector(seed_model).run(r) for r in records), p_samples)]
    assert np.mean(found) >= 0.8
