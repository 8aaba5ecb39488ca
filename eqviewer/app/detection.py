"""Detection as both faces run it: open the archives, load the model, run it record by record (slice by slice, in
bounded memory) and deliver one batch per record into a review session and/or a pick file; in this process or
as station-day tasks on Dask.

``eqviewer detect`` calls :func:`detect`; the window's Run on record job (:func:`eqviewer.app.runs.detect_job`)
runs the same record loop, :func:`detect_records`, and hands each batch to the GUI thread, which owns the session.
Thresholds come from :func:`eqviewer.app.thresholds.detect_settings`; sessions are opened by
:func:`eqviewer.app.sessions.open_session`; stored batches replace an earlier run's automatic results
(:func:`eqviewer.review.detection_results.store_detections`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

from obspy import UTCDateTime

from eqviewer.app.sessions import SessionPolicy, open_session
from eqviewer.detect import Detector, DetectSettings, PickWriter, detect_source
from eqviewer.errors import ArchiveError, EqviewerError
from eqviewer.review import DetectionBatch, batch_from_annotations, store_detections

Progress = Callable[[float, float, str], None]
"""``progress(done, total, text)``: how far a run is (picker windows in this process, station-days on Dask)."""
Warn = Callable[[str], None]
"""``warn(text)``: something the user should read that does not stop the run (a record skipped)."""


def open_sources(paths: Iterable[str], format: str | None = None, start: UTCDateTime | None = None,
                 end: UTCDateTime | None = None) -> list:
    """Open every path as an io source (errors name the file). Existing paths are made absolute, so a record's id
    in a session is the same whichever folder a run starts from, in the window, the command line and on Dask
    workers (which may run elsewhere on a shared file system)."""
    from eqviewer.io import open_archive

    sources: list = []
    try:
        for path in paths:
            path = os.path.abspath(path) if os.path.exists(path) else path
            sources.append(open_archive(path, format=format, start=start, end=end))
    except BaseException:
        close_sources(sources)
        raise
    return sources


def close_sources(sources: Iterable) -> None:
    """Close opened io sources."""
    for source in sources:
        source.close()


def choose_device(device: str | None) -> None:
    """Make TensorFlow use ``device`` ("cpu", "gpu" or None: the GPU if it sees one); on a CPU without its graph
    optimiser (:func:`eqviewer.model.runtime.quick_start_inference`). EqviewerError for "gpu" without one."""
    import tensorflow as tf

    if device == "cpu":
        tf.config.set_visible_devices([], "GPU")
    elif device == "gpu" and not tf.config.list_physical_devices("GPU"):
        raise EqviewerError(None, "--device gpu: TensorFlow sees no GPU (install eqviewer[gpu] and a CUDA driver)")
    from eqviewer.model import quick_start_inference

    quick_start_inference()


def load_model(spec: str, device: str | None = None):
    """Choose the device, then load the model ``spec`` (as :meth:`eqviewer.model.SeedModel.load` takes it)."""
    from eqviewer.model import SeedModel

    choose_device(device)
    return SeedModel.load(spec)


@dataclass
class RecordTally:
    """What a run over records did: records tried, picker windows run, picks delivered, records skipped."""

    records: int = 0
    windows: int = 0
    picks: int = 0
    skipped: int = 0


def detect_records(detector: Detector, jobs: Iterable[tuple[object, object]], deliver: Callable[[DetectionBatch], None],
                   progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
                   warn: Warn | None = None, keep_partial: bool = False) -> RecordTally:
    """Run ``detector`` over each (source, item) of ``jobs`` slice by slice and ``deliver`` one
    :class:`DetectionBatch` per record (run entry: the model and the settings).

    A record that cannot be read is skipped (``warn`` names it; without ``warn`` the ArchiveError is raised). When
    ``cancel()`` turns True the run stops and returns; the record in progress is delivered as far as it got only
    with ``keep_partial`` (so is it after Ctrl+C, which is then raised again). ``progress`` counts picker windows.
    """
    jobs = list(jobs)
    settings = detector.settings
    total = sum(max(1, int((item.end - item.start) / settings.stride_s) + 1) for _, item in jobs)
    run_info = {"model": detector.provenance, "settings": settings.as_dict()}
    tally = RecordTally()
    for index, (source, item) in enumerate(jobs):
        if cancel is not None and cancel():
            break
        text = f"record {index + 1}/{len(jobs)}: {source.ref(item)}"
        base = tally.windows
        parts: list = []

        def step(state, base=base, text=text) -> None:
            if progress is not None:
                progress(base + state.windows_done, total, text)

        try:
            for part in detect_source(source, detector, progress=step, cancel=cancel, items=[item]):
                tally.windows += part.n_windows
                parts.append(part)
        except ArchiveError as exc:  # a damaged record: the others still count
            tally.skipped += 1
            if warn is None:
                raise
            warn(f"skipped {source.ref(item)}: {exc}")
            continue
        except KeyboardInterrupt:
            if keep_partial and parts:
                _deliver(parts, run_info, deliver, tally)
            raise
        finally:
            tally.records += 1
        if parts and (keep_partial or not parts[-1].info.get("cancelled")):
            _deliver(parts, run_info, deliver, tally)
        if parts and parts[-1].info.get("cancelled"):
            break
    return tally


def _deliver(parts: list, run_info: dict, deliver: Callable[[DetectionBatch], None], tally: RecordTally) -> None:
    first_pass = parts[0].info.get("first_pass")
    batch = batch_from_annotations(parts, run_info | ({"first_pass": first_pass} if first_pass is not None else {}))
    tally.picks += len(batch.picks)
    deliver(batch)


@dataclass
class DetectRequest:
    """What a detection run is asked to do: the archives (``paths`` and how to read them), the model and its
    settings (:func:`eqviewer.app.thresholds.detect_settings`), where results go (``session``: a session path,
    created if missing; ``out``: a CSV or QuakeML file, "-" for CSV on ``stream``), and where it runs
    (``scheduler``: None in this process, "local" or tcp://HOST:PORT on Dask with ``workers``)."""

    paths: list[str]
    settings: DetectSettings
    model: str = "seed"
    session: str | None = None
    out: str | None = None
    stream: TextIO | None = None
    format: str | None = None
    start: UTCDateTime | None = None
    end: UTCDateTime | None = None
    device: str | None = None
    scheduler: str | None = None
    workers: int | None = None


@dataclass
class DetectOutcome:
    """How a detection run went: picks found (all written to a pick file), picks stored in the session (new ones:
    a pick on an arrival the analyst reviewed already is not stored again), records and picker windows (in this
    process), tasks (on Dask: done, already done, failed), warnings, seconds, and whether Ctrl+C ended it."""

    picks: int = 0
    stored: int = 0
    records: int = 0
    windows: int = 0
    skipped: int = 0
    tasks_done: int = 0
    tasks_skipped: int = 0
    task_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False


def detect(request: DetectRequest, progress: Progress | None = None, warn: Warn | None = None) -> DetectOutcome:
    """Run the detection ``request``: results go, record by record (task by task on Dask), into its session (one
    undoable edit per record, replacing an earlier run's automatic results; on Dask a rerun resumes) and/or its
    pick file (renamed into place at the end, also after Ctrl+C, so the picks found so far are kept; removed after
    an error). Records that cannot be read are skipped with a warning. Ctrl+C ends the run with
    ``interrupted`` set instead of raising."""
    if request.scheduler:
        from eqviewer.distributed import check_scheduler

        check_scheduler(request.scheduler)
    started = time.perf_counter()
    outcome = DetectOutcome()
    sources = open_sources(request.paths, request.format, request.start, request.end)
    writer = None
    session = None
    try:
        if request.out:
            writer = PickWriter(request.out, request.stream)
        if request.session:
            archives = [os.path.abspath(p) if os.path.exists(p) else p for p in request.paths]
            session = open_session(request.session, SessionPolicy.OPEN_OR_CREATE, archives=archives)

        def deliver(batch: DetectionBatch) -> None:
            if session is not None:
                stored = store_detections(session, batch)
                outcome.stored += len(stored.pick_ids)
                if warn is not None:
                    for record in stored.curves_skipped:
                        warn(f"{record}: longer than two days; its picks are stored, its probability curves are not"
                             " (run detect on shorter time ranges with --start/--end to keep them)")
            if writer is not None:
                writer.write(batch.picks)

        try:
            if request.scheduler:
                _detect_on_dask(request, sources, session, deliver, progress, outcome)
            else:
                detector = Detector(load_model(request.model, request.device), request.settings)
                jobs = [(source, item) for source in sources for item in source.items()]
                tally = detect_records(detector, jobs, deliver, progress=progress, warn=warn, keep_partial=True)
                outcome.records, outcome.windows, outcome.skipped, outcome.picks = (
                    tally.records, tally.windows, tally.skipped, tally.picks)
        except KeyboardInterrupt:
            outcome.interrupted = True
        if writer is not None:
            writer.close()
    except BaseException:
        if writer is not None:
            writer.discard()
        raise
    finally:
        if session is not None:
            session.close()
        close_sources(sources)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _detect_on_dask(request: DetectRequest, sources: list, session, deliver: Callable[[DetectionBatch], None],
                    progress: Progress | None, outcome: DetectOutcome) -> None:
    """The run as station-day tasks on Dask (:func:`eqviewer.distributed.run_distributed`); ``outcome`` follows
    the tasks as they are stored."""
    try:
        from eqviewer.distributed import run_distributed
    except ModuleNotFoundError as exc:
        raise EqviewerError(None, f"--scheduler needs Dask ({exc.name} is missing): "
                                  "pip install 'eqviewer[cluster]'") from None

    def report(summary) -> None:
        outcome.picks, outcome.tasks_done, outcome.tasks_skipped = summary.picks, summary.done, summary.skipped
        outcome.task_errors = list(summary.errors)
        if progress is not None:
            progress(summary.units_done, summary.units_total,
                     f"{summary.picks} picks, {summary.skipped} tasks already done")

    report(run_distributed(sources, session, model=request.model, settings=request.settings,
                           scheduler=request.scheduler, workers=request.workers, device=request.device,
                           progress=report, store=deliver))
