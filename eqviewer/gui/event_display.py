"""How the Event tab shows what review made of an event: the section's traces through the window's view filter,
on the time axis chosen (after the origin time, reduced by distance over a velocity, or aligned on each station's P),
committed events marked in the event list."""

from __future__ import annotations

from dataclasses import dataclass

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

    def shown(self, trace: SectionTrace, data: np.ndarray | None = None) -> np.ndarray | None:
        """The samples the section draws of ``trace`` (``data``: its samples in the view's units, else as read):
        filtered while the filter is on (unfiltered when the filter cannot take them: it switches itself off)."""
        data = trace.data if data is None else data
        if data is None or self.choice is None or not self.choice.on:
            return data
        cached = self._cache.get(id(data))
        if cached is not None and cached[0] is data and cached[1] == self.choice.spec:
            return cached[2]
        try:
            filtered = self.choice.shown(data, trace.sampling_rate)
        except ValueError:
            return data
        if len(self._cache) >= CACHED_TRACES:
            self._cache.clear()
        self._cache[id(data)] = (data, self.choice.spec, filtered)
        return filtered


@dataclass(frozen=True)
class DrawnRow:
    """One component drawn on the section: its samples (as drawn, before scaling) from ``x0`` on the section's
    time axis at ``sampling_rate``, drawn at ``centre + samples * factor`` (y); ``peak`` the largest absolute
    sample (the row's scale, in the unit shown)."""

    x0: float
    sampling_rate: float
    centre: float
    factor: float
    samples: np.ndarray
    peak: float


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
