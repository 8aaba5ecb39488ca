"""The view's units on the trace view: switching from counts converts in the worker, the captions name the unit
and the traces are the counts divided by the response's gain; a station without a response stays in counts and
says so; switching back and forth is served from the kept conversions."""

from __future__ import annotations

import numpy as np
import pytest
from obspy.signal.invsim import paz_2_amplitude_value_of_freq_resp

from eqviewer.app.ground_motion import CAPTIONS, NO_RESPONSE_CAPTION, UnitsChoice
from eqviewer.app.review_state import ReviewState
from eqviewer.app.view_filter import FilterChoice
from eqviewer.gui.trace_filter import TraceFilter
from eqviewer.gui.units_choice import TraceUnits
from eqviewer.io import open_archive
from tests.associate import magnitude_network as net


@pytest.fixture
def units_view(trace_view, tmp_path):
    """A trace view with view filter and units, over a session of the generated network (no response on S01)."""
    stations = net.network(3)
    session = net.make_session(tmp_path, stations, net.event(), 2.5, np.random.default_rng(4),
                               without_response=(stations[1].key,))
    session.close()
    review = ReviewState()
    review.open_session(str(tmp_path / "s.eqreview"))
    messages = []
    trace_filter = TraceFilter(trace_view, FilterChoice(), lambda title, text: None)
    units = TraceUnits(trace_filter, UnitsChoice(), review, messages.append)
    yield trace_view, units, stations, messages, tmp_path
    units.close()
    trace_filter.close()
    review.close()


def _show(trace_view, units, path):
    source = open_archive(path)
    record = source.read(source.items()[0])
    source.close()
    trace_view.set_record(record.data, record.start, record.sampling_rate, record.station_id,
                          channels=record.metadata.get("channels"))
    units.set_record(record)
    return record


def test_units_switch_changes_caption_and_scale_by_the_response_gain(qtbot, units_view):
    trace, units, stations, messages, folder = units_view
    record = _show(trace, units, folder / f"{stations[0].key.rstrip('.')}.mseed")
    assert "counts" in trace.caption("N")
    units.choice.choose("velocity")
    assert units.pending
    qtbot.waitUntil(lambda: not units.pending, timeout=30_000)
    assert CAPTIONS["velocity"] in trace.caption("N") and CAPTIONS["velocity"] in trace.caption("Z")
    shown = trace.curves["N"].yData
    gain = net.SENSITIVITY * paz_2_amplitude_value_of_freq_resp(  # the counts per m/s at the wavelet's frequency
        {"poles": net.POLES, "zeros": [0j, 0j], "gain": 1.0}, net.WAVELET_HZ) / paz_2_amplitude_value_of_freq_resp(
        {"poles": net.POLES, "zeros": [0j, 0j], "gain": 1.0}, 1.0)
    assert np.abs(shown).max() == pytest.approx(np.abs(record.data[1]).max() / gain, rel=0.1)
    units.choice.choose("counts")
    assert not units.pending and "counts" in trace.caption("N")
    np.testing.assert_array_equal(trace.curves["N"].yData, record.data[1])
    units.choice.choose("velocity")  # kept: drawn at once
    assert not units.pending and CAPTIONS["velocity"] in trace.caption("N")


def test_a_station_without_response_stays_in_counts_and_says_so(qtbot, units_view):
    trace, units, stations, messages, folder = units_view
    record = _show(trace, units, folder / f"{stations[1].key.rstrip('.')}.mseed")
    units.choice.choose("displacement")
    qtbot.waitUntil(lambda: not units.pending, timeout=30_000)
    assert NO_RESPONSE_CAPTION in trace.caption("Z")
    np.testing.assert_array_equal(trace.curves["Z"].yData, record.data[0])
    assert any(stations[1].key in m and "no instrument response" in m for m in messages)
