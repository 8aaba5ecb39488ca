"""Fitting a model's P, S and detection thresholds to reviewed labels and storing them with it (``eqviewer
calibrate``): on the chosen device, the detector runs over labelled archives or review sessions' reviewed labels
(:mod:`eqviewer.train.calibrate`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from eqviewer.app.detection import choose_device
from eqviewer.app.thresholds import detect_settings
from eqviewer.train import MIN_LABELS, MIN_RECORDS

if TYPE_CHECKING:
    from obspy import UTCDateTime

    from eqviewer.train import Calibration

__all__ = ["MIN_LABELS", "MIN_RECORDS", "calibrate_model"]


def calibrate_model(paths: Sequence[str], model: str, out: str | None = None, overwrite: bool = False,
                    stride_s: float | None = None, cascade: bool = False, device: str | None = None,
                    format: str | None = None,
                    start: UTCDateTime | None = None, end: UTCDateTime | None = None,
                    min_labels: int = MIN_LABELS, min_records: int = MIN_RECORDS,
                    progress: Callable[[int, int], None] | None = None) -> Calibration:
    """Fit the thresholds of ``model`` on the labelled ``paths`` (archives opened with ``format``, ``start`` and
    ``end``, or review sessions), on at least ``min_labels`` labels of a phase and ``min_records`` records of each
    class; store them with the model or, with ``out``, with a new registered model based on it. The detector runs
    on ``device`` with strides from ``stride_s`` and, with ``cascade``, as runs with --cascade do; the thresholds it
    starts from are the defaults (:func:`eqviewer.app.thresholds.detect_settings` of no model), not those being
    replaced. EqviewerError for unreadable data or models, bad settings, and for the seed without ``out``."""
    from eqviewer.train import calibrate_thresholds

    settings = detect_settings(None, stride_s, cascade=True if cascade else None)
    choose_device(device)
    return calibrate_thresholds(paths, model, out, settings, overwrite,
                                {"format": format, "start": start, "end": end}, (min_labels, min_records), progress)
