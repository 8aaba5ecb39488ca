"""The view filter on a station-day: only the sections around the view are filtered, a long view in the worker
(the toggle only hands it over; how long the GUI waits is measured by benchmarks/gui_stalls.py) and drawn as if
the whole record were filtered, sections are kept for paging back, and the next station keeps filter and span."""

from __future__ import annotations

import numpy as np
import pytest
from obspy import UTCDateTime

from eqviewer.app.view_filter import FilterChoice, apply_filter
from eqviewer.gui.trace_filter import TraceFilter

DAY_SAMPLES = 86400 * 100


@pytest.fixture
def day_filter(trace_view):
    """A trace view showing a station-day of noise with a DC offset, and its view filter (off)."""
    data = (np.random.default_rng(5).standard_normal((3, DAY_SAMPLES), dtype=np.float32) + 300.0)
    trace_view.set_record(data, UTCDateTime("2024-03-01"), 100.0, "XX.DAY..HH")
    choice = FilterChoice()
    controller = TraceFilter(trace_view, choice, lambda title, text: None)
    choice.changed.connect(controller.redraw)
    controller.set_record(data, 100.0)
    yield trace_view, choice, controller, data
    controller.close()


def test_a_day_is_filtered_in_the_worker_and_the_toggle_is_quick(qtbot, day_filter):
    trace, choice, controller, data = day_filter
    choice.toggle()  # F at day zoom: handed to the worker, not filtered on the GUI thread
    assert controller.pending
    qtbot.waitUntil(lambda: not controller.pending, timeout=60_000)
    shown = trace.curves["Z"].yData
    assert shown.size == DAY_SAMPLES and abs(float(shown.mean())) < 1.0  # filtered: the offset is gone

    choice.toggle()
    np.testing.assert_array_equal(trace.curves["Z"].yData, data[0])
    choice.toggle()  # every section is kept: drawn at once, nothing left for the worker
    assert not controller.pending
    assert abs(float(trace.curves["Z"].yData.mean())) < 1.0


def test_a_zoomed_view_filters_only_its_sections_at_once_and_keeps_them(qtbot, day_filter):
    trace, choice, controller, _data = day_filter
    trace.set_x_range(5 * 3600.0, 5 * 3600.0 + 300.0)
    choice.toggle()
    assert not controller.pending
    x = trace.curves["Z"].xData
    assert x[0] <= 5 * 3600.0 - 150.0 and x[-1] >= 5 * 3600.0 + 450.0 and x[-1] - x[0] < 3600.0
    trace.set_x_range(5 * 3600.0 + 300.0, 5 * 3600.0 + 600.0)  # page on, then back
    qtbot.waitUntil(lambda: trace.curves["Z"].xData[-1] >= 5 * 3600.0 + 750.0, timeout=5_000)
    kept = controller.sections.missing(choice.spec, controller.sections.sections(5 * 360_000, 5 * 360_000 + 60_000))
    assert kept == []



def test_a_long_view_is_filtered_in_the_worker_like_the_whole_record(qtbot, day_filter):
    trace, choice, controller, data = day_filter
    trace.set_x_range(2 * 3600.0, 5 * 3600.0)  # three hours: too many sections for the GUI thread
    choice.toggle()
    assert controller.pending and np.shares_memory(trace.curves["Z"].yData, data)  # still the raw samples
    qtbot.waitUntil(lambda: not controller.pending and not trace.envelopes.pending, timeout=60_000)
    x, shown = trace.curves["Z"].xData, trace.curves["Z"].yData
    first = int(round(x[0] * 100))
    assert first % controller.sections.section == 0 and x[0] <= 2 * 3600.0 - 5400.0 and x[-1] >= 5 * 3600.0 + 5399.99
    whole = apply_filter(data[0], 100.0, choice.spec)  # section edges leave no trace: margins hide them
    np.testing.assert_allclose(shown, whole[first:first + shown.size], atol=2e-3 * float(whole.std()))
