"""A generated SDS archive: one item per station, time slices read only what they ask for."""

from __future__ import annotations

import numpy as np
from obspy import Stream, Trace, UTCDateTime

from eqviewer.io import open_archive
from eqviewer.io.record import FLAG_GAPS_FILLED

DAY = UTCDateTime("2022-02-01")


def _write_day(root, channel, day, values, start_offset=0.0):
    trace = Trace(values.astype(np.int32), header={"network": "XX", "station": "SDS1", "location": "00",
                                                  "channel": channel, "sampling_rate": 10.0,
                                                  "starttime": day + start_offset})
    folder = root / str(day.year) / "XX" / "SDS1" / f"{channel}.D"
    folder.mkdir(parents=True, exist_ok=True)
    Stream([trace]).write(str(folder / f"XX.SDS1.00.{channel}.D.{day.year}.{day.julday:03d}"), format="MSEED")


def test_sds_station_over_two_days_with_slice_and_gap(tmp_path):
    n_day = 864000 // 100  # 10 Hz: 8640 samples in the first 864 s of each day keeps the files small
    for channel in ("BHZ", "BHN", "BHE", "BDH"):
        _write_day(tmp_path, channel, DAY, np.arange(n_day))
        _write_day(tmp_path, channel, DAY + 86400, np.arange(n_day))
    with open_archive(tmp_path) as source:
        assert source.format == "sds"
        items = source.items()
        assert [i.key for i in items] == ["XX.SDS1.00.BH"]
        assert items[0].start == DAY and items[0].end >= DAY + 2 * 86400 - 1
        assert source.summary()["unused_channels"] == ["XX.SDS1.00.BDH"]
        part = source.read(items[0], DAY + 100, DAY + 110)
        assert part.start == DAY + 100 and part.n_samples == 1001
        np.testing.assert_allclose(part.data[0, ::10], np.arange(1000, 1101), rtol=1e-4)
        across = source.read(items[0], DAY + 800, DAY + 86400 + 10)
    assert FLAG_GAPS_FILLED in across.flags and across.end == DAY + 86400 + 10


def test_sds_time_range_option_restricts_items(tmp_path):
    _write_day(tmp_path, "HHZ", DAY, np.arange(100))
    with open_archive(tmp_path, start=DAY + 3600, end=DAY + 7200) as source:
        item = source.items()[0]
    assert item.start == DAY + 3600 and item.sampling_rate == 10.0
