"""A pyqtgraph axis that labels seconds-since-record-start as UTC wall-clock times.

Ticks sit on round UTC times (whole hours, minutes, seconds, tenths, ...) whatever the record's start, also when
it starts at a fraction of a second: the spacing is one of :data:`TICK_SPACINGS_S` and each tick level is shifted so
that its ticks fall on multiples of the spacing counted from midnight UTC. Each label is the time its tick marks.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from obspy import UTCDateTime

TICK_SPACINGS_S = (
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30,
    60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
)
"""Tick spacings in seconds, all dividing a day, so the ticks of every level are round wall-clock times."""
MIN_MAJOR_PIXELS = 110.0
"""Major (labelled) ticks are at least this far apart on screen, so their labels never overlap."""
MIN_MINOR_PIXELS = 18.0


def seconds_of_day(time: UTCDateTime) -> float:
    """Seconds after midnight UTC of the day of ``time`` (with its fraction)."""
    time = UTCDateTime(time)
    return time.hour * 3600 + time.minute * 60 + time.second + time.microsecond / 1e6


def tick_levels(span_s: float, size_px: float, start: UTCDateTime) -> list[tuple[float, float]]:
    """(spacing, offset) of the major and minor tick levels for ``span_s`` seconds shown over ``size_px`` pixels,
    for an axis whose zero is ``start``: ticks sit at ``offset + k * spacing`` seconds after ``start``, which are
    round UTC times."""
    if span_s <= 0 or size_px <= 0:
        return []
    per_pixel = span_s / size_px
    major = next((s for s in TICK_SPACINGS_S if s / per_pixel >= MIN_MAJOR_PIXELS), TICK_SPACINGS_S[-1])
    smaller = [s for s in TICK_SPACINGS_S if s < major and s / per_pixel >= MIN_MINOR_PIXELS
               and math.isclose(major / s, round(major / s))]
    levels = [major] + ([smaller[0]] if smaller else [])
    day_offset = seconds_of_day(start)
    return [(spacing, (-day_offset) % spacing) for spacing in levels]


def tick_label(time: UTCDateTime, spacing: float) -> str:
    """A tick's label: HH:MM, HH:MM:SS or HH:MM:SS.f… with as many decimals as ``spacing`` needs."""
    time = UTCDateTime(round(UTCDateTime(time).timestamp, 6))
    if spacing >= 60:
        return time.strftime("%H:%M")
    if spacing >= 1:
        return time.strftime("%H:%M:%S")
    digits = min(6, max(1, math.ceil(-math.log10(spacing) - 1e-9)))
    text = UTCDateTime(round(time.timestamp, digits)).strftime("%H:%M:%S.%f")
    return text[: len(text) - 6 + digits]


def axis_caption(start: UTCDateTime, view: tuple[float, float]) -> str:
    """The axis caption: the UTC date of the view ``view`` (seconds after ``start``), both dates when it spans
    two days, first and last when more."""
    first, last = (UTCDateTime(start) + x for x in view)
    dates = [t.strftime("%Y-%m-%d") for t in (first, last)]
    return f"UTC  {dates[0]}" if dates[0] == dates[1] else f"UTC  {dates[0]} – {dates[1]}"


class UTCAxis(pg.AxisItem):
    """Bottom axis: the x values are seconds after ``start``; ticks on round UTC times, labelled with them, and
    captioned with the date of the view."""

    def __init__(self, **kwargs):
        super().__init__(orientation="bottom", **kwargs)
        self.start = UTCDateTime(0)
        self.view = (0.0, 1.0)

    def set_start(self, start: UTCDateTime) -> None:
        """Set the time of x = 0 and relabel the axis with the view's date."""
        self.start = UTCDateTime(start)
        self._caption()
        self.picture = None
        self.update()

    def linkedViewChanged(self, view, newRange=None):  # noqa: N802 (pyqtgraph's name)
        """The view moved: name its date(s) in the caption."""
        super().linkedViewChanged(view, newRange)
        self.view = tuple(float(x) for x in (newRange if newRange is not None else view.viewRange()[0]))
        self._caption()

    def _caption(self) -> None:
        caption = axis_caption(self.start, self.view)
        if caption != self.labelText:
            self.setLabel(caption)

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph's name)
        """Major and minor levels on round UTC times (see :func:`tick_levels`)."""
        return tick_levels(float(maxVal - minVal), float(size), self.start)

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        """Each tick labelled with the UTC time it marks, precise to the tick spacing."""
        return [tick_label(self.start + float(value), spacing) for value in values]


def format_time(time: UTCDateTime) -> str:
    """A pick or cursor time as shown in the status bar: ISO date and time to the centisecond."""
    return UTCDateTime(time).strftime("%Y-%m-%d %H:%M:%S.%f")[:-4]
