"""At day zoom the P/S panel draws an envelope (the largest value per pixel) on which picks stand out, and attention
rows saturated over the whole view are drawn against their own typical values."""

from __future__ import annotations

import numpy as np
from obspy import UTCDateTime

from eqviewer.gui.attention_panel import FLAT_SUFFIX, RELATIVE_SUFFIX, attention_row_name

DAY_SAMPLES = 86400 * 100
START = UTCDateTime("2024-03-01")


def _day(view) -> None:
    view.set_record(np.zeros((3, DAY_SAMPLES), dtype=np.float32), START, 100.0, "XX.DAY..HH")


def test_phase_curves_draw_the_maximum_per_pixel_at_day_zoom(trace_view, qtbot):
    view = trace_view
    _day(view)
    rng = np.random.default_rng(1)
    p = (rng.random(DAY_SAMPLES) * 0.05).astype(np.float32)
    peaks = np.arange(1000, DAY_SAMPLES, DAY_SAMPLES // 7)
    p[peaks] = 0.9
    view.set_probability("p", START, 100.0, p)
    qtbot.waitUntil(lambda: not view.envelopes.pending)  # a day's pyramid is built in the worker
    view.layout_widget.viewport().repaint()
    x, y = view.curves["p"].curve.xData, view.curves["p"].curve.yData
    assert np.all(np.diff(x) > 0)  # one point per pixel: no (max, min) pairs drawn down to zero
    assert x.size <= 2 * view.plots["phases"].vb.width()
    assert np.count_nonzero(y > 0.85) == peaks.size and y.min() > 0.02  # each pick a peak on a raised envelope
    view.set_x_range(3600.0, 3610.0)  # zoomed in: every sample, as before
    view.layout_widget.viewport().repaint()
    assert view.curves["p"].curve.yData.min() < 0.01


def test_attention_rows_saturated_over_the_view_are_drawn_against_their_own_percentiles(trace_view):
    view = trace_view
    _day(view)
    rng = np.random.default_rng(2)
    n = DAY_SAMPLES // 100
    saturated = (0.93 + 0.05 * rng.random(n)).astype(np.float32)
    saturated[5000:5100] = 1.0  # where this module attends most
    ordinary = (0.5 * rng.random(n)).astype(np.float32)
    flat = np.full(n, 1.0, np.float32)  # a module at full gate everywhere: nothing to see in it
    view.set_attention(START, 1.0, {"p_att1": saturated, "p_att2": ordinary, "p_att3": flat})
    panel = view.attention
    image = panel.image.image
    ticks = [name for _, name in view.plots["attention"].getAxis("left")._tickLevels[0]]
    assert ticks == [attention_row_name("p_att1") + RELATIVE_SUFFIX, attention_row_name("p_att2"),
                     attention_row_name("p_att3") + FLAT_SUFFIX.format(1.0)] and ticks[2].endswith("(flat 1.00)")
    assert image[0, 5000:5100].min() == 1.0 and np.median(image[0]) < 0.7  # the attended part stands out
    np.testing.assert_allclose(image[1], ordinary)  # an ordinary row keeps the gate's own 0-1 scale
