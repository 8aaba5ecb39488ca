"""The client side of a distributed run: plan the tasks, skip those the session holds, submit the rest, and write
each result into the session as it finishes.

Only this process writes the session, one transaction per task holding its picks, detections and a run entry
naming the task; a task whose id the session already holds is never written again. So a task Dask runs twice (its
worker died after finishing, and the scheduler re-ran it elsewhere) is still stored once, and a rerun of the same
command resumes where the last one stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from eqviewer.detect import DetectSettings
from eqviewer.distributed.cluster import open_client
from eqviewer.distributed.tasks import DetectTask, done_task_ids, plan_tasks
from eqviewer.distributed.worker import ModelPlugin, run_task
from eqviewer.review import DetectionBatch, store_detections


@dataclass
class RunSummary:
    """How a run went: tasks (and station-days) done now, skipped as already done, failed on bad input
    (``errors``: one line each, rerun to retry them), picks stored, and whether it was cancelled."""

    tasks_total: int = 0
    done: int = 0
    skipped: int = 0
    units_total: int = 0
    units_done: int = 0
    picks: int = 0
    errors: list[str] = field(default_factory=list)
    cancelled: bool = False


def run_distributed(
    sources: list,
    session,
    model: str = "seed",
    settings: DetectSettings | None = None,
    scheduler: str = "local",
    workers: int | None = None,
    device: str | None = None,
    progress: Callable[[RunSummary], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    store: Callable[[DetectionBatch], object] | None = None,
) -> RunSummary:
    """Detect over every item of the opened io ``sources`` on Dask and store the results in ``session``.

    ``scheduler``/``workers`` as :func:`~eqviewer.distributed.cluster.open_client`. ``progress(summary)`` is
    called after each stored task (``units_done`` counts station-days); ``cancel()`` returning True stops after
    the task being stored (the others are cancelled; a rerun resumes). Tasks already in the session are skipped.
    ``store(batch)`` stores one task's results (default: :func:`~eqviewer.review.detection_results.store_detections`
    into ``session``); a caller whose session belongs to another thread passes its own, and then ``session`` need
    only answer ``runs()``. Without a ``session`` (picks to a file) every task runs and ``store`` gets them all.
    """
    from distributed import as_completed

    from eqviewer.io import SOURCES
    from eqviewer.model import resolve

    settings = settings or DetectSettings()
    resolve(model)  # a bad model name fails here, with its ModelError, before any worker starts
    # Workers reopen each archive with the reader it was opened with (ObsPy file formats are sniffed again).
    planned = [task for source in sources for task in plan_tasks(source, source.format if source.format in SOURCES else None)]
    tasks = list({task.id: task for task in planned}.values())  # an archive named twice is run once
    if session is None and store is None:
        raise ValueError("run_distributed needs a session or a store")
    done = done_task_ids(session) if session is not None else set()
    pending = [task for task in tasks if task.id not in done]
    summary = RunSummary(tasks_total=len(tasks), skipped=len(tasks) - len(pending),
                         units_total=sum(t.units for t in tasks),
                         units_done=sum(t.units for t in tasks if t.id in done))
    if progress is not None:
        progress(summary)
    if not pending:
        return summary
    run_info = {"settings": settings.as_dict(), "scheduler": scheduler}
    store = store or partial(store_detections, session)
    with open_client(scheduler, workers) as client:
        threads = max(client.nthreads().values(), default=1)
        plugin = ModelPlugin(model, settings, device, threads)
        client.register_plugin(plugin)
        futures = client.map(run_task, pending, plugin_name=plugin.name,
                             key=[f"eqviewer-detect-{task.id}" for task in pending])
        queue = as_completed(futures)
        for future in queue:
            result = future.result()
            future.release()
            _store(store, result, run_info, summary)
            if progress is not None:
                progress(summary)
            if cancel is not None and cancel():
                summary.cancelled = True
                client.cancel(futures)
                break
    return summary


def _store(store: Callable[[DetectionBatch], object], result, run_info: dict, summary: RunSummary) -> None:
    """Store one task's results with its run entry, in one transaction (or note its error)."""
    task: DetectTask = result.task
    if result.error is not None:
        summary.errors.append(result.error)
        return
    info = run_info | {"model": result.model, "task": task.id, "worker": result.worker, "n_windows": result.n_windows}
    # Automatic picks an earlier run (in this process or on a cluster) left in the task's span are replaced.
    store(DetectionBatch(result.picks, result.labels, result.records, info, span=task.span))
    summary.done += 1
    summary.units_done += task.units
    summary.picks += len(result.picks)
