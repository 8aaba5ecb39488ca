"""What runs on a Dask worker: a plugin that loads the model once per worker process, and the task function.

The plugin is registered once per cluster; every worker (also one the nanny restarts after a crash) runs
:meth:`ModelPlugin.setup` when it joins, so the model is loaded once per worker and reused by all its tasks.
Archives are opened once per worker too. A task returns plain picklable data; an EqviewerError (a damaged day
file, say) is returned as the result's ``error`` instead of raised, so one bad file does not stop the run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from distributed import WorkerPlugin, get_worker

from eqviewer.detect import DetectSettings
from eqviewer.distributed.tasks import DetectTask
from eqviewer.errors import EqviewerError
from eqviewer.labels import Pick, WindowLabel

PLUGIN_PREFIX = "eqviewer-model-"


@dataclass
class TaskResult:
    """What one task found: the records it ran on, its picks and detections (as window labels), the picker windows
    it ran, the model (name:version) and the worker that ran it and, when it failed on bad input, the error line
    (then nothing else is set)."""

    task: DetectTask
    records: list[str] = field(default_factory=list)
    picks: list[Pick] = field(default_factory=list)
    labels: list[WindowLabel] = field(default_factory=list)
    n_windows: int = 0
    model: str = ""
    worker: str = ""
    error: str | None = None


class ModelPlugin(WorkerPlugin):
    """Loads ``model`` (a name or folder, as `eqviewer detect --model`) with ``settings`` once per worker.

    ``device`` "cpu" hides GPUs from TensorFlow; ``threads`` caps TensorFlow's thread pools (a worker process per
    core is the efficient layout on CPUs; TensorFlow's default of all cores per worker oversubscribes them).
    """

    idempotent = True  # registering it again on a cluster that has it keeps the loaded model

    def __init__(self, model: str, settings: DetectSettings, device: str | None = None, threads: int | None = None):
        self.model = model
        self.settings = settings
        self.device = device
        self.threads = threads
        self.detector = None
        self.sources: dict[tuple, object] = {}  # (path, format, start ns, end ns) -> opened source
        self.loads = 0

    @property
    def name(self) -> str:
        """A name that differs when the model, settings or device differ: the same configuration registered again
        on a running cluster keeps its loaded model; another configuration gets its own plugin."""
        spec = repr((self.model, sorted(self.settings.as_dict().items()), self.device, self.threads))
        return PLUGIN_PREFIX + hashlib.sha256(spec.encode()).hexdigest()[:16]

    def setup(self, worker=None) -> None:
        """Load the model (called once when the plugin reaches a worker)."""
        import tensorflow as tf

        from eqviewer.detect import Detector
        from eqviewer.model import SeedModel, quick_start_inference

        if self.device == "cpu":
            tf.config.set_visible_devices([], "GPU")
        quick_start_inference()
        if self.threads:
            tf.config.threading.set_intra_op_parallelism_threads(self.threads)
            tf.config.threading.set_inter_op_parallelism_threads(self.threads)
        self.detector = Detector(SeedModel.load(self.model), self.settings)
        self.loads += 1

    def teardown(self, worker=None) -> None:
        """Close the archives this worker opened."""
        for source in self.sources.values():
            source.close()
        self.sources.clear()

    def source(self, task: DetectTask):
        """The task's archive, opened once per worker."""
        from eqviewer.io import open_archive

        start, end = task.archive_range
        key = (task.path, task.format, *(None if t is None else t.ns for t in (start, end)))
        if key not in self.sources:
            self.sources[key] = open_archive(task.path, format=task.format, start=start, end=end)
        return self.sources[key]


def run_task(task: DetectTask, plugin_name: str) -> TaskResult:
    """Detect over one task with the model of this worker's plugin ``plugin_name`` (the Dask task function)."""
    from eqviewer.detect import detect_source

    plugin = get_worker().plugins[plugin_name]
    result = TaskResult(task, model=plugin.detector.provenance, worker=get_worker().address)
    try:
        source = plugin.source(task)
        items = [source.item(key) for key in task.keys]
        for annotations in detect_source(source, plugin.detector, items=items, span=task.span):
            if annotations.record not in result.records:
                result.records.append(annotations.record)
            result.picks.extend(annotations.picks)
            result.labels.extend(annotations.window_labels())
            result.n_windows += annotations.n_windows
    except EqviewerError as exc:
        return TaskResult(task, worker=result.worker, error=str(exc))
    return result


def model_loads(dask_worker) -> dict[str, int]:
    """How many times each model plugin of this worker loaded its model (for ``client.run``: 1 when reused)."""
    return {name: plugin.loads for name, plugin in dask_worker.plugins.items() if name.startswith(PLUGIN_PREFIX)}
