"""Network-wide detection on Dask (dask.distributed): station-day tasks, a worker plugin that loads the model once
per worker, and a client loop that writes each finished task into the review session exactly once (Qt-free).

``run_distributed(paths, session, model="seed", scheduler="local", workers=None)`` is the entry point the CLI
(`eqviewer detect --scheduler`) and the GUI use; rerunning it skips the tasks the session already holds.
"""

from eqviewer.distributed.runner import RunSummary, run_distributed
from eqviewer.distributed.tasks import DetectTask, done_task_ids, plan_tasks

__all__ = ["DetectTask", "RunSummary", "done_task_ids", "plan_tasks", "run_distributed"]
