"""Evaluating a model on labelled archives with the same engine `eqviewer detect` uses.

Every labelled record runs through :class:`eqviewer.detect.Detector` as in `eqviewer detect` (windows slide over
records of any length, a minute or less included, so that every P lies 1-9 s into some window; short records have
their windows pooled into full model calls); its picks are compared with the archive's labels
(:mod:`eqviewer.train.metrics`), and its classifier output with the record's earthquake/noise category.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from obspy import UTCDateTime

from eqviewer.detect import DETECTION_CURVE, Annotations, Detector, DetectSettings, detect_source
from eqviewer.io import SAMPLING_RATE, ItemRef, Record
from eqviewer.train.metrics import PhaseTally, classification_metrics, phase_metrics

PHASES = ("P", "S")


@dataclass
class Evaluation:
    """The figures of one evaluation; :meth:`as_dict` gives the JSON shape `eqviewer evaluate --json` writes.

    ``classification`` is None unless the data holds both earthquake and noise records; it judges the classifier
    (earthquake when its probability exceeds the detection threshold anywhere in the record).
    ``classification_by_picks`` judges the pickers as a detector instead (earthquake when a P or S pick is made).
    """

    model: str
    datasets: list[str]
    n_traces: int
    classification: dict | None
    phases: dict[str, dict]
    windows_per_s: float
    classification_by_picks: dict | None = None
    settings: dict = field(default_factory=dict)
    n_windows: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        """{"model", "datasets", "n_traces", "classification", "P", "S", "windows_per_s", ...}."""
        return {
            "model": self.model,
            "datasets": list(self.datasets),
            "n_traces": self.n_traces,
            "classification": self.classification,
            "P": self.phases["P"],
            "S": self.phases["S"],
            "windows_per_s": self.windows_per_s,
            "classification_by_picks": self.classification_by_picks,
            "n_windows": self.n_windows,
            "seconds": self.seconds,
            "settings": self.settings,
        }


@dataclass
class RecordOutcome:
    """What the detector made of one labelled record: its category, the label times and the picks (seconds from
    the record's first sample; picks as (time, probability)), its length, and the classifier's highest output."""

    category: str | None
    duration_s: float = 0.0
    record_s: float = 0.0
    max_det: float = 0.0
    labels: dict[str, list[float]] = field(default_factory=lambda: {phase: [] for phase in PHASES})
    picks: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: {phase: [] for phase in PHASES})


@dataclass
class Outcomes:
    """Every labelled record's outcome, and how much work it took."""

    records: list[RecordOutcome]
    n_windows: int
    seconds: float


def record_outcomes(
    sources: Sequence, detector: Detector, progress: Callable[[int, int], None] | None = None
) -> Outcomes:
    """Run ``detector`` over every labelled item of the io ``sources`` (as `eqviewer detect` would) and gather what
    it found on each record. Items without an earthquake/noise category and without picks are skipped."""
    outcomes: list[RecordOutcome] = []
    n_windows = 0
    seconds = 0.0
    total = sum(len(source.items()) for source in sources)
    done = 0
    # build the model's compiled calls once before timing (their first calls trace the graphs)
    warm_up = np.zeros((3, 2 * detector.window), np.float32)
    detector.run(Record(warm_up, UTCDateTime(0), "", ItemRef("", "warm-up")))
    for source in sources:
        items = {str(source.ref(item)): item for item in source.items()}
        results: dict[str, RecordOutcome] = {}
        started = time.perf_counter()
        for annotations in _annotate(source, detector):
            item = items[annotations.record]
            result = results.setdefault(annotations.record, RecordOutcome(_category(item)))
            first, end = annotations.info["own"]
            result.duration_s += end - first
            det = annotations.curves[DETECTION_CURVE]
            result.max_det = max(result.max_det, float(det.max()) if det.size else 0.0)
            for pick in annotations.picks:
                result.picks[pick.phase].append((pick.time - item.start, float(pick.probability or 0.0)))
            n_windows += annotations.n_windows
            if end > item.end:
                done += 1
                if progress is not None:
                    progress(done, total)
        seconds += time.perf_counter() - started
        for key, result in results.items():
            item = items[key]
            result.record_s = item.end - item.start
            for phase in PHASES:
                result.labels[phase] = [label.time - item.start for label in item.labels if label.phase == phase]
            outcomes.append(result)
    return Outcomes(outcomes, n_windows, seconds)


def evaluate_sources(
    sources: Sequence,
    model,
    settings: DetectSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Evaluation:
    """Run ``model`` over every item of the io ``sources`` and compare with their labels.

    Items without an earthquake/noise category and without picks are skipped (they say nothing). ``progress(done,
    total)`` counts records.
    """
    detector = Detector(model, settings)
    outcomes = record_outcomes(sources, detector, progress)
    tallies = {phase: PhaseTally() for phase in PHASES}
    truth: list[bool] = []
    by_classifier: list[bool] = []
    by_picks: list[bool] = []
    for result in outcomes.records:
        if result.category == "noise":
            for phase in PHASES:
                tallies[phase].add_noise(len(result.picks[phase]), result.duration_s)
        elif result.category == "earthquake":
            for phase in PHASES:
                tallies[phase].add_record(result.labels[phase], [t for t, _ in result.picks[phase]], result.record_s)
        if result.category in ("earthquake", "noise"):
            truth.append(result.category == "earthquake")
            by_classifier.append(result.max_det > detector.settings.det_threshold)
            by_picks.append(any(result.picks[phase] for phase in PHASES))
    both = len(set(truth)) == 2
    return Evaluation(
        model=detector.provenance,
        datasets=[source.path for source in sources],
        n_traces=len(outcomes.records),
        classification=classification_metrics(truth, by_classifier) if both else None,
        classification_by_picks=classification_metrics(truth, by_picks) if both else None,
        phases={phase: phase_metrics(tallies[phase]) for phase in PHASES},
        windows_per_s=outcomes.n_windows / outcomes.seconds if outcomes.seconds > 0 else 0.0,
        settings=detector.settings.as_dict(),
        n_windows=outcomes.n_windows,
        seconds=outcomes.seconds,
    )


def _category(item) -> str | None:
    if item.category in ("earthquake", "noise"):
        return item.category
    return "earthquake" if item.labels else None


def _annotate(source, detector: Detector, group: int = 64) -> Iterator[Annotations]:
    """Annotations of every labelled item, as `eqviewer detect` makes them: items of a minute or less ``group`` at a
    time with their windows pooled (:meth:`Detector.run_many`), longer ones slice by slice (:func:`detect_source`)."""
    labelled = [item for item in source.items() if _category(item) is not None]
    short = [item for item in labelled if item.n_samples / item.sampling_rate <= detector.descriptor.window_s]
    for begin in range(0, len(short), group):
        for annotations in detector.run_many([source.read(item) for item in short[begin : begin + group]]):
            annotations.info["own"] = (annotations.start, annotations.start + len(annotations.curves["P"]) / SAMPLING_RATE)
            yield annotations
    short_keys = {item.key for item in short}
    yield from detect_source(_Items(source, [item for item in labelled if item.key not in short_keys]), detector)


class _Items:
    """Some items of a source; reads pass through."""

    def __init__(self, source, items: list):
        self._source = source
        self._items = items
        self.path = source.path

    def items(self) -> list:
        return self._items

    def read(self, item, starttime=None, endtime=None):
        return self._source.read(item, starttime, endtime)
