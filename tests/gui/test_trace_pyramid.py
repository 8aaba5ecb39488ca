"""The trace view draws a station-day from envelope pyramids built in the worker: at day zoom each drawn stroke is
the true minimum and maximum of its bucket of samples (at most a pixel column's worth), zoomed in the samples
themselves, and the amplitude fit sees every spike."""

from __future__ import annotations

import numpy as np
import pytest
from obspy import UTCDateTime

DAY_SAMPLES = 86400 * 100
SPIKE = 4_321_234


@pytest.fixture
def day_view(trace_view, qtbot):
    """A trace view showing a station-day of noise with one spike on N, its pyramid built."""
    data = np.random.default_rng(11).standard_normal((3, DAY_SAMPLES), dtype=np.float32)
    data[1, SPIKE] = 80.0
    trace_view.set_record(data, UTCDateTime("2024-03-01"), 100.0, "XX.DAY..HH")
    assert trace_view.envelopes.pending  # a day's pyramid is the worker's job, not the GUI thread's
    assert trace_view.curves["Z"].curve.xData is None or trace_view.curves["Z"].curve.xData.size == 0
    qtbot.waitUntil(lambda: not trace_view.envelopes.pending, timeout=30_000)
    return trace_view, data


def _drawn(view, comp: str) -> tuple[np.ndarray, np.ndarray]:
    view.layout_widget.viewport().repaint()
    return view.curves[comp].curve.xData, view.curves[comp].curve.yData


def test_day_zoom_draws_the_true_min_and_max_of_each_bucket(day_view):
    view, data = day_view
    x, y = _drawn(view, "N")
    width = view.plots["N"].vb.width()
    assert x.size <= 2 * (width + 3)  # a stroke per pixel column, not 8.6 million points
    starts = np.round(x[0::2] * 100).astype(np.int64)
    size = int(starts[1] - starts[0])
    assert size >= DAY_SAMPLES / width / 1.05  # a bucket holds at least a pixel column's samples (view padding)
    for first, high, low in list(zip(starts, y[0::2], y[1::2]))[::37]:
        samples = data[1, first:first + size]
        assert (high, low) == (samples.max(), samples.min())
    assert y.max() == 80.0  # the spike survives
    _, (y0, y1) = view.plots["N"].vb.viewRange()
    assert y0 < data[1].min() and y1 > 80.0  # the amplitude fit saw it too


def test_zoomed_in_the_samples_themselves_are_drawn(day_view):
    view, data = day_view
    view.set_x_range(3600.0, 3610.0)
    x, y = _drawn(view, "Z")
    first = int(np.round(x[0] * 100))
    assert x.size >= 1000 and np.allclose(np.diff(x), 0.01)
    np.testing.assert_array_equal(y, data[0, first:first + y.size])
    _, (y0, y1) = view.plots["Z"].vb.viewRange()
    window = data[0, 360_000:361_001]
    assert y0 <= window.min() and y1 >= window.max() and y1 - y0 < 1.2 * (window.max() - window.min())
