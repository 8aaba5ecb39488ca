"""How the Event tab shows what review made of an event: the section's traces through the window's view filter,
on the time axis chosen (after the origin time, reduced by distance over a velocity, or aligned on each station's P),
committed events marked in the event list."""

from __future__ import annotations

import numpy as np
from PyQt6.QtGui import QFont
from PyQt6.QtWidgets import QTableWidget

from eqviewer.app.view_filter import FilterChoice
from eqviewer.associate import SectionTrace
from eqviewer.origins import Origin
from eqviewer.resources import default_settings

COMMITTED_MARK = "✓ "
"""Before a committed event's origin time in the event list."""
CACHED_TRACES = 64
REDUCTION_VELOCITY_KM_S = float(default_settings()["event_section"]["reduction_velocity_km_s"])
ORIGIN_TIME, REDUCED_TIME, ALIGNED_ON_P = "origin time", "reduced time", "aligned on P"
SECTION_TIMES = (ORIGIN_TIME, REDUCED_TIME, ALIGNED_ON_P)
"""The section's time axes, in the order the key steps through them."""


def section_offsets(traces: list[SectionTrace], origin: Origin, p_picks: dict[str, object], mode: str) -> list[float]:
    """Seconds after the origin time that each trace's zero lies at on the ``mode`` time axis: 0 (origin time),
    distance over :data:`REDUCTION_VELOCITY_KM_S` (reduced time), or the station's P (aligned on P: the P pick of the
    event at that station, by station key in ``p_picks``, else the predicted P, else the origin time)."""
    if mode == REDUCED_TIME:
        return [t.distance_km / REDUCTION_VELOCITY_KM_S for t in traces]
    if mode == ALIGNED_ON_P:
        offsets = []
        for trace in traces:
            pick = p_picks.get(trace.station.key)
            time = pick.time if pick is not None else trace.predicted.get("P")
            offsets.append(0.0 if time is None else float(time - origin.time))
        return offsets
    return [0.0] * len(traces)


def time_axis_label(mode: str) -> str:
    """What the section's time axis says it shows."""
    if mode == REDUCED_TIME:
        return f"reduced time t − distance / {REDUCTION_VELOCITY_KM_S:g} km/s (s after origin)"
    if mode == ALIGNED_ON_P:
        return "seconds after each station's P (its pick, else predicted)"
    return "seconds after origin time"


class SectionFilter:
    """The view filter (``choice``; None or off: the samples as read) applied to the section's traces, each
    filtered once per filter setting."""

    def __init__(self) -> None:
        self.choice: FilterChoice | None = None
        self._cache: dict[int, tuple] = {}  # id(samples) -> (samples, spec, filtered)

    def shown(self, trace: SectionTrace) -> np.ndarray | None:
        """The samples the section draws of ``trace``: filtered while the filter is on (the samples as read when
        the filter cannot take them: it switches itself off then)."""
        if trace.data is None or self.choice is None or not self.choice.on:
            return trace.data
        cached = self._cache.get(id(trace.data))
        if cached is not None and cached[0] is trace.data and cached[1] == self.choice.spec:
            return cached[2]
        try:
            filtered = self.choice.shown(trace.data, trace.sampling_rate)
        except ValueError:
            return trace.data
        if len(self._cache) >= CACHED_TRACES:
            self._cache.clear()
        self._cache[id(trace.data)] = (trace.data, self.choice.spec, filtered)
        return filtered


def mark_committed(table: QTableWidget, row: int, origin: Origin) -> None:
    """Mark the row of the event list of a committed event (a check mark before its time, in bold), or unmark it."""
    cell = table.item(row, 0)
    if cell is None:
        return
    text = cell.text().removeprefix(COMMITTED_MARK)
    cell.setText(COMMITTED_MARK + text if origin.committed else text)
    cell.setToolTip("committed (final)" if origin.committed else "")
    font = QFont(cell.font())
    font.setBold(origin.committed)
    cell.setFont(font)
