"""Every dataset in ../shared/data and ObsPy's example record, read through open_archive."""

from __future__ import annotations

import csv

import h5py
import numpy as np
import obspy
import pytest

from eqviewer.io import open_archive, stream_to_record
from eqviewer.io.record import FLAG_RESAMPLED, ItemRef


def test_stead_eqt50_counts_order_and_picks(shared_data):
    path = shared_data / "stead_eqt50"
    with open_archive(path) as source:
        summary = source.summary()
        assert (summary["format"], summary["n_traces"], summary["n_earthquake"]) == ("stead_hdf5", 50, 50)
        assert (summary["n_with_p"], summary["n_with_s"], summary["n_noise"]) == (50, 50, 0)
        assert summary["stations"] == ["TA.109C..BH"]
        statuses = [p.status for item in source.items() for p in item.labels if p.phase == "S"]
        assert statuses.count("automatic") == 1 and statuses.count("manual") == 49
        item = source.items()[0]
        record = source.read(item)
        with h5py.File(path / "waveforms.hdf5", "r") as handle:
            dataset = handle[item.key]
            raw = dataset[()]
            p_sample = float(dataset.attrs["p_arrival_sample"])
            start = obspy.UTCDateTime(dataset.attrs["trace_start_time"])
        # STEAD stores E, N, Z: the record is Z, N, E.
        assert record.data.dtype == np.float32 and record.data.shape == (3, 6000)
        np.testing.assert_array_equal(record.data, raw[:, ::-1].T)
        assert record.start == start and record.flags == set()
        p_pick = next(p for p in record.labels if p.phase == "P")
        assert p_pick.time == start + p_sample / 100 and p_pick.record == str(record.ref)
        assert str(record.ref) == f"{path / 'waveforms.hdf5'}#{item.key}"


def test_obstransformer56_counts_and_fractional_csv_picks(shared_data):
    path = shared_data / "obstransformer56" / "sample.hdf5"
    with open(path.with_suffix(".csv"), newline="") as handle:
        rows = {row["trace_name"]: row for row in csv.DictReader(handle)}
    with open_archive(path) as source:
        summary = source.summary()
        assert (summary["n_traces"], summary["n_earthquake"], summary["n_noise"]) == (56, 37, 19)
        assert summary["n_with_p"] == 37 and len(summary["stations"]) == 50
        item = source.item("data/D03.ZD_20080729152752_EV")
        p_sample = float(rows["D03.ZD_20080729152752_EV"]["p_arrival_sample"])
        assert p_sample % 1 != 0  # the CSV keeps the fractional sample the attributes round
        assert next(p for p in item.labels if p.phase == "P").time == item.start + p_sample / 100
        noise = [i for i in source.items() if i.category == "noise"]
        assert all(not i.labels for i in noise)
        # '04/07/2011 5:23' in the file: the start comes from the trace name, to the second.
        assert source.item("data/304.ZF_20110704052318_NO").start == obspy.UTCDateTime("2011-07-04T05:23:18")
        record = source.read(item)
        with h5py.File(path, "r") as handle:
            raw = handle[item.key][()]
        np.testing.assert_array_equal(record.data[0], raw[:, 2])  # EqT convention E, N, Z


def test_seisbench_dummy100_is_resampled_from_20_hz(shared_data):
    path = shared_data / "seisbench_dummy100"
    with open_archive(path) as source:
        summary = source.summary()
        assert (summary["format"], summary["n_traces"], summary["sampling_rates_hz"]) == ("seisbench", 100, [20.0])
        assert summary["n_with_p"] == 0 and any("resampled" in w for w in summary["warnings"])
        splits = [item.extra["split"] for item in source.items()]
        assert (splits.count("train"), splits.count("dev"), splits.count("test")) == (60, 10, 30)
        item = source.items()[61]
        record = source.read(item)
        with h5py.File(path / "waveforms.hdf5", "r") as handle:
            raw = handle["data/bucket1"][1]
        assert item.key == "bucket1$1,:3,:1200"
        assert FLAG_RESAMPLED in record.flags and record.data.shape == (3, 5 * (1200 - 1) + 1)
        # Same time span; every 5th sample falls on an original sample (ZNE stored, ZNE read).
        np.testing.assert_allclose(record.data[:, ::5], raw, rtol=1e-5, atol=1e-3)


def test_seisbench_obs1_mseed_is_one_station_with_hydrophone_listed(shared_data):
    with open_archive(shared_data / "seisbench_obs1_mseed") as source:
        summary = source.summary()
        assert (summary["format"], summary["n_traces"], summary["stations"]) == ("mseed", 1, ["IQ.OBS1..HH"])
        assert summary["unused_channels"] == ["IQ.OBS1..HHH"]
        record = source.read(source.items()[0])
    raw = obspy.read(str(shared_data / "seisbench_obs1_mseed" / "OBS1.IQ.HHZ..D.2016.185.225026"))[0]
    assert record.metadata["channels"] == {"Z": "HHZ", "N": "HHN", "E": "HHE"}
    assert FLAG_RESAMPLED in record.flags and record.n_samples == 2 * (raw.stats.npts - 1) + 1
    np.testing.assert_allclose(record.data[0, ::2], raw.data, rtol=1e-5)


def test_eqt_unlabelled_whar10(shared_data):
    with open_archive(shared_data / "eqt_unlabelled_whar10") as source:
        summary = source.summary()
        assert (summary["n_traces"], summary["n_unlabelled"], summary["stations"]) == (10, 10, ["AG.WHAR..HH"])
        assert summary["start"] == "2010-08-01T00:58:56.940000Z"


def test_obspy_example_stream_to_record():
    stream = obspy.read()
    record = stream_to_record(stream, ItemRef("obspy-example", "BW.RJOB..EH"))
    assert record.station_id == "BW.RJOB..EH" and record.data.shape == (3, 3000)
    for row, channel in enumerate(("EHZ", "EHN", "EHE")):
        np.testing.assert_allclose(record.data[row], stream.select(channel=channel)[0].data, rtol=1e-6)
    assert record.start == stream[0].stats.starttime


@pytest.mark.parametrize("time_slice", [(10.0, 20.0)])
def test_time_slice_of_hdf5_item(shared_data, time_slice):
    with open_archive(shared_data / "stead_eqt50") as source:
        item = source.items()[0]
        full = source.read(item)
        part = source.read(item, item.start + time_slice[0], item.start + time_slice[1])
    assert part.start == item.start + time_slice[0] and part.n_samples == 1001
    np.testing.assert_array_equal(part.data, full.data[:, 1000:2001])
    assert all(part.start <= p.time <= part.end for p in part.labels)
