"""The shown event's amplitudes on the Event tab's section: on each station's band, its window shaded (drag the
edges to move it) and a marker at the drawn peak of the component it was measured on (of the component drawn when
the section shows another one); Ctrl+click on a station's band re-picks its peak there
(:mod:`~eqviewer.gui.amplitude_items`)."""

from __future__ import annotations

from functools import partial

from eqviewer.gui.amplitude_items import REPICK_MODIFIER, AmplitudeEdits, AmplitudeMark, peak_near, search_half_s
from eqviewer.gui.event_view import PICK_ROW_HALF_HEIGHT, EventView
from eqviewer.magnitudes import Amplitude


class SectionAmplitudes:
    """Draws ``view``'s event's amplitudes after each redraw of its section; edits go through ``edits``."""

    def __init__(self, view: EventView, edits: AmplitudeEdits):
        self.view, self.edits = view, edits
        self.marks: list[AmplitudeMark] = []
        view.section_drawn.connect(self.draw)
        view.plot.scene().sigMouseClicked.connect(self._on_clicked)

    def amplitudes(self) -> dict[str, Amplitude]:
        """The shown event's amplitudes by station (NET.STA.LOC)."""
        view = self.view
        if view.session is None or view.origin is None:
            return {}
        return {a.station_key: a for a in view.session.amplitudes(view.origin.id)}

    def draw(self) -> None:
        """Mark each amplitude on its station's band (the section was just redrawn: its old marks are gone)."""
        view = self.view
        self.marks = []
        by_station = self.amplitudes()
        if not by_station:
            return
        (_, _), (bottom, top) = view.plot.getPlotItem().vb.viewRange()
        for index, trace in enumerate(view.traces):
            amplitude = by_station.get(trace.station.key)
            if amplitude is None:
                continue
            x = view.section_x(index, amplitude.time)
            row = view.rows.get((index, amplitude.waveform_id[-1:]))  # else the component drawn
            row = row or next((r for (i, _), r in view.rows.items() if i == index), None)
            y = None if row is None else peak_near(row.samples, row.x0, row.sampling_rate, x,
                                                   search_half_s(amplitude))
            y = -index if y is None else row.centre + y * row.factor
            span = tuple((-index + side * PICK_ROW_HALF_HEIGHT - bottom) / (top - bottom) for side in (-1, 1))
            window = (view.section_x(index, amplitude.window_start), view.section_x(index, amplitude.window_end))
            self.marks.append(AmplitudeMark(view.plot.getPlotItem(), amplitude, window, x, y,
                                            partial(self._moved, index), span, -index if row is None else row.centre))

    def _moved(self, index: int, amplitude: Amplitude, x0: float, x1: float) -> None:
        view = self.view
        if view.origin is not None:
            self.edits.move(view.origin.id, amplitude, view.section_time(index, x0), view.section_time(index, x1))

    def _on_clicked(self, event) -> None:
        view = self.view
        if not event.modifiers() & REPICK_MODIFIER or view.origin is None or not view.traces:
            return
        point = view.plot.getPlotItem().vb.mapSceneToView(event.scenePos())
        index = int(round(-point.y()))
        if not 0 <= index < len(view.traces):
            return
        amplitude = self.amplitudes().get(view.traces[index].station.key)
        if amplitude is not None:
            self.edits.repick(view.origin.id, amplitude, view.section_time(index, point.x()))
