"""The detector runs a second model kind (tests/tiny_kind.py) on its own 30 s windows, in memory and slice by slice."""

from __future__ import annotations

import numpy as np
from obspy import UTCDateTime

from eqviewer.detect import Detector, detect_source
from eqviewer.io.record import ItemRef, Record
from tests.tiny_kind import TINY


class _Counting:
    """A model wrapper that records the shape of every batch the detector feeds it."""

    def __init__(self, model):
        self.model, self.shapes = model, []
        self.name, self.version, self.descriptor = model.name, model.version, model.descriptor
        self.metadata = model.metadata

    def predict(self, raw, **kwargs):
        self.shapes.append(tuple(np.shape(raw)))
        return self.model.predict(raw, **kwargs)


class _OneRecord:
    """A source of one in-memory record (items(), read(item, t1, t2))."""

    def __init__(self, record):
        self.record = record

    def items(self):
        class Item:
            start, end = self.record.start, self.record.end
        return [Item()]

    def read(self, item, starttime=None, endtime=None):
        record = self.record
        if starttime is None:
            return record
        first = max(0, int(round((starttime - record.start) * record.sampling_rate)))
        last = min(record.n_samples, int(round((endtime - record.start) * record.sampling_rate)) + 1)
        return Record(record.data[:, first:last], record.start + first / record.sampling_rate, "XX.TINY..HH",
                      record.ref)


def test_detector_runs_the_tiny_kind_on_its_windows_with_its_thresholds(tiny_model):
    from eqviewer.model import SeedModel

    model = _Counting(SeedModel.load(tiny_model))
    n = int(10 * 60 * TINY.sampling_rate)
    data = np.random.default_rng(1).standard_normal((3, n)).astype(np.float32) * 1000
    record = Record(data, UTCDateTime(2024, 1, 1), "XX.TINY..HH", ItemRef("mem", "tiny"))
    detector = Detector(model)
    assert (detector.settings.det_threshold, detector.settings.p_threshold) == (0.6, 0.2)
    whole = detector.run(record)
    assert {shape[1:] for shape in model.shapes} == {(TINY.window_samples, 3)}
    assert all(curve.shape == (n,) for curve in whole.curves.values())
    assert whole.info["model"].startswith("tiny:") and whole.info["settings"]["s_threshold"] == 0.25
    # slice by slice (a window of margin each side) gives the same curves as the whole record
    parts = list(detect_source(_OneRecord(record), detector, slice_s=180.0))
    assert len(parts) > 1
    stitched = np.concatenate([p.curves["P"][int(round((p.info["own"][0] - p.start) * TINY.sampling_rate)):][
        : int(round((p.info["own"][1] - p.info["own"][0]) * TINY.sampling_rate))] for p in parts])
    np.testing.assert_allclose(stitched, whole.curves["P"], atol=1e-5)
