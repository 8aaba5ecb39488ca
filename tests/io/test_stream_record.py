"""stream_to_record and the ObsPy file source on generated streams: mapping, gaps, resampling, SAC picks."""

from __future__ import annotations

import numpy as np
import obspy
import pytest
from obspy import Stream, Trace, UTCDateTime

from eqviewer.errors import ArchiveError
from eqviewer.io import open_archive, stream_to_record
from eqviewer.io.record import (
    FLAG_GAPS_FILLED,
    FLAG_MISSING_E,
    FLAG_MISSING_N,
    FLAG_OVERLAPS_MERGED,
    FLAG_RESAMPLED,
    ItemRef,
)

T0 = UTCDateTime("2021-03-04T05:06:07")
REF = ItemRef("memory", "XX.STA..HH")


def _trace(channel: str, values: np.ndarray, start=T0, rate=100.0) -> Trace:
    return Trace(values.astype(np.float64), header={"network": "XX", "station": "STA", "channel": channel,
                                                   "starttime": start, "sampling_rate": rate})


def test_digit_channels_map_to_zne():
    n = np.arange(500.0)
    stream = Stream([_trace("HH1", n), _trace("HH2", 2 * n), _trace("HH3", 3 * n)])
    record = stream_to_record(stream, REF)
    assert record.metadata["channels"] == {"Z": "HH3", "N": "HH1", "E": "HH2"}
    np.testing.assert_array_equal(record.data[:, 10], [30, 10, 20])


def test_z_only_station_flags_missing_horizontals_and_lists_extra_channel():
    stream = Stream([_trace("HHZ", np.ones(300)), _trace("HHH", np.ones(300))])
    record = stream_to_record(stream, REF)
    assert {FLAG_MISSING_N, FLAG_MISSING_E} <= record.flags
    assert record.metadata["unused_channels"] == ["HHH"] and not record.data[1:].any()


def test_gap_and_overlap_are_merged_and_flagged():
    first = _trace("HHZ", np.ones(1000))
    after_gap = _trace("HHZ", 3 * np.ones(1000), start=T0 + 20.0)
    overlap = _trace("HHN", np.ones(1000))
    overlap2 = _trace("HHN", np.ones(1000), start=T0 + 9.0)
    record = stream_to_record(Stream([first, after_gap, overlap, overlap2]), REF)
    assert {FLAG_GAPS_FILLED, FLAG_OVERLAPS_MERGED} <= record.flags
    assert record.n_samples == 3000 and len(record.metadata["gaps"]) == 1
    gap = record.data[0, 1000:2000]
    assert np.all((gap >= 1) & (gap <= 3)) and gap[500] == pytest.approx(2.0, abs=0.01)  # interpolated


def test_other_rates_are_resampled_over_the_same_span():
    t = np.arange(2001) / 200.0
    stream = Stream([_trace("HHZ", np.sin(2 * np.pi * 2 * t), rate=200.0)])
    record = stream_to_record(stream, REF)
    assert FLAG_RESAMPLED in record.flags and record.n_samples == 1001
    assert record.metadata["original_sampling_rate"] == 200.0
    expected = np.sin(2 * np.pi * 2 * np.arange(1001) / 100.0)
    # The zero-phase anti-alias low-pass disturbs the first and last ~0.1 s only.
    np.testing.assert_allclose(record.data[0, 20:-20], expected[20:-20], atol=2e-3)


def test_several_stations_and_no_usable_channel_are_errors():
    with pytest.raises(ArchiveError, match="several stations"):
        stream_to_record(Stream([_trace("HHZ", np.ones(10)), _trace("BHZ", np.ones(10))]), REF)
    with pytest.raises(ArchiveError, match="no Z, N, E"):
        stream_to_record(Stream([_trace("HHH", np.ones(10))]), REF)


def test_input_stream_is_not_changed():
    stream = obspy.read()
    stream[0].stats.sampling_rate = 100.0
    copy = stream.copy()
    stream_to_record(stream, REF)
    assert stream == copy


def test_sac_header_picks_become_labels(tmp_path):
    for channel in ("HHZ", "HHN", "HHE"):
        trace = _trace(channel, np.zeros(3000))
        trace.stats.sac = obspy.core.AttribDict(
            {"a": 5.25, "ka": "IP", "t0": 9.5, "kt0": "S", "t1": 12.0, "kt1": "Mx", "b": 0.0}
        )
        trace.write(str(tmp_path / f"STA.{channel}.sac"), format="SAC")
    with open_archive(tmp_path) as source:
        assert source.format == "sac"
        item = source.items()[0]
        record = source.read(item)
    assert [(p.phase, p.onset) for p in item.labels] == [("P", "impulsive"), ("S", None)]
    assert [p.time - T0 for p in record.labels] == pytest.approx([5.25, 9.5], abs=1e-4)
    assert all(p.status == "manual" and p.record == str(record.ref) for p in record.labels)


def test_folder_of_event_files_gives_one_item_per_event(tmp_path):
    for number, offset in enumerate((0.0, 86400.0)):
        stream = obspy.read()
        for trace in stream:
            trace.stats.starttime += offset
        stream.write(str(tmp_path / f"event{number}.mseed"), format="MSEED")
    with open_archive(str(tmp_path / "*.mseed")) as source:
        items = source.items()
        assert len(items) == 2 and items[0].key.startswith("BW.RJOB..EH/")
        second = source.read(items[1])
    assert second.start == obspy.read()[0].stats.starttime + 86400.0 and second.n_samples == 3000


@pytest.mark.parametrize("file_format", ["MSEED", "SAC", "GSE2"])
def test_obspy_formats_round_trip(tmp_path, file_format):
    stream = obspy.read()
    for trace in stream:
        trace.data = np.round(trace.data * 1000).astype(np.int32)
    for trace in stream:  # SAC holds one trace per file
        trace.write(str(tmp_path / f"{trace.id}.{file_format.lower()}"), format=file_format)
    with open_archive(tmp_path) as source:
        assert source.format == file_format.lower() and len(source.items()) == 1
        record = source.read(source.items()[0])
    np.testing.assert_array_equal(record.data[0], stream.select(channel="EHZ")[0].data)


def test_time_slice_reads_only_the_files_it_needs(tmp_path):
    for day in range(3):
        stream = obspy.read()
        for trace in stream:
            trace.stats.starttime = T0 + day * 30.0
        stream.write(str(tmp_path / f"day{day}.mseed"), format="MSEED")
    with open_archive(tmp_path) as source:
        item = source.items()[0]
        assert item.n_samples == 9000
        record = source.read(item, T0 + 35.0, T0 + 45.0)
    assert record.metadata["files"] == [str(tmp_path / "day1.mseed")]
    assert record.start == T0 + 35.0 and record.n_samples == 1001
