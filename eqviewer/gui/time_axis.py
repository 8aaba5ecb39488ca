"""A pyqtgraph axis that labels seconds-since-record-start as UTC wall-clock times."""

from __future__ import annotations

import pyqtgraph as pg
from obspy import UTCDateTime


class UTCAxis(pg.AxisItem):
    """Bottom axis: the x values are seconds after ``start``; ticks read as UTC times, precise to the tick spacing."""

    def __init__(self, **kwargs):
        super().__init__(orientation="bottom", **kwargs)
        self.start = UTCDateTime(0)

    def set_start(self, start: UTCDateTime) -> None:
        """Set the time of x = 0 and relabel the axis with its date."""
        self.start = UTCDateTime(start)
        self.setLabel(f"UTC  {self.start.strftime('%Y-%m-%d')}")
        self.picture = None
        self.update()

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        """Tick labels as HH:MM, HH:MM:SS or HH:MM:SS.ss depending on how close the ticks are."""
        if spacing >= 60:
            fmt, digits = "%H:%M", 0
        elif spacing >= 1:
            fmt, digits = "%H:%M:%S", 0
        else:
            fmt, digits = "%H:%M:%S.%f", 2 if spacing >= 0.01 else 3
        labels = []
        for value in values:
            text = (self.start + float(value)).strftime(fmt)
            labels.append(text[: len(text) - 6 + digits] if digits else text)
        return labels


def format_time(time: UTCDateTime) -> str:
    """A pick or cursor time as shown in the status bar: ISO date and time to the centisecond."""
    return UTCDateTime(time).strftime("%Y-%m-%d %H:%M:%S.%f")[:-4]
