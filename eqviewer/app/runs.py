"""Background runs without Qt: what is running (one job at a time), and the model run's job.

A job is ``job(progress, cancel, emit)``: ``progress(done, total, text)`` reports, ``cancel()`` says whether to
stop, ``emit(obj)`` hands a result to the thread that owns the session. The window runs jobs in a
:class:`eqviewer.gui.worker.Worker` thread; another front end may call them directly.

:class:`RunState` is the "runs in progress" part of the application state; its callbacks:

- ``started(kind)``: a job of ``kind`` ("detect", "dask", "retrain" or "associate") began;
- ``finished(kind, cancelled)``: it ended (also after a failure);
- ``model_changed(provenance)``: results of model ``name:version`` were stored (the status bar names it).
"""

from __future__ import annotations

from eqviewer.app.model_cache import ModelCache
from eqviewer.app.observers import Callbacks
from eqviewer.errors import Cancelled

RUN_KINDS = ("detect", "dask", "retrain", "associate", "relocate")


class RunState:
    """Which job runs (``kind``, "" when idle), the models loaded for the next runs, the last retraining's
    outcome."""

    def __init__(self) -> None:
        self.kind = ""
        self.models = ModelCache()  # loaded models, reused by later runs until their files change
        self.model_provenance = ""
        self.retrain_outcome = None
        self.started = Callbacks()
        self.finished = Callbacks()
        self.model_changed = Callbacks()

    @property
    def busy(self) -> bool:
        """Whether a job runs now."""
        return bool(self.kind)

    def begin(self, kind: str) -> None:
        """A job of ``kind`` (one of RUN_KINDS) starts; ValueError when one is running already."""
        if kind not in RUN_KINDS:
            raise ValueError(f"unknown run kind {kind!r}")
        if self.busy:
            raise ValueError(f"a {self.kind} run is in progress")
        self.kind = kind
        if kind == "retrain":
            self.retrain_outcome = None
        self.started.fire(kind)

    def end(self, cancelled: bool) -> None:
        """The job ended."""
        kind, self.kind = self.kind, ""
        self.finished.fire(kind, cancelled)

    def stored(self, run_info: dict | None) -> None:
        """Results of the model named in ``run_info`` were stored."""
        if run_info and run_info.get("model"):
            self.model_provenance = run_info["model"]
            self.model_changed.fire(self.model_provenance)


def detect_job(model_spec: str, settings, jobs: list[tuple[object, object]], models: ModelCache):
    """The model run's job: load the model (kept in ``models`` for the next run, reloaded when re-registered), run
    the detector on each (source, item) with :func:`eqviewer.app.detection.detect_records` and emit one
    :class:`~eqviewer.review.detection_results.DetectionBatch` per record (store it with
    :meth:`eqviewer.app.review_state.ReviewState.store`). A cancelled run emits only the records it finished."""
    from eqviewer.app.detection import detect_records
    from eqviewer.detect import Detector

    def job(progress, cancel, emit) -> None:
        if models.loaded(model_spec) is None:
            progress(0, 1, f"loading model {model_spec}")
        detector = Detector(models.get(model_spec), settings)

        def deliver(batch) -> None:
            batch.encode_curves()  # here, in the worker: the window's thread then only writes the bytes
            emit(batch)

        def step(done: float, total: float, text: str) -> None:
            progress(done, total, f"model: {text}")

        detect_records(detector, jobs, deliver, progress=step, cancel=cancel)
        if cancel():
            raise Cancelled
        progress(1, 1, "model: done")

    return job
