"""Amplitudes on the Event tab's section and the record view: each amplitude's marker sits at its stored peak time
inside its window; dragging the window (the region set and its drag finished) re-measures the amplitude there and
recomputes the ML shown in the station-magnitudes dock, and undo restores both; Ctrl+click re-picks the peak; the
record view marks its station's amplitude on the measured component."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtCore import QPointF, Qt

from eqviewer.app.amplitude_review import MANUAL
from eqviewer.gui.amplitude_items import STYLES, AmplitudeEdits, mark_text, peak_near
from eqviewer.gui.event_view import PICK_ROW_HALF_HEIGHT
from eqviewer.gui.magnitude_panel import COLUMNS, MagnitudePanel
from eqviewer.gui.section_amplitudes import SectionAmplitudes
from eqviewer.magnitudes import AUTOMATIC


@pytest.fixture
def section(qtbot, measured_event):
    """An event view with its amplitudes and the magnitudes dock, over a session whose one event is measured."""
    review, view, true = measured_event
    view.resize(1200, 800)
    errors = []
    edits = AmplitudeEdits(review, lambda title, text: errors.append(text))
    edits.changed.append(view.refresh)
    layer = SectionAmplitudes(view, edits)
    dock = MagnitudePanel(view, review, lambda title, text: errors.append(text))
    qtbot.addWidget(dock)
    view.set_session(review.session, list(review.sources.values()))
    return view, layer, dock, review.session, true, errors


def _mark_of(layer, station):
    return next(m for m in layer.marks if m.amplitude.station_key == station)


def test_markers_sit_at_the_stored_peak_inside_their_window(section):
    view, layer, _, session, _, errors = section
    stored = {a.station_key: a for a in session.amplitudes(view.origin.id)}
    assert len(layer.marks) == len(stored) == 6
    view.component_box.setCurrentText("all")  # the marker on the measured component's row
    for index, trace in enumerate(view.traces):
        mark = _mark_of(layer, trace.station.key)
        amplitude = stored[trace.station.key]
        x, y = mark.peak()
        assert x == pytest.approx(view.section_x(index, amplitude.time))
        low, high = mark.region.getRegion()
        assert low == pytest.approx(view.section_x(index, amplitude.window_start))
        assert high == pytest.approx(view.section_x(index, amplitude.window_end))
        assert low < x < high
        (_, _), (bottom, top) = view.plot.getPlotItem().vb.viewRange()
        band = [bottom + f * (top - bottom) for f in mark.region.span]
        assert band == pytest.approx([-index - PICK_ROW_HALF_HEIGHT, -index + PICK_ROW_HALF_HEIGHT])  # its band only
        assert -index - 0.5 < y < -index + 0.5  # on the station's band, at the drawn peak (not the band's centre)
        row = view.rows[(index, amplitude.waveform_id[-1])]
        assert abs(y - row.centre) > 0.5 * row.factor * row.peak  # the wavelet's peak, well above the noise
        assert mark.label.textItem.toPlainText() == mark_text(amplitude) and amplitude.status == AUTOMATIC
        assert mark.region.brush.color().name() == STYLES[AUTOMATIC].brush(0).name()
    assert errors == []


def test_dragging_the_window_remeasures_and_undo_restores(qtbot, section):
    view, layer, dock, session, true, errors = section
    origin_id = view.origin.id
    before, amplitudes = session.magnitude(origin_id), {a.station_key: a for a in session.amplitudes(origin_id)}
    index, trace = 0, view.traces[0]
    key = trace.station.key
    quiet = (view.section_x(index, true.time - 25.0), view.section_x(index, true.time - 15.0))
    mark = _mark_of(layer, key)
    mark.region.setRegion(quiet)
    mark.region.sigRegionChangeFinished.emit(mark.region)
    qtbot.waitUntil(lambda: session.amplitudes(origin_id) != list(amplitudes.values()), timeout=10_000)
    moved = next(a for a in session.amplitudes(origin_id) if a.station_key == key)
    assert moved.status == MANUAL and abs(moved.window_start - (true.time - 25.0)) < 0.02
    assert moved.amplitude_m < amplitudes[key].amplitude_m / 20
    after = session.magnitude(origin_id)
    assert after != before
    qtbot.waitUntil(lambda: _mark_of(layer, key).amplitude == moved)  # redrawn from the session
    new_mark = _mark_of(layer, key)
    assert new_mark.region.getRegion()[0] == pytest.approx(quiet[0], abs=0.02)
    assert new_mark.region.brush.color().name() == STYLES[MANUAL].brush(0).name()
    row = next(r for r in range(dock.table.rowCount()) if dock.table.item(r, 0).text() == key)
    assert dock.table.item(row, COLUMNS.index("status")).text() == MANUAL
    assert f"ML {after.value:.2f}" in dock.summary.text()
    assert session.undo()
    view.refresh()
    assert session.magnitude(origin_id) == before
    restored = _mark_of(layer, key)
    assert restored.amplitude == amplitudes[key]
    assert restored.region.getRegion()[0] == pytest.approx(view.section_x(index, amplitudes[key].window_start))
    assert f"ML {before.value:.2f}" in dock.summary.text() and errors == []


def test_ctrl_click_repicks_the_peak_at_the_click(qtbot, section):
    view, layer, _, session, _, errors = section
    origin_id, index = view.origin.id, 1
    key = view.traces[index].station.key
    amplitude = next(a for a in session.amplitudes(origin_id) if a.station_key == key)
    later = amplitude.time + 3.0  # the wavelet's tail: a much smaller peak
    view.show()
    qtbot.waitExposed(view)
    scene = view.plot.getPlotItem().vb.mapViewToScene(QPointF(view.section_x(index, later), -index))
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     view.plot.mapFromScene(scene))
    qtbot.waitUntil(lambda: next(a for a in session.amplitudes(origin_id) if a.station_key == key) != amplitude)
    repicked = next(a for a in session.amplitudes(origin_id) if a.station_key == key)
    assert abs(repicked.time - later) <= 0.6 and repicked.amplitude_m < amplitude.amplitude_m / 5
    assert _mark_of(layer, key).amplitude == repicked and errors == []


def test_peak_near_keeps_the_sign_of_the_largest_sample():
    samples = np.array([0.0, 1.0, -3.0, 2.0, 0.0, 9.0])
    assert peak_near(samples, 10.0, 10.0, 10.2, 0.15) == -3.0  # samples 1-3 (x 10.1-10.3)
    assert peak_near(samples, 10.0, 10.0, 20.0, 0.1) is None
