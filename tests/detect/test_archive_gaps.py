"""detect_source over an SDS station-day with a gap longer than a slice: the empty slice is skipped, not fatal."""

from __future__ import annotations

import numpy as np
from obspy import Stream, Trace, UTCDateTime

from eqviewer.detect.archive import detect_source
from eqviewer.detect.detector import Detector
from eqviewer.io import open_archive

DAY = UTCDateTime("2023-05-04")


def _write_sds(root, pieces):
    """Write Z/N/E day files of station XX.GAP holding the given (start offset s, samples) pieces, 100 Hz."""
    for channel in ("HHZ", "HHN", "HHE"):
        stream = Stream()
        for offset, samples in pieces:
            values = samples if channel == "HHZ" else np.zeros_like(samples)
            stream += Trace(values.astype(np.int32), header={"network": "XX", "station": "GAP", "location": "",
                                                            "channel": channel, "sampling_rate": 100.0,
                                                            "starttime": DAY + offset})
        folder = root / str(DAY.year) / "XX" / "GAP" / f"{channel}.D"
        folder.mkdir(parents=True, exist_ok=True)
        stream.write(str(folder / f"XX.GAP..{channel}.D.{DAY.year}.{DAY.julday:03d}"), format="MSEED")


def test_a_gap_longer_than_a_slice_is_skipped_and_picks_after_it_are_found(tmp_path, impulse_model):
    rng = np.random.default_rng(3)
    before = rng.integers(-5, 5, 20 * 60 * 100)  # 00:00-00:20
    after = rng.integers(-5, 5, 20 * 60 * 100)  # 02:30-02:50, after a gap of more than an hour
    after[5 * 60 * 100] = 1000  # an impulse the stand-in model picks as P, at 02:35
    _write_sds(tmp_path, [(0.0, before), (9000.0, after)])
    source = open_archive(tmp_path, format="sds")
    [item] = source.items()
    assert item.end - item.start > 2.5 * 3600

    parts = list(detect_source(source, Detector(impulse_model), slice_s=3600))

    picks = [pick for ann in parts for pick in ann.picks if pick.phase == "P"]
    assert len(picks) == 1 and abs(picks[0].time - (DAY + 9000 + 300)) < 0.05
    assert len(parts) == 2  # 00:00-01:00 and 02:00-03:00; the empty 01:00-02:00 slice yields nothing
