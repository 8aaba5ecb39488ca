"""Tiny files that claim absurd headers (rates of zero, infinity or 1/32768 Hz, 10^9 samples, year 9999) are refused
with one ArchiveError that names the file and states the limit, before any sample is read."""

from __future__ import annotations

import csv
import shutil
import struct

import h5py
import numpy as np
import obspy
import pytest
from obspy.io.sac import SACTrace

from eqviewer.errors import ArchiveError
from eqviewer.io import open_archive
from eqviewer.io.limits import MAX_TRACE_SAMPLES, MIN_SAMPLING_RATE_HZ, trace_problem

RECORD = 512


def _mseed_with_rate_fields(path, factor: int, multiplier: int):
    """ObsPy's example as 512-byte MiniSEED records whose header rate factor/multiplier are overwritten."""
    obspy.read().write(str(path), format="MSEED", reclen=RECORD)
    data = bytearray(path.read_bytes())
    for offset in range(0, len(data), RECORD):
        data[offset + 32 : offset + 36] = struct.pack(">hh", factor, multiplier)
    path.write_bytes(bytes(data))
    return path


def _sac_with_delta(path, delta: float):
    obspy.read()[0].write(str(path), format="SAC")
    sac = SACTrace.read(str(path))
    sac.delta = delta
    sac.write(str(path))
    return path


def _stead_file(path, shape=(6000, 3), attrs=None, chunks=None):
    """One STEAD-layout trace; with ``chunks``, the dataset is created without writing any sample (unallocated)."""
    with h5py.File(path, "w") as handle:
        if chunks is None:
            dataset = handle.create_dataset("data/ST.XX_20200101000000_EV", data=np.ones(shape, "f4"))
        else:
            dataset = handle.create_dataset("data/ST.XX_20200101000000_EV", shape=shape, dtype="f4", chunks=chunks)
        dataset.attrs.update({"receiver_code": "ST", "trace_start_time": "2020-01-01T00:00:00", **(attrs or {})})
    return path


def _refused(path, *words):
    with pytest.raises(ArchiveError) as caught:
        with open_archive(path) as source:
            for item in source.items():
                source.read(item)
    message = str(caught.value)
    assert str(path) in message and "\n" not in message
    for word in words:
        assert word in message, message
    return message


def test_miniseed_rate_factor_zero(tmp_path):
    _refused(_mseed_with_rate_fields(tmp_path / "rate0.mseed", 0, 0), "sampling rate 0 Hz", "1-10000 Hz")


def test_miniseed_at_one_over_32768_hz(tmp_path):
    # 3000 samples at 1/32768 Hz span three years: 9.8 billion samples at 100 Hz.
    _refused(_mseed_with_rate_fields(tmp_path / "slow.mseed", -32768, 1), "3.05176e-05 Hz", f"{MIN_SAMPLING_RATE_HZ:g}-")


@pytest.mark.parametrize(("delta", "words"), [(float("inf"), "sampling rate 0 Hz"), (1e30, "sampling rate 1e-30 Hz")])
def test_sac_delta_infinite_or_huge(tmp_path, delta, words):
    _refused(_sac_with_delta(tmp_path / "delta.sac", delta), words)


def test_start_in_year_9999(tmp_path):
    stream = obspy.read()
    for trace in stream:
        trace.stats.starttime = obspy.UTCDateTime("9999-12-31T23:59:00")
    stream.write(str(tmp_path / "far.mseed"), format="MSEED")
    _refused(tmp_path / "far.mseed", "start time 9999-12-31", "1900-2199")


def test_stead_sampling_rate_one_microhertz(tmp_path):
    _refused(_stead_file(tmp_path / "slow.hdf5", attrs={"sampling_rate": 1e-6}), "sampling rate 1e-06 Hz")


def test_unallocated_billion_sample_dataset_is_refused_unread(tmp_path):
    path = _stead_file(tmp_path / "huge.hdf5", shape=(10**9, 3), chunks=(4096, 3))
    assert path.stat().st_size < 100_000
    _refused(path, "1,000,000,000 samples", f"{MAX_TRACE_SAMPLES:,}")


def test_seisbench_sampling_rate_zero(tmp_path, shared_data):
    folder = tmp_path / "rate0"
    shutil.copytree(shared_data / "seisbench_dummy100", folder)
    rows = list(csv.reader((folder / "metadata.csv").open()))
    rows[0].append("trace_sampling_rate_hz")
    for row in rows[1:]:
        row.append("0")
    with (folder / "metadata.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    _refused(folder, "sampling rate 0 Hz")


def test_one_bad_trace_among_good_ones_is_skipped_with_a_warning(tmp_path):
    path = tmp_path / "two.hdf5"
    with h5py.File(path, "w") as handle:
        good = handle.create_dataset("data/GOOD.XX_20200101000000_EV", data=np.ones((6000, 3), "f4"))
        bad = handle.create_dataset("data/BAD.XX_20200101000000_EV", data=np.ones((6000, 3), "f4"))
        good.attrs["trace_start_time"] = bad.attrs["trace_start_time"] = "2020-01-01T00:00:00"
        bad.attrs["sampling_rate"] = -100.0
    with open_archive(path) as source:
        assert [item.key for item in source.items()] == ["data/GOOD.XX_20200101000000_EV"]
        assert any("sampling rate -100 Hz" in w for w in source.summary()["warnings"])


def test_a_month_long_continuous_trace_is_within_the_limits():
    """A month of 100 Hz in one MiniSEED trace (read in time slices) is fine; the same count in one HDF5 window is not."""
    start = obspy.UTCDateTime("2024-01-01")
    month = 31 * 86_400 * 100
    assert trace_problem(100.0, month, start, max_samples=None) is None
    assert "samples per component" in trace_problem(100.0, month, start)
    assert "spans 400 days" in trace_problem(100.0, 400 * 86_400 * 100, start, max_samples=None)
