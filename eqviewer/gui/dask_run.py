"""Model ▸ Run on all records on Dask: :func:`eqviewer.distributed.run_distributed` with a LocalCluster, as a
:class:`eqviewer.gui.worker.Worker` job.

The run goes over every archive the window has open in station-day tasks (``scheduler="local"``, one worker
process per core unless told otherwise), and the GUI thread stores each finished task in the session: the job
never touches the Session (its SQLite connection belongs to the GUI thread). Tasks the session already holds (an
earlier Dask run) are skipped, and so are records the in-process model has run on (they have curves), so the two
ways of running never store a record twice.
"""

from __future__ import annotations

import importlib.util

from eqviewer.errors import EqviewerError
from eqviewer.gui.worker import Cancelled

MAX_ERRORS_SHOWN = 5


def dask_available() -> bool:
    """Whether dask.distributed is installed (the ``cluster`` extra)."""
    return importlib.util.find_spec("distributed") is not None


def _format_of(source) -> str | None:
    from eqviewer.io import SOURCES

    return source.format if source.format in SOURCES else None


def done_runs(session, sources: list) -> list[dict]:
    """What the run should treat as done, as run entries with a ``task``: the tasks the session holds, plus the
    tasks whose every record already has model curves (the in-process model ran on it). Reads the session: call
    it in the GUI thread."""
    from eqviewer.distributed import plan_tasks

    runs = [run for run in session.runs() if "task" in run]
    for source in sources:
        for task in plan_tasks(source, _format_of(source)):
            records = [str(source.ref(source.item(key))) for key in task.keys]
            if all(session.curve_info(record) is not None for record in records):
                runs.append({"task": task.id})
    return runs


class SessionRelay:
    """The part of a Session that ``run_distributed`` uses, for the worker thread: ``runs()`` answers from a
    snapshot taken in the GUI thread, and ``add_automatic`` hands each task's results to ``emit`` so that the
    GUI thread stores them."""

    def __init__(self, runs: list[dict], emit):
        self._runs = runs
        self._emit = emit

    def runs(self) -> list[dict]:
        """The run entries known when the job started."""
        return list(self._runs)

    def add_automatic(self, picks, window_labels=(), run_info: dict | None = None) -> list[int]:
        """Send one task's picks, window labels and run entry to the GUI thread (no ids yet: empty list)."""
        self._emit((list(picks), list(window_labels), run_info))
        return []


def units_name(sources: list) -> str:
    """What the progress counts: station-days (continuous data, records longer than an hour), records (short
    ones: windows, event files), or both."""
    from eqviewer.distributed import plan_tasks

    days = {task.start is not None for source in sources for task in plan_tasks(source, _format_of(source))}
    return {frozenset({True}): "station-days", frozenset({False}): "records"}.get(frozenset(days),
                                                                                    "station-days and records")


def dask_job(sources: list, done: list[dict], model_spec: str, settings, workers: int | None):
    """The worker's job: run the sources on a LocalCluster of ``workers`` processes; each finished task is
    emitted as (picks, window labels, run info); progress counts station-days. Failed tasks (bad input) become
    one EqviewerError at the end (their tasks are not stored, so a rerun retries them)."""
    from eqviewer.distributed import run_distributed
    from eqviewer.distributed.cluster import default_workers

    unit = units_name(sources)
    count = workers or default_workers()

    def job(progress, cancel, emit) -> None:
        progress(0, 1, f"Dask: starting {count} worker process{'es' if count > 1 else ''} and loading the model…")

        def report(summary) -> None:
            progress(summary.units_done, max(summary.units_total, 1),
                     f"Dask: {summary.units_done:g}/{summary.units_total:g} {unit}, {summary.picks} picks"
                     + (f", {summary.skipped} tasks already done" if summary.skipped else ""))

        summary = run_distributed(sources, SessionRelay(done, emit), model=model_spec, settings=settings,
                                  scheduler="local", workers=count, progress=report, cancel=cancel)
        if summary.cancelled:
            raise Cancelled
        if summary.errors:
            shown = "; ".join(summary.errors[:MAX_ERRORS_SHOWN])
            more = len(summary.errors) - MAX_ERRORS_SHOWN
            raise EqviewerError(None, f"{len(summary.errors)} tasks failed and were not stored (run again to retry "
                                      f"them): {shown}" + (f" (and {more} more)" if more > 0 else ""))

    return job
