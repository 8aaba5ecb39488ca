"""An event's amplitudes drawn on traces: the window searched as a shaded span whose edges (or body) the analyst
drags to move it, a marker at the peak with its amplitude and period, styled by the amplitude's review status
(automatic, re-measured, accepted, rejected, its station excluded). Ctrl+click on a trace re-picks the peak there.
:class:`AmplitudeEdits` makes each change one undoable edit through :class:`~eqviewer.app.amplitude_review.
AmplitudeReview`; the section (:mod:`~eqviewer.gui.section_amplitudes`) and the record view
(:mod:`~eqviewer.gui.record_amplitudes`) draw the marks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pyqtgraph as pg
from obspy import UTCDateTime
from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtGui import QColor

from eqviewer.app.amplitude_review import CONFIRMED, EXCLUDED, MANUAL, REJECTED, AmplitudeReview
from eqviewer.app.review_state import ReviewState
from eqviewer.errors import EqviewerError
from eqviewer.magnitudes import AUTOMATIC, Amplitude

NM_PER_M = 1e9
REPICK_MODIFIER = Qt.KeyboardModifier.ControlModifier
"""Held while clicking a trace to re-pick its amplitude's peak at the click."""
MARK_Z = 5  # above the traces, below the pick lines
PEAK_SEARCH_S = 0.1
"""The marker sits on the largest drawn sample within half the amplitude's period (at least this) of its time."""


@dataclass(frozen=True)
class MarkStyle:
    """How an amplitude of one review status is drawn: colour, outline style and peak symbol."""

    colour: str
    line: Qt.PenStyle
    symbol: str

    def pen(self, width: float = 1.5) -> pg.QtGui.QPen:
        """The outline of the window and the marker."""
        return pg.mkPen(self.colour, width=width, style=self.line)

    def brush(self, alpha: int) -> QColor:
        """The window's (or marker's) fill."""
        colour = QColor(self.colour)
        colour.setAlpha(alpha)
        return colour


STYLES = {AUTOMATIC: MarkStyle("#2563eb", Qt.PenStyle.DashLine, "d"),
          MANUAL: MarkStyle("#c2410c", Qt.PenStyle.SolidLine, "d"),
          CONFIRMED: MarkStyle("#15803d", Qt.PenStyle.SolidLine, "d"),
          REJECTED: MarkStyle("#b91c1c", Qt.PenStyle.DotLine, "x"),
          EXCLUDED: MarkStyle("#6b7280", Qt.PenStyle.DotLine, "x")}
"""The style of each review status (an unknown status is drawn as automatic)."""
WINDOW_ALPHA, HOVER_ALPHA = 35, 70
LABEL_GAP = -0.04
"""The label's anchor left of its text: a gap between the marker and the text (a fraction of the text's width)."""


def mark_text(amplitude: Amplitude) -> str:
    """The marker's label: Wood-Anderson amplitude (nm), period and status."""
    period = "" if amplitude.period_s is None else f"  {amplitude.period_s:.2f} s"
    return f"A {amplitude.amplitude_m * NM_PER_M:.3g} nm{period}  {amplitude.status}"


def peak_near(samples: np.ndarray, x0: float, rate: float, x: float, half_s: float) -> float | None:
    """The sample of largest magnitude (sign kept) within ``half_s`` of ``x`` in ``samples`` drawn from ``x0`` at
    ``rate``; None when none lies there."""
    first = max(int(np.floor((x - half_s - x0) * rate)), 0)
    last = min(int(np.ceil((x + half_s - x0) * rate)) + 1, samples.size)
    if last <= first:
        return None
    part = samples[first:last]
    return float(part[int(np.argmax(np.abs(part)))])


def search_half_s(amplitude: Amplitude) -> float:
    """How far from the amplitude's time the marker looks for the drawn peak."""
    return max(PEAK_SEARCH_S, (amplitude.period_s or 0.0) / 2)


class AmplitudeMark:
    """One amplitude on ``plot``: its ``window`` (x0, x1; a region over ``span``, fractions of the plot's height)
    and a marker at (``x``, ``y``), its label towards ``baseline`` (the trace's zero line). ``moved(amplitude, x0,
    x1)`` when a drag of the window ends (called from the event loop, after the region's own handling)."""

    def __init__(self, plot: pg.PlotItem, amplitude: Amplitude, window: tuple[float, float], x: float, y: float,
                 moved: Callable[[Amplitude, float, float], None], span: tuple[float, float] = (0.0, 1.0),
                 baseline: float = 0.0):
        self.plot, self.amplitude = plot, amplitude
        style = STYLES.get(amplitude.status, STYLES[AUTOMATIC])
        self.region = pg.LinearRegionItem(window, brush=style.brush(WINDOW_ALPHA), hoverBrush=style.brush(HOVER_ALPHA),
                                          pen=style.pen(), span=span)
        self.region.setZValue(MARK_Z)
        self.region.setToolTip(f"amplitude window of {amplitude.station_key} ({amplitude.status}): drag its edges "
                               "to move it; Ctrl+click the trace to re-pick the peak")
        self.marker = pg.ScatterPlotItem([x], [y], symbol=style.symbol, size=12, pen=style.pen(1.5),
                                         brush=style.brush(200))
        self.marker.setZValue(MARK_Z + 1)
        self.label = pg.TextItem(mark_text(amplitude), color=style.colour)
        self.label.setZValue(MARK_Z + 1)
        self.set_y(y, baseline)
        for item in (self.region, self.marker, self.label):
            plot.addItem(item, ignoreBounds=True)
        self._window = window
        self.region.sigRegionChangeFinished.connect(lambda region: self._finished(region, moved))

    def _finished(self, region: pg.LinearRegionItem, moved) -> None:
        x0, x1 = region.getRegion()
        if (x0, x1) != self._window:
            self._window = (x0, x1)
            QTimer.singleShot(0, partial(moved, self.amplitude, float(x0), float(x1)))

    def peak(self) -> tuple[float, float]:
        """Where the marker is drawn."""
        x, y = self.marker.getData()
        return float(x[0]), float(y[0])

    def set_y(self, y: float, baseline: float) -> None:
        """Move the marker to height ``y``, its label beside it on the side of ``baseline`` (inside the trace)."""
        x, _ = self.peak()
        self.marker.setData([x], [y])
        self.label.setAnchor((LABEL_GAP, 0.0 if y >= baseline else 1.0))
        self.label.setPos(x, y)

    def remove(self) -> None:
        """Take the mark off its plot."""
        for item in (self.region, self.marker, self.label):
            self.plot.removeItem(item)


class AmplitudeEdits:
    """Moves and re-picks amplitudes of ``review``'s session, each one undoable edit; ``changed()`` after each
    (redraw what shows amplitudes and magnitudes), ``show_error(title, text)`` when one cannot be made."""

    def __init__(self, review: ReviewState, show_error: Callable[[str, str], object]):
        self.review, self.show_error = review, show_error
        self.changed: list[Callable[[], None]] = []

    def move(self, origin_id: int, amplitude: Amplitude, start: UTCDateTime, end: UTCDateTime) -> bool:
        """Search the amplitude from ``start`` to ``end`` (its peak re-measured); whether it was made."""
        return self._edit(lambda review: review.move_window(origin_id, amplitude.id, start, end))

    def repick(self, origin_id: int, amplitude: Amplitude, time: UTCDateTime) -> bool:
        """Re-pick the amplitude's peak at ``time``; whether it was made."""
        return self._edit(lambda review: review.repick(origin_id, amplitude.id, time))

    def _edit(self, edit) -> bool:
        session = self.review.session
        if session is None:
            return False
        try:
            edit(AmplitudeReview(session))
        except EqviewerError as exc:
            self.show_error("Cannot change the amplitude", str(exc))
            return False
        finally:
            for callback in list(self.changed):
                callback()
        return True
