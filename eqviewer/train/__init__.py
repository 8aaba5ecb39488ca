"""eqviewer.train: fine-tuning the seed networks on reviewed labels, and judging the result.

``finetune_paths(paths, base, task, out, settings)`` (:mod:`eqviewer.train.finetune`) is `eqviewer train`;
``evaluate_sources(sources, model)`` (:mod:`eqviewer.train.evaluate`) is `eqviewer evaluate`,
``calibrate_thresholds(paths, model)`` (:mod:`eqviewer.train.calibrate`, fitting in
:mod:`eqviewer.train.thresholds`) is `eqviewer calibrate`, and :mod:`eqviewer.train.report` draws the HTML report.
Fine-tuning keeps a network only where it beats the base's (:mod:`eqviewer.train.selection`);
:mod:`eqviewer.train.gains` measures its gain on held-out labels with bootstrap intervals
(:mod:`eqviewer.train.bootstrap`).
Nothing here imports Qt.

Other packages import only the names in ``__all__``: fine-tuning (on files or on windows in memory) with its
settings, progress and result; evaluation and calibration; the report. Each name is imported on first use, from
the module :data:`_EXPORTS` names, so the settings work without loading TensorFlow (which finetune and loop
import).
"""

from __future__ import annotations

from eqviewer.lazy_face import lazy_attributes

# Each public name and the module that defines it.
_EXPORTS: dict[str, str] = {
    "AugmentSettings": "eqviewer.train.augment",
    "CLASSIFIER_INPUTS": "eqviewer.train.settings",
    "TASKS": "eqviewer.train.settings",
    "TrainSettings": "eqviewer.train.settings",
    "split_by_event": "eqviewer.train.split",
    "LabelledWindows": "eqviewer.train.windows",
    "TrainProgress": "eqviewer.train.loop",
    "TrainResult": "eqviewer.train.finetune",
    "base_window": "eqviewer.train.finetune",
    "finetune_paths": "eqviewer.train.finetune",
    "finetune_windows": "eqviewer.train.finetune",
    "read_labelled": "eqviewer.train.finetune",
    "read_training_data": "eqviewer.train.finetune",
    "NetworkChoice": "eqviewer.train.selection",
    "Gain": "eqviewer.train.gains",
    "heldout_gains": "eqviewer.train.gains",
    "evaluate_sources": "eqviewer.train.evaluate",
    "Calibration": "eqviewer.train.calibrate",
    "calibrate_thresholds": "eqviewer.train.calibrate",
    "MIN_LABELS": "eqviewer.train.thresholds",
    "MIN_RECORDS": "eqviewer.train.thresholds",
    "DetectionSamples": "eqviewer.train.pick_detection_fit",
    "detection_samples": "eqviewer.train.pick_detection_fit",
    "fit_pick_detection": "eqviewer.train.pick_detection_fit",
    "Thresholds": "eqviewer.train.report",
    "predict_windows": "eqviewer.train.report",
    "report_models": "eqviewer.train.report",
    "summary": "eqviewer.train.report",
    "write_report": "eqviewer.train.report",
}

__all__ = list(_EXPORTS)


__getattr__ = lazy_attributes(__name__, _EXPORTS)
