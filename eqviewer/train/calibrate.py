"""`eqviewer calibrate`: fit a model's P, S and detection thresholds to reviewed labels and store them with it.

The data are archives with labels or review sessions (their reviewed labels, read as the training windows the
exports cut: :mod:`eqviewer.train.session_source`). The
fitted thresholds (:mod:`eqviewer.train.thresholds`) go into the model's metadata, where detect, evaluate and the
window read them; for the seed, whose weight folder holds no metadata, or with ``out``, a new model is registered
that takes every network from the calibrated one and holds only the thresholds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eqviewer.detect import FITTED_DETECTION_KEY, DetectSettings
from eqviewer.errors import ModelError
from eqviewer.model import NETWORKS, ModelEntry, register, resolve, store_thresholds, user_models_dir


@dataclass
class Calibration:
    """The fitted "thresholds" metadata entry and the model that now holds it."""

    thresholds: dict
    entry: ModelEntry


def calibrate_thresholds(
    paths: Sequence[str | os.PathLike],
    model_spec: str,
    out: str | None = None,
    settings: DetectSettings = DetectSettings(),
    overwrite: bool = False,
    open_options: dict | None = None,
    minimum: tuple[int, int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Calibration:
    """Fit the thresholds of the model ``model_spec`` on the labelled ``paths`` (archives or sessions) and store
    them: in the model's own metadata, or (``out``) in a new registered model based on it. ``minimum`` is (fewest
    labels of a phase, fewest records of each class) to fit on (default :mod:`eqviewer.train.thresholds`'s). Raises
    :class:`eqviewer.errors.EqviewerError` for unreadable data or models, and for the seed without ``out``."""
    from eqviewer.model import SeedModel
    from eqviewer.train.session_source import open_labelled
    from eqviewer.train.thresholds import MIN_LABELS, MIN_RECORDS, fit_thresholds, keep_unfitted

    entry = resolve(model_spec)
    if out is None and entry.kind != "keras":
        raise ModelError(entry.path, "the seed model's folder holds no metadata to store thresholds in: "
                                              "give --out NAME to register a calibrated copy")
    if out is not None and (user_models_dir() / out).exists() and not overwrite:
        raise ModelError(user_models_dir() / out, "a model with this name is already registered; "
                                                                    "choose another --out or pass --overwrite")
    model = SeedModel.load(model_spec)
    sources = []
    try:
        for path in paths:
            sources.append(open_labelled(path, **(open_options or {})))
        data = ", ".join(str(Path(p).resolve()) if os.path.exists(p) else str(p) for p in paths)
        min_labels, min_records = minimum or (MIN_LABELS, MIN_RECORDS)
        thresholds = fit_thresholds(sources, model, settings, data=data, progress=progress,
                                    min_labels=min_labels, min_records=min_records)
        thresholds = keep_unfitted(thresholds, entry.metadata, NETWORKS, entry.name)
        thresholds[FITTED_DETECTION_KEY] = settings.detection
    finally:
        for source in sources:
            source.close()
    if out is None:
        return Calibration(thresholds, store_thresholds(entry, thresholds))
    base = entry.name if entry.kind != "keras" or entry.path.parent == user_models_dir() else str(entry.path)
    metadata = {"base": base, "description": f"{entry.name} with thresholds fitted to {data}", "thresholds": thresholds}
    return Calibration(thresholds, register(out, {}, metadata, overwrite=overwrite))
