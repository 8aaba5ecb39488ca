"""The detector: a model's networks slid over a record of any length, stitched, and turned into picks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from obspy import UTCDateTime

from eqviewer.detect import first_pass, pick_detection, pick_rules
from eqviewer.detect.annotations import (
    ATTENTION_PREFIX,
    DETECTION_CURVE,
    P_CURVE,
    S_CURVE,
    Annotations,
    Detection,
)
from eqviewer.detect.peaks import curve_peaks, intervals_above
from eqviewer.detect.settings import DetectSettings
from eqviewer.detect.stitch import CurveStitcher
from eqviewer.detect.windows import classifier_starts, cut_windows, pad_to, padded_length, window_starts
from eqviewer.io import Record
from eqviewer.labels import Pick
from eqviewer.model import CLASSIFIER, PICKERS, ModelDescriptor

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

P_PICKER, S_PICKER = PICKERS
CLASSIFIER_NETWORKS = (CLASSIFIER,)


class SeedLikeModel(Protocol):
    """What the detector needs of a model (eqviewer.model.SeedModel provides it)."""

    name: str
    version: str
    descriptor: ModelDescriptor
    metadata: dict

    def predict(self, raw: np.ndarray, networks=..., attention: bool = ..., batch_size: int = ...): ...


@dataclass
class _Grid:
    """A record's windows, padded samples, stitcher and picker spans (see :meth:`Detector._grid`)."""

    n: int
    starts: np.ndarray
    cls_starts: np.ndarray
    padded: np.ndarray
    stitcher: CurveStitcher
    spans: dict | None


class Detector:
    """Runs a model over records with the given settings (default: :meth:`DetectSettings.for_model`, the model's
    own thresholds: fitted to it, else its kind's).

    ``run(record)`` annotates a whole record held in memory; :func:`eqviewer.detect.archive.detect_source` runs over
    archives slice by slice with :meth:`run_slice`, giving the same picks in bounded memory. ``progress(done, total)``
    is called with picker windows done; ``cancel()`` returning True stops after the current chunk of windows and the
    annotations then cover only the part done (``info["cancelled"]`` is True).
    """

    def __init__(self, model: SeedLikeModel, settings: DetectSettings | None = None):
        self.model = model
        self.settings = settings or DetectSettings.for_model(model.descriptor, model.metadata)
        self.descriptor = model.descriptor
        self.window = self.descriptor.window_samples
        samples = self.descriptor.samples
        self.stride = samples(self.settings.stride_s)
        self.classifier_stride = samples(self.settings.classifier_stride_s)
        self.s_every = int(round(self.settings.s_stride_s / self.settings.stride_s))
        self.taper = samples(self.settings.edge_taper_s)
        margin = samples(self.settings.span_margin_s)
        self.spans = {
            P_PICKER: min(self.window, self.stride + margin),
            S_PICKER: min(self.window, self.stride * self.s_every + margin),
        }
        if self.settings.cascade:  # S may lag the flagged onset by tens of seconds: its whole curve is kept
            del self.spans[S_PICKER]
        self._classifier_suits: dict[str, bool] = {}  # auto first pass: decision per station, made once
        self.classifier_detects = self.settings.detection == "classifier"
        self.pick_detection = pick_detection.PickDetectionWeights.from_metadata(model.metadata)

    @property
    def provenance(self) -> str:
        """The model name and weights version that automatic picks carry."""
        return f"{self.model.name}:{self.model.version}"

    def run(self, record: Record, progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> Annotations:
        """Annotate one whole record."""
        return self.run_slice(record, 0, True, (0, record.n_samples), progress, cancel)

    def run_slice(
        self,
        record: Record,
        offset: int,
        at_end: bool,
        own: tuple[int, int],
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> Annotations:
        """Annotate a time slice of a longer record.

        ``record`` holds the slice's samples; ``offset`` is its first sample's index in the whole record (window
        grids stay anchored at the record's start); ``at_end`` says whether it reaches the record's end; picks and
        detections are kept only in ``own`` = [first, end) samples of the slice (neighbouring slices overlap by a
        window so that every window covering an own sample is run).
        """
        settings = self.settings
        grid = self._grid(record, offset, at_end)
        n, starts, cls_starts, padded, stitcher, spans = (
            grid.n, grid.starts, grid.cls_starts, grid.padded, grid.stitcher, grid.spans
        )
        info: dict = {"model": self.provenance, "settings": settings.as_dict(), "cancelled": False}

        if settings.cascade:
            run_mask, info["first_pass"], scored = self._first_pass(padded, n, starts, cls_starts, record.station_id)
            if scored is None:  # STA/LTA chose; it cannot trigger while its LTA warms up: a record's first windows
                run_mask |= starts + offset < self.descriptor.samples(settings.lta_s)  # always run
                picker_starts = starts[run_mask]
                if self.classifier_detects:
                    self._predict_into(stitcher, padded, picker_starts, CLASSIFIER_NETWORKS, None)  # on those only
            else:
                picker_starts = starts[run_mask]
                if self.classifier_detects:
                    stitcher.add(DETECTION_CURVE, *scored)
            networks = PICKERS  # separate calls: each network combination costs a graph trace (seconds)
        else:
            picker_starts = starts
            networks = PICKERS
            if self.classifier_detects:
                self._predict_into(stitcher, padded, cls_starts, CLASSIFIER_NETWORKS, None)
            info["first_pass"] = None

        total = int(picker_starts.size)
        done = 0
        chunk = settings.chunk_windows
        for begin in range(0, total, chunk):
            if cancel is not None and cancel():
                info["cancelled"] = True
                own = (own[0], min(own[1], int(picker_starts[begin])))
                break
            part = picker_starts[begin : begin + chunk]
            if settings.cascade:
                self._predict_into(stitcher, padded, part, networks, spans)
            else:  # S on every s_every-th window of the record's grid, P on all
                with_s = self._with_s(part, offset)
                self._predict_into(stitcher, padded, part[with_s], networks, spans)
                self._predict_into(stitcher, padded, part[~with_s], (P_PICKER,), spans)
            done = min(total, begin + chunk)
            if progress is not None:
                progress(done, total)

        first_pick = max(0, self.descriptor.samples(settings.record_start_s) - offset)
        return self._annotations(record, grid, own, first_pick, done, int(starts.size), info)

    def run_many(self, records: list[Record]) -> list[Annotations]:
        """Annotate whole records with their windows pooled into shared, full model calls: the same windows,
        stitching and picks as :meth:`run` on each, at the model's batch speed (evaluation on many short traces,
        whose few windows each would otherwise make small calls). The cascade runs record by record."""
        if self.settings.cascade:
            return [self.run(record) for record in records]
        grids = [self._grid(record, 0, True) for record in records]
        calls: dict[tuple, list[tuple[_Grid, np.ndarray]]] = {}
        for grid in grids:
            with_s = self._with_s(grid.starts, 0)
            spans = tuple(sorted(grid.spans.items())) if grid.spans else None
            if self.classifier_detects:
                calls.setdefault((CLASSIFIER_NETWORKS, None), []).append((grid, grid.cls_starts))
            calls.setdefault((PICKERS, spans), []).append((grid, grid.starts[with_s]))
            calls.setdefault(((P_PICKER,), spans), []).append((grid, grid.starts[~with_s]))
        for (networks, spans), members in calls.items():
            members = [(grid, starts) for grid, starts in members if starts.size]
            if not members:
                continue
            raw = np.concatenate([cut_windows(grid.padded, starts, self.window) for grid, starts in members])
            out = self.model.predict(raw, networks=networks, attention=self.settings.attention,
                                     batch_size=self.settings.batch_size, spans=dict(spans) if spans else None)
            arrays = self._output_arrays(out, networks)
            first = 0
            for grid, starts in members:
                for name, values in arrays.items():
                    grid.stitcher.add(name, starts, values[first : first + starts.size])
                first += starts.size
        first_pick = self.descriptor.samples(self.settings.record_start_s)
        return [
            self._annotations(record, grid, (0, grid.n), first_pick, int(grid.starts.size),
                              int(grid.starts.size), {"model": self.provenance, "settings": self.settings.as_dict(),
                                                      "cancelled": False, "first_pass": None})
            for record, grid in zip(records, grids)
        ]

    def _grid(self, record: Record, offset: int, at_end: bool) -> _Grid:
        """The windows of a record (or a slice starting at sample ``offset`` of its record), its padded samples,
        an empty stitcher and the pickers' spans (None for a lone window: no neighbour sees its later part)."""
        data = np.asarray(record.data, dtype=np.float32)
        n = data.shape[1]
        starts = window_starts(n, self.stride, self.window, (-offset) % self.stride, at_end)
        cls_starts = classifier_starts(n, self.classifier_stride, self.window, (-offset) % self.classifier_stride,
                                       at_end)
        length = max(padded_length(n, starts, self.window), padded_length(n, cls_starts, self.window))
        spans = self.spans if starts.size > 1 else None
        stitcher = CurveStitcher(n, length, self.taper, self.window)
        return _Grid(n, starts, cls_starts, pad_to(data, length), stitcher, spans)

    def _with_s(self, starts: np.ndarray, offset: int) -> np.ndarray:
        """Which of the picker windows at ``starts`` (of a slice at ``offset``) also run the S picker: every
        s_every-th window of the record's grid."""
        return ((starts + offset) // self.stride) % self.s_every == 0

    def _annotations(
        self, record: Record, grid: _Grid, own: tuple[int, int], first_pick: int, done: int, total: int,
        info: dict,
    ) -> Annotations:
        """Curves, picks (none before sample ``first_pick``) and detections of a record from its stitched window
        outputs; the detection curve from the pickers' unless the classifier network gave it."""
        n = record.n_samples
        curves = grid.stitcher.curves()
        for name in (P_CURVE, S_CURVE):
            curves.setdefault(name, np.zeros(n, dtype=np.float32))
        if not self.classifier_detects and grid.cls_starts.size:
            scores = pick_detection.window_probabilities(
                curves[P_CURVE], curves[S_CURVE], grid.padded[:, :n], grid.cls_starts, self.window, record.sampling_rate,
                self.pick_detection)
            grid.stitcher.add(DETECTION_CURVE, grid.cls_starts, scores)
            curves[DETECTION_CURVE] = grid.stitcher.curves()[DETECTION_CURVE]
        curves.setdefault(DETECTION_CURVE, np.zeros(n, dtype=np.float32))
        picks = self._picks(curves, record, (max(own[0], first_pick), own[1]))
        if self.settings.pick_min_detection > 0 and not self.classifier_detects:
            picks = self._likely_picks(picks, curves[DETECTION_CURVE], record, grid.cls_starts)
        detections = self._detections(curves[DETECTION_CURVE], record, own, picks)
        return Annotations(
            record=str(record.ref),
            station_id=record.station_id,
            start=record.start,
            sampling_rate=record.sampling_rate,
            curves=curves,
            picks=picks,
            detections=detections,
            n_windows=done,
            n_windows_total=total,
            info=info,
        )

    # -- the model --------------------------------------------------------------------------------------------

    def _predict(self, padded: np.ndarray, starts: np.ndarray, networks: tuple[str, ...], spans: dict | None):
        return self.model.predict(
            cut_windows(padded, starts, self.window),
            networks=networks,
            attention=self.settings.attention,
            batch_size=self.settings.batch_size,
            spans=spans,
        )

    def _predict_into(
        self, stitcher: CurveStitcher, padded: np.ndarray, starts: np.ndarray, networks, spans: dict | None
    ) -> None:
        """Run the networks on the windows at ``starts`` (in chunks) and merge their outputs into ``stitcher``
        (of the pickers' curves only the first ``spans[net]`` samples, when given)."""
        if starts.size == 0:
            return
        for begin in range(0, starts.size, self.settings.chunk_windows):
            part = starts[begin : begin + self.settings.chunk_windows]
            for name, values in self._output_arrays(self._predict(padded, part, networks, spans), networks).items():
                stitcher.add(name, part, values)

    def _output_arrays(self, out, networks) -> dict[str, np.ndarray]:
        """The model's outputs by curve name: (N,) window scores or (N, window) curves."""
        arrays = {}
        if CLASSIFIER in networks:
            arrays[DETECTION_CURVE] = np.asarray(out.prob_earthquake, dtype=np.float32)
        if P_PICKER in networks:
            arrays[P_CURVE] = np.asarray(out.p_prob, dtype=np.float32)
        if S_PICKER in networks:
            arrays[S_CURVE] = np.asarray(out.s_prob, dtype=np.float32)
        if self.settings.attention:
            for name in out.attention:
                arrays[ATTENTION_PREFIX + name] = np.asarray(out.attention_time(name), dtype=np.float32)
        return arrays

    # -- cascade ----------------------------------------------------------------------------------------------

    def _first_pass(
        self, padded: np.ndarray, n: int, starts: np.ndarray, cls_starts: np.ndarray, station_id: str
    ) -> tuple[np.ndarray, str, tuple[np.ndarray, np.ndarray] | None]:
        """Which picker windows to run, the name of the first pass that chose them, and the classifier's
        (window starts, probabilities) when the classifier was the first pass."""
        settings = self.settings
        choice = settings.first_pass
        cft = None
        if choice in ("auto", "stalta"):
            cft = first_pass.sta_lta(padded, settings.sta_s, settings.lta_s)
        if choice == "auto":
            suits = self._classifier_suits.get(station_id)
            if suits is None:
                quiet, triggered = first_pass.calibration_windows(cft, cls_starts, settings.trigger_on, self.window)
                probs = self._classifier_probs(padded, np.concatenate([quiet, triggered]))
                suits = first_pass.classifier_suits(probs[: quiet.size], probs[quiet.size :], settings.det_threshold)
                if suits is not None:
                    self._classifier_suits[station_id] = suits
            choice = "classifier" if suits else "stalta"
        if choice == "classifier":
            probs = self._classifier_probs(padded, cls_starts)
            flagged = cls_starts[probs > settings.det_threshold]
            mask = first_pass.windows_for_flags(starts, flagged, self.stride, settings.cascade_neighbours, self.window)
            return mask, choice, (cls_starts, probs)
        onsets = first_pass.trigger_onsets(cft[:n], settings.trigger_on, settings.trigger_off)
        mask = first_pass.windows_for_onsets(starts, onsets, self.stride, settings.cascade_neighbours)
        return mask, choice, None

    def _classifier_probs(self, padded: np.ndarray, starts: np.ndarray) -> np.ndarray:
        if starts.size == 0:
            return np.empty(0, dtype=np.float32)
        out = self.model.predict(
            cut_windows(padded, starts, self.window), networks=CLASSIFIER_NETWORKS, attention=False,
            batch_size=self.settings.batch_size,
        )
        return np.asarray(out.prob_earthquake, dtype=np.float32)

    # -- picks and detections ---------------------------------------------------------------------------------

    def _picks(self, curves: dict[str, np.ndarray], record: Record, own: tuple[int, int]) -> list[Pick]:
        settings = self.settings
        rate = record.sampling_rate
        min_distance = int(round(settings.min_separation_s * rate))
        peaks = {phase: curve_peaks(curves[phase], threshold, min_distance)
                 for phase, threshold in ((P_CURVE, settings.p_threshold), (S_CURVE, settings.s_threshold))}
        peaks = self._apply_rules(peaks, record)
        picks = []
        for phase in (P_CURVE, S_CURVE):
            for peak in peaks[phase]:
                if not own[0] <= peak.sample < own[1]:
                    continue
                picks.append(
                    Pick(
                        station_id=record.station_id,
                        phase=phase,
                        time=record.start + peak.sample / rate,
                        record=str(record.ref),
                        probability=round(peak.height, 4),
                        uncertainty_s=round(peak.width / rate, 3),
                        status="automatic",
                        model=self.provenance,
                    )
                )
        picks.sort(key=lambda pick: pick.time)
        return picks

    def _apply_rules(self, peaks: dict[str, list], record: Record) -> dict[str, list]:
        """The peaks that pass the false-pick rules of the settings (:mod:`eqviewer.detect.pick_rules`); the rules
        see the peaks of the whole slice, margins included, so a P near the slice's end still finds its S."""
        settings = self.settings
        rate = record.sampling_rate
        keep = {phase: np.ones(len(found), dtype=bool) for phase, found in peaks.items()}
        if settings.pair_within_s > 0:
            p_ok, s_ok = pick_rules.paired(np.array([q.sample for q in peaks[P_CURVE]]) / rate,
                                           np.array([q.sample for q in peaks[S_CURVE]]) / rate, settings.pair_within_s)
            keep[P_CURVE] &= p_ok
            if settings.pair_s:
                keep[S_CURVE] &= s_ok
        for phase, minimum in ((P_CURVE, settings.p_min_snr), (S_CURVE, settings.s_min_snr)):
            if minimum > 0:
                samples = np.array([int(round(q.sample)) for q in peaks[phase]], dtype=int)
                sure = np.array([q.height >= settings.snr_exempt_probability for q in peaks[phase]], dtype=bool)
                keep[phase] &= sure | (pick_rules.snr_at(np.asarray(record.data), samples, rate) >= minimum)
        return {phase: [q for q, kept in zip(found, keep[phase]) if kept] for phase, found in peaks.items()}

    def _likely_picks(self, picks: list[Pick], det: np.ndarray, record: Record, cls_starts: np.ndarray) -> list[Pick]:
        """The picks where the detection curve reaches ``pick_min_detection``; a pick no classifier window of this
        slice covers (the start of a slice the caller owns) is kept: nothing judged it."""
        kept = []
        for pick in picks:
            sample = min(det.size - 1, max(0, int(round(record.sample_of(pick.time)))))
            covered = bool(np.any((cls_starts <= sample) & (sample < cls_starts + self.window)))
            if not covered or det[sample] >= self.settings.pick_min_detection:
                kept.append(pick)
        return kept

    def _detections(
        self, det: np.ndarray, record: Record, own: tuple[int, int], picks: list[Pick]
    ) -> list[Detection]:
        detections = []
        rate = record.sampling_rate
        for first, end in intervals_above(det, self.settings.det_threshold):
            first, end = max(first, own[0]), min(end, own[1])
            if first >= end:
                continue
            t0: UTCDateTime = record.start + first / rate
            t1: UTCDateTime = record.start + (end - 1) / rate
            inside = [pick for pick in picks if t0 <= pick.time <= t1]
            if self.settings.detection_requires_pick and not inside:
                continue
            detections.append(Detection(t0, t1, round(float(det[first:end].max()), 4), inside))
        return detections

