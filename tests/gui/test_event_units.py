"""The window's view units on the Event tab's section and amplitudes on the record view: switching units (U)
converts the section's slices in the worker and scales each station's traces by its response's gain (a station
without a response stays in counts and the caption says so), switching back is at once and a unit converted once is
kept; the record view marks its station's amplitude on the measured component, a drag of its window re-measures it
and undo (Ctrl+Z's action) takes it back."""

from __future__ import annotations

import numpy as np
import pytest
from obspy.signal.invsim import paz_2_amplitude_value_of_freq_resp

from eqviewer.app.amplitude_review import MANUAL
from eqviewer.app.ground_motion import CAPTIONS, NO_RESPONSE_CAPTION
from eqviewer.associate import measure_magnitudes
from eqviewer.io import station_key
from tests.associate import magnitude_network as net


def _gain() -> float:
    """The instrument's counts per m/s at the wavelet's frequency."""
    paz = {"poles": net.POLES, "zeros": [0j, 0j], "gain": 1.0}
    return net.SENSITIVITY * paz_2_amplitude_value_of_freq_resp(paz, net.WAVELET_HZ) / \
        paz_2_amplitude_value_of_freq_resp(paz, 1.0)


@pytest.fixture
def opened(window, tmp_path):
    """The window on a session of the generated network (no response on the second station), its event measured."""
    stations, true = net.network(4), net.event()
    with net.make_session(tmp_path, stations, true, 2.3, np.random.default_rng(5),
                          without_response=(stations[1].key,)) as session:
        session.replace_events([net.located(true, *net.stored_picks(session))])
        measure_magnitudes(session)
    assert window.open_session(str(tmp_path / "s.eqreview"))
    return window, stations, true


def _peaks(view, component="Z"):
    return {view.traces[i].station.key: row.peak for (i, name), row in view.rows.items() if name == component}


def test_units_on_the_section_scale_traces_by_the_response_gain(qtbot, opened):
    window, stations, _ = opened
    view, units = window.events.view, window.events.units
    assert window.events.shown() and view.traces
    counts = _peaks(view)
    assert len(counts) == len(stations)
    window.registry["cycle_units"].trigger()  # U: velocity
    assert units.choice.unit == "velocity"
    qtbot.waitUntil(lambda: not units.pending, timeout=30_000)
    velocity = _peaks(view)
    for station in stations:
        if station.key == stations[1].key:  # no response: stays in counts, and the caption says so
            assert velocity[station.key] == counts[station.key]
        else:
            assert velocity[station.key] == pytest.approx(counts[station.key] / _gain(), rel=0.15)
    caption = view.unit_caption.text
    assert CAPTIONS["velocity"] in caption and NO_RESPONSE_CAPTION in caption and stations[1].key in caption
    units.choice.choose("counts")
    assert _peaks(view) == counts and view.unit_caption.text == CAPTIONS["counts"]
    units.choice.choose("velocity")  # kept: drawn at once
    assert not units.pending and _peaks(view) == velocity


def test_record_view_marks_the_amplitude_and_a_drag_remeasures_it_undoably(qtbot, opened):
    window, stations, true = opened
    session, layer = window.session, window.events.record_amplitudes
    record_id = next(r for r in window.queue.record_ids() if stations[0].key.split(".")[1] in r)
    window.events.tabs.setCurrentIndex(0)
    window.queue.select(record_id)
    qtbot.waitUntil(lambda: window.record is not None and str(window.record.ref) == record_id, timeout=10_000)
    qtbot.waitUntil(lambda: len(layer.marks) == 1)
    (origin_id, mark), = layer.marks
    amplitude = mark.amplitude
    assert station_key(window.record.station_id) == amplitude.station_key
    start = window.trace.start
    assert mark.plot is window.trace.plots[amplitude.waveform_id[-1]]
    x, y = mark.peak()
    assert x == pytest.approx(amplitude.time - start)
    assert mark.region.getRegion() == pytest.approx((amplitude.window_start - start, amplitude.window_end - start))
    curve = window.trace.curves[amplitude.waveform_id[-1]]
    assert abs(y) > 0.5 * np.abs(curve.yData).max()  # on the wavelet's peak as drawn
    mark.region.setRegion((true.time - 25.0 - start, true.time - 15.0 - start))
    mark.region.sigRegionChangeFinished.emit(mark.region)
    qtbot.waitUntil(lambda: layer.marks and layer.marks[0][1].amplitude.status == MANUAL, timeout=10_000)
    moved = layer.marks[0][1].amplitude
    assert moved.amplitude_m < amplitude.amplitude_m / 20
    assert layer.marks[0][1].region.getRegion()[0] == pytest.approx(true.time - 25.0 - start, abs=0.02)
    window.registry["undo"].trigger()
    assert [m.amplitude for _, m in layer.marks] == [amplitude]
    assert next(a for a in session.amplitudes(origin_id) if a.id == amplitude.id) == amplitude
