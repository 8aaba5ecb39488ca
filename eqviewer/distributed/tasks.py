"""Cutting archives into independent detection tasks: one per station-day of continuous data, or a run of short
records (HDF5 windows, event files) per task.

A task names its archive, the item keys it covers and, for continuous data, the UTC day it covers. Its ``id`` is
stable across runs (archive, keys and day), so a session can tell which tasks are already done.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from obspy import UTCDateTime

DAY_S = 86400.0
SHORT_ITEM_S = 3600.0  # items up to an hour (windows, event files) are grouped instead of cut into days
CONTINUOUS_FORMATS = ("sds",)  # archives of continuous data: always station-days, however short the time range
ITEMS_PER_TASK = 256  # short items per task: enough work to hide the scheduler's few ms per task


@dataclass(frozen=True)
class DetectTask:
    """One unit of work: items ``keys`` of the archive at ``path`` (opened with ``format`` and the time range
    ``archive_range`` the run was asked for), restricted to [``start``, ``end``) when those are set (a
    station-day); ``units`` is what it counts for in the progress bar (1 per station-day, 1 per short record)."""

    path: str
    format: str | None
    keys: tuple[str, ...]
    start: UTCDateTime | None = None
    end: UTCDateTime | None = None
    units: int = 1
    archive_range: tuple[UTCDateTime | None, UTCDateTime | None] = (None, None)

    @property
    def id(self) -> str:
        """"path#key@YYYY-MM-DD" for a station-day, "path#first..last" for a run of short records."""
        if self.start is not None:
            return f"{self.path}#{self.keys[0]}@{self.start.strftime('%Y-%m-%d')}"
        if len(self.keys) == 1:
            return f"{self.path}#{self.keys[0]}"
        return f"{self.path}#{self.keys[0]}..{self.keys[-1]}"

    @property
    def span(self) -> tuple[UTCDateTime, UTCDateTime] | None:
        """[start, end) of a station-day task, None for whole items."""
        return None if self.start is None else (self.start, self.end)


def _day_start(time: UTCDateTime) -> UTCDateTime:
    return UTCDateTime(time.year, time.month, time.day)


def plan_tasks(source, format: str | None = None, items_per_task: int = ITEMS_PER_TASK) -> list[DetectTask]:
    """The tasks that together cover every item of an opened io source exactly once.

    Items of continuous archives (SDS) and items longer than an hour are cut at UTC midnights (one task per
    station-day); shorter ones are grouped, ``items_per_task`` to a task, in the source's order. Listing reads
    metadata only.
    """
    continuous = source.format in CONTINUOUS_FORMATS
    archive_range = (source.start, source.end)
    path = os.path.abspath(source.path) if os.path.exists(source.path) else source.path
    tasks: list[DetectTask] = []
    short: list[str] = []
    for item in source.items():
        if not continuous and item.end - item.start <= SHORT_ITEM_S:
            short.append(item.key)
            continue
        day = _day_start(item.start)
        while day <= item.end:
            tasks.append(DetectTask(path, format, (item.key,), day, day + DAY_S, archive_range=archive_range))
            day += DAY_S
    for first in range(0, len(short), items_per_task):
        keys = tuple(short[first:first + items_per_task])
        tasks.append(DetectTask(path, format, keys, units=len(keys), archive_range=archive_range))
    return tasks


def done_task_ids(session) -> set[str]:
    """Ids of the tasks whose results a review session already holds (stored with their run info)."""
    return {run["task"] for run in session.runs() if "task" in run}
