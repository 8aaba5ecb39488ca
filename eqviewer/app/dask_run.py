"""Run on all records on Dask: :func:`eqviewer.distributed.run_distributed` with a LocalCluster, as a background
job ``job(progress, cancel, emit)`` (the window runs it in a :class:`eqviewer.gui.worker.Worker` thread).

The run goes over every archive the window has open in station-day tasks (``scheduler="local"``, one worker
process per core unless told otherwise), and the GUI thread stores each finished task in the session: the job
never touches the Session (its SQLite connection belongs to the GUI thread). Tasks the session already holds (an
earlier Dask run) are skipped, and so are records the in-process model has run on (they have curves), so the two
ways of running never store a record twice.
"""

from __future__ import annotations

import importlib.util
import threading

from eqviewer.errors import EqviewerError
from eqviewer.errors import Cancelled

MAX_ERRORS_SHOWN = 5
CANCEL_POLL_S = 0.2


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
    """The part of a Session that ``run_distributed`` reads, for the worker thread: ``runs()`` answers from a
    snapshot taken in the GUI thread. The results go the other way through ``run_distributed``'s ``store``: the
    job emits each task's :class:`~eqviewer.review.detection_results.DetectionBatch` and the GUI thread stores it
    with :func:`~eqviewer.review.detection_results.store_detections`."""

    def __init__(self, runs: list[dict]):
        self._runs = runs

    def runs(self) -> list[dict]:
        """The run entries known when the job started."""
        return list(self._runs)


def units_name(sources: list) -> str:
    """What the progress counts: station-days (continuous data, records longer than an hour), records (short
    ones: windows, event files), or both."""
    from eqviewer.distributed import plan_tasks

    days = {task.start is not None for source in sources for task in plan_tasks(source, _format_of(source))}
    return {frozenset({True}): "station-days", frozenset({False}): "records"}.get(frozenset(days),
                                                                                    "station-days and records")


class CancelWatch:
    """While in a ``with`` block, a thread checks ``cancel()`` every CANCEL_POLL_S and, when it turns True, cancels
    every task on the scheduler at ``address`` (through a client of its own), so a Cancel stops the tasks in
    progress at once instead of after the next one finishes (a station-day takes minutes)."""

    def __init__(self, address: str, cancel):
        self.address = address
        self.cancel = cancel
        self.fired = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="eqviewer-dask-cancel", daemon=True)

    def __enter__(self) -> "CancelWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(CANCEL_POLL_S):
            if self.cancel():
                self._cancel_all()
                return

    def _cancel_all(self) -> None:
        from distributed import Client, Future

        with Client(self.address, timeout=10, set_as_default=False) as client:
            keys = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.tasks))
            client.cancel([Future(key, client) for key in keys], force=True, reason="cancelled in eqviewer")
        self.fired = True


def dask_job(sources: list, done: list[dict], model_spec: str, settings, workers: int | None):
    """The worker's job: start a LocalCluster of ``workers`` processes (0 or None: one per core) and run the
    sources on it; each finished task is emitted as a :class:`~eqviewer.review.detection_results.DetectionBatch`
    (store it with :func:`~eqviewer.review.detection_results.store_detections`); progress counts station-days.
    Cancel stops the tasks in progress (those stored stay; a rerun resumes). Failed tasks (bad input) become one
    EqviewerError at the end (they are not stored, so a rerun retries them)."""
    from eqviewer.distributed import default_workers, run_distributed

    unit = units_name(sources)
    count = workers or default_workers()

    def job(progress, cancel, emit) -> None:
        from distributed import LocalCluster

        progress(0, 1, f"Dask: starting {count} worker process{'es' if count > 1 else ''} and loading the model…")

        def report(summary) -> None:
            progress(summary.units_done, max(summary.units_total, 1),
                     f"Dask: {summary.units_done:g}/{summary.units_total:g} {unit}, {summary.picks} picks"
                     + (f", {summary.skipped} tasks already done" if summary.skipped else ""))

        # The cluster is started here rather than by run_distributed(scheduler="local") so that a Cancel can reach
        # its scheduler; the options are those of eqviewer.distributed.cluster.open_client.
        with LocalCluster(n_workers=count, threads_per_worker=1, processes=True, host="127.0.0.1",
                          protocol="tcp://", dashboard_address=None) as cluster:
            if cancel():
                raise Cancelled
            with CancelWatch(cluster.scheduler_address, cancel) as watch:
                try:
                    summary = run_distributed(sources, SessionRelay(done), model=model_spec,
                                              settings=settings, scheduler=cluster.scheduler_address,
                                              progress=report, cancel=cancel, store=emit)
                except Exception:
                    if watch.fired or cancel():  # the cancelled tasks' futures raise: that is the Cancel
                        raise Cancelled from None
                    raise
        if summary.cancelled:
            raise Cancelled
        if summary.errors:
            shown = "; ".join(summary.errors[:MAX_ERRORS_SHOWN])
            more = len(summary.errors) - MAX_ERRORS_SHOWN
            raise EqviewerError(None, f"{len(summary.errors)} tasks failed and were not stored (run again to retry "
                                      f"them): {shown}" + (f" (and {more} more)" if more > 0 else ""))

    return job
