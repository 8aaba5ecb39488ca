"""Network-wide detection on Dask (dask.distributed): station-day tasks, a worker plugin that loads the model once
per worker, and a client loop that writes each finished task into the review session exactly once (Qt-free).

``run_distributed(paths, session, model="seed", scheduler="local", workers=None)`` is the entry point the CLI
(`eqviewer detect --scheduler`) and the GUI use; rerunning it skips the tasks the session already holds.

Other packages import only the names in ``__all__``: the run, its tasks, and the scheduler checks and default
worker count. Importing this package imports Dask: import it where a distributed run starts.
"""

from eqviewer.distributed.cluster import check_scheduler, default_workers
from eqviewer.distributed.runner import RunSummary, run_distributed
from eqviewer.distributed.tasks import DetectTask, done_task_ids, plan_tasks

__all__ = ["DetectTask", "RunSummary", "check_scheduler", "default_workers", "done_task_ids", "plan_tasks",
           "run_distributed"]
