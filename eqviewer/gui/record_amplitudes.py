"""The amplitudes of the record's station on the record (3-component) view: every event's amplitude measured on the
station within the record, on the panel of the component it was measured on, its window shaded (drag the edges to
move it) and a marker at the drawn peak; Ctrl+click on a waveform panel re-picks the peak of the amplitude whose
window is nearest the click (:mod:`~eqviewer.gui.amplitude_items`). Redrawn when a record is shown, after undo and
redo, and when the Event tab reloads its events (after every amplitude edit, here or in the station-magnitudes
dock); the marker follows the drawn samples (units, filter)."""

from __future__ import annotations

from functools import partial

import numpy as np

from PyQt6.QtCore import pyqtBoundSignal

from eqviewer.app.amplitude_review import station_amplitudes
from eqviewer.app.review_state import ReviewState
from eqviewer.gui.amplitude_items import REPICK_MODIFIER, AmplitudeEdits, AmplitudeMark, peak_near, search_half_s
from eqviewer.gui.trace_items import WAVEFORM_PANELS
from eqviewer.gui.trace_view import TraceView
from eqviewer.io import station_key
from eqviewer.magnitudes import Amplitude

REPICK_REACH_S = 5.0
"""A Ctrl+click re-picks the amplitude whose window is nearest, when within this of it."""


class RecordAmplitudes:
    """Marks the amplitudes of ``review``'s record on ``trace``; edits go through ``edits``. ``record_shown`` is
    the window's signal that a record was drawn."""

    def __init__(self, trace: TraceView, review: ReviewState, edits: AmplitudeEdits, record_shown: pyqtBoundSignal):
        self.trace, self.review, self.edits = trace, review, edits
        self.marks: list[tuple[int, AmplitudeMark]] = []  # (event id, mark)
        record_shown.connect(lambda _record_id: self.draw())
        review.labels_changed.connect(lambda records: self.draw() if records is None else None)  # undo, redo
        for comp in WAVEFORM_PANELS:
            trace.curves[comp].sigPlotChanged.connect(lambda _curve: self.place())
        trace.layout_widget.scene().sigMouseClicked.connect(self._on_clicked)

    def draw(self) -> None:
        """Mark the amplitudes of the record shown (none without a session or record)."""
        for _, mark in self.marks:
            mark.remove()
        self.marks = []
        record, session = self.review.record, self.review.session
        if record is None or session is None:
            return
        start = self.trace.start
        found = station_amplitudes(session, station_key(record.station_id), record.start, record.end)
        for origin_id, amplitude in found:
            comp = amplitude.waveform_id[-1:] if amplitude.waveform_id[-1:] in WAVEFORM_PANELS else "N"
            window = (float(amplitude.window_start - start), float(amplitude.window_end - start))
            mark = AmplitudeMark(self.trace.plots[comp], amplitude, window, float(amplitude.time - start), 0.0,
                                 partial(self._moved, origin_id))
            self.marks.append((origin_id, mark))
        self.place()

    def place(self) -> None:
        """Put each marker on the drawn curve's largest sample near its amplitude's time."""
        for _, mark in self.marks:
            comp = next(c for c in WAVEFORM_PANELS if self.trace.plots[c] is mark.plot)
            curve = self.trace.curves[comp]
            x, _ = mark.peak()
            if curve.xData is None or not curve.xData.size:
                continue
            x0, rate = float(curve.xData[0]), self.trace.sampling_rate
            y = peak_near(curve.yData, x0, rate, x, search_half_s(mark.amplitude))
            low, high = (max(int((edge - x0) * rate), 0) for edge in mark.region.getRegion())
            window = curve.yData[low:high + 1]  # its mean: the trace's zero line there
            if y is not None:
                mark.set_y(y, float(np.mean(window)) if window.size else 0.0)

    def _moved(self, origin_id: int, amplitude: Amplitude, x0: float, x1: float) -> None:
        self.edits.move(origin_id, amplitude, self.trace.start + x0, self.trace.start + x1)

    def _on_clicked(self, event) -> None:
        if not event.modifiers() & REPICK_MODIFIER or not self.marks:
            return
        for comp in WAVEFORM_PANELS:
            vb = self.trace.plots[comp].vb
            if vb.sceneBoundingRect().contains(event.scenePos()):
                x = vb.mapSceneToView(event.scenePos()).x()
                time = self.trace.start + x

                def reach(pair) -> float:
                    a = pair[1].amplitude
                    return max(float(a.window_start - time), float(time - a.window_end), 0.0)

                origin_id, mark = min(self.marks, key=reach)
                if reach((origin_id, mark)) <= REPICK_REACH_S:
                    self.edits.repick(origin_id, mark.amplitude, time)
                return
