"""A channel whose sampling rate changes inside a file (a digitiser reconfigured mid-day): each stretch is read at
its own rate, so no sample moves in time."""

from __future__ import annotations

import numpy as np
from obspy import Stream, Trace, UTCDateTime

from eqviewer.io import open_archive
from eqviewer.io.record import FLAG_RESAMPLED

T0 = UTCDateTime("2024-05-01T00:00:00")


def _rate_change_file(path):
    """Z, N, E at 100 Hz for 120 s, then at 50 Hz for 60 s; a spike on Z at 60.00 s and one at 150.00 s."""
    traces = []
    for channel in ("HHZ", "HHN", "HHE"):
        fast, slow = np.zeros(12_000, np.float32), np.zeros(3000, np.float32)
        if channel == "HHZ":
            fast[6000] = 1000.0  # 60.00 s
            slow[1500] = 1000.0  # 120 s + 1500 / 50 Hz = 150.00 s
        header = {"network": "XX", "station": "RATE", "channel": channel}
        traces.append(Trace(fast, header={**header, "sampling_rate": 100.0, "starttime": T0}))
        traces.append(Trace(slow, header={**header, "sampling_rate": 50.0, "starttime": T0 + 120}))
    Stream(traces).write(str(path), format="MSEED")
    return path


def test_each_stretch_is_read_at_its_own_rate(tmp_path):
    path = _rate_change_file(tmp_path / "reconfigured.mseed")
    with open_archive(path) as source:
        item = source.items()[0]
        assert any("sampling rate changes (50, 100 Hz)" in w for w in source.summary()["warnings"])
        record = source.read(item)
    assert record.start == T0 and FLAG_RESAMPLED in record.flags
    assert abs(record.n_samples - 18_000) <= 1  # 180 s at 100 Hz
    z = np.abs(record.data[0])
    first = int(np.argmax(z[:12_000]))
    second = 12_000 + int(np.argmax(z[12_000:]))
    assert record.time_of(first) - T0 == 60.0
    assert abs((record.time_of(second) - T0) - 150.0) <= 0.01
    assert z[first] == 1000.0 and z[second] > 300.0


def test_a_time_slice_inside_the_slow_stretch_keeps_its_times(tmp_path):
    path = _rate_change_file(tmp_path / "reconfigured.mseed")
    with open_archive(path) as source:
        record = source.read(source.items()[0], T0 + 140, T0 + 160)
    peak = int(np.argmax(np.abs(record.data[0])))
    assert abs((record.time_of(peak) - T0) - 150.0) <= 0.01


def test_one_record_at_another_rate_inside_a_file(tmp_path):
    """One 2-s stretch of Z at 50 Hz between 100 Hz data: read, not refused with ObsPy's "Can not merge traces"."""
    header = {"network": "XX", "station": "ONE", "channel": "HHZ"}
    parts = [(100.0, 0.0, 1000), (50.0, 10.0, 100), (100.0, 12.0, 1800)]
    traces = [Trace(np.full(n, index + 1.0, np.float32), header={**header, "sampling_rate": rate, "starttime": T0 + at})
              for index, (rate, at, n) in enumerate(parts)]
    Stream(traces).write(str(tmp_path / "one_record.mseed"), format="MSEED", reclen=512)
    with open_archive(tmp_path / "one_record.mseed") as source:
        record = source.read(source.items()[0])
    assert abs(record.n_samples - 3000) <= 1 and record.start == T0
    z = record.data[0]
    assert z[500] == 1.0 and abs(z[1100] - 2.0) < 0.05 and z[2500] == 3.0  # 5 s, 11 s and 25 s in their own stretch
