"""The small panel where the analyst chooses the model, stride and thresholds and starts a run."""

from __future__ import annotations

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QWidget,
)

from eqviewer.app.models import model_listing
from eqviewer.app.thresholds import DETECTION_SOURCES, detect_settings, model_thresholds
from eqviewer.detect import DetectSettings
from eqviewer.errors import EqviewerError

DASK_TOOLTIP = (
    "Run on all: run the whole archive on Dask, in station-day tasks on a local cluster of worker processes "
    "(one per core; each loads the model once, which takes 5-20 s).\n"
    "Worth it for archives of many station-days; for a few records the plain run (unticked) starts at once "
    "and is as fast on a 2-core desktop.\n"
    "Tasks already in the session are skipped, so running again resumes a cancelled run. Probability curves "
    "are not stored: Run on record shows a record's curves."
)


def _spin(value: float, low: float, high: float, step: float, suffix: str = "", decimals: int = 2) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


DETECTION_LABELS = {"pickers": "pickers (any instrument)", "classifier": "seed classifier (raw counts)"}
"""The P(eq) sources as the panel names them (keys: :data:`eqviewer.app.thresholds.DETECTION_SOURCES`)."""
DETECTION_TOOLTIP = ("P(eq) from the pickers: the P and S curves and the signal-to-noise ratio at the P peak, "
                     "calibrated on labelled records; it does not depend on the instrument's gain.\n"
                     "The seed classifier network reads raw counts: on data unlike its training set's amplitudes it "
                     "calls most noise an earthquake (the P(eq) panel then says so).")

class ModelPanel(QWidget):
    """Model choice (seed or a registered fine-tuned model), stride, thresholds; Run buttons.

    Signals: ``run_requested(all_records)``, ``thresholds_changed(det, p, s)``.
    """

    run_requested = pyqtSignal(bool)
    retrain_requested = pyqtSignal()
    thresholds_changed = pyqtSignal(float, float, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        defaults = DetectSettings()
        self.model_box = QComboBox()
        self.reload_models()
        self.stride = _spin(defaults.stride_s, 0.5, 60.0, 1.0, " s", 1)
        self.detection = QComboBox()
        for source, label in DETECTION_LABELS.items():
            self.detection.addItem(label, source)
        self.detection.setToolTip(DETECTION_TOOLTIP)
        self.det_threshold = _spin(defaults.det_threshold, 0.01, 0.99, 0.05)
        self.p_threshold = _spin(defaults.p_threshold, 0.01, 0.99, 0.05)
        self.s_threshold = _spin(defaults.s_threshold, 0.01, 0.99, 0.05)
        self.attention = QCheckBox("compute attention maps")
        self.attention.setChecked(True)
        self.run_current = QPushButton("Run on record")
        self.run_all = QPushButton("Run on all")
        self.run_current.setToolTip("Run the detector on the record shown (results go to the session)")
        self.run_all.setToolTip("Run the detector on every record in the queue the model has not run on yet; with "
                                "'use all cores (Dask)' ticked, on every open archive in station-day tasks on a "
                                "local Dask cluster")
        self.use_dask = QCheckBox("use all cores (Dask)")
        self.use_dask.setToolTip(DASK_TOOLTIP)
        self.dask_workers = QSpinBox()
        self.dask_workers.setRange(0, 256)
        self.dask_workers.setSpecialValueText("one per core")
        self.dask_workers.setToolTip("worker processes of the local Dask cluster (one per core is best)")
        self._set_up_dask()
        self.retrain = QPushButton("Retrain on this session…")
        self.retrain.setToolTip("Fine-tune a model on the session's reviewed labels and compare it with its base")

        form = QFormLayout(self)
        form.addRow("model", self.model_box)
        form.addRow("stride", self.stride)
        form.addRow("P(eq) from", self.detection)
        form.addRow("detection threshold", self.det_threshold)
        form.addRow("P threshold", self.p_threshold)
        form.addRow("S threshold", self.s_threshold)
        form.addRow(self.attention)
        form.addRow(self.use_dask)
        form.addRow("Dask workers", self.dask_workers)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_current)
        buttons.addWidget(self.run_all)
        form.addRow(buttons)
        form.addRow(self.retrain)

        self.run_current.clicked.connect(lambda: self.run_requested.emit(False))
        self.run_all.clicked.connect(lambda: self.run_requested.emit(True))
        self.retrain.clicked.connect(self.retrain_requested.emit)
        for box in (self.det_threshold, self.p_threshold, self.s_threshold):
            box.valueChanged.connect(self._emit_thresholds)
        self.model_box.currentIndexChanged.connect(self.use_model_thresholds)
        self.detection.currentIndexChanged.connect(self.use_model_thresholds)
        self.use_model_thresholds()

    def use_model_thresholds(self) -> None:
        """Set the thresholds to the chosen model's own (:func:`eqviewer.app.thresholds.model_thresholds`: fitted
        to it, else its kind's); the analyst may change them afterwards."""
        for name, value in model_thresholds(self.model_spec(), self.detection_source()).items():
            getattr(self, name).setValue(value)

    def _set_up_dask(self) -> None:
        from eqviewer.app.dask_run import dask_available

        self.dask_workers.setValue(0)
        self.dask_workers.setEnabled(False)
        self.use_dask.toggled.connect(self.dask_workers.setEnabled)
        if not dask_available():
            self.use_dask.setEnabled(False)
            self.use_dask.setToolTip("needs Dask: pip install 'eqviewer[cluster]'")

    def dask_run(self) -> int | None:
        """Worker processes for Run on all on Dask (0: one per core), or None for the plain in-process run."""
        return self.dask_workers.value() if self.use_dask.isChecked() else None

    def reload_models(self) -> None:
        """List the seed model and every registered fine-tuned model (:func:`eqviewer.app.models.model_listing`)."""
        current = self.model_box.currentData()
        self.model_box.clear()
        try:
            listing = model_listing()
        except EqviewerError:
            listing = []
        for model in listing:
            note = "" if model.ready else " (weights not downloaded)"
            self.model_box.addItem(f"{model.name}{note}", model.name)
        if self.model_box.count() == 0:
            self.model_box.addItem("seed", "seed")
        index = self.model_box.findData(current)
        self.model_box.setCurrentIndex(max(index, 0))

    def model_spec(self) -> str:
        """The chosen model, as eqviewer.model.SeedModel.load takes it."""
        return self.model_box.currentData() or "seed"

    def detection_source(self) -> str:
        """Where P(eq) comes from: "pickers" or "classifier" (:data:`eqviewer.app.thresholds.DETECTION_SOURCES`)."""
        return self.detection.currentData() or DETECTION_SOURCES[0]

    def settings(self) -> DetectSettings:
        """The detector settings chosen in the panel (the model's, with the panel's stride and thresholds)."""
        return detect_settings(
            self.model_spec(), self.stride.value(),
            det_threshold=self.det_threshold.value(),
            detection=self.detection_source(),
            p_threshold=self.p_threshold.value(),
            s_threshold=self.s_threshold.value(),
            attention=self.attention.isChecked(),
        )

    def set_running(self, running: bool) -> None:
        """Disable the Run and Retrain buttons while a background job is in progress."""
        for button in (self.run_current, self.run_all, self.retrain):
            button.setEnabled(not running)

    def _emit_thresholds(self) -> None:
        self.thresholds_changed.emit(self.det_threshold.value(), self.p_threshold.value(), self.s_threshold.value())
