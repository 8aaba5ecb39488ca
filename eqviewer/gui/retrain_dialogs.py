"""The two dialogs of Model ▸ Retrain on this session: the choices before, the before/after figures after."""

from __future__ import annotations

import math
from dataclasses import replace

from PyQt6.QtCore import Qt, QUrl, pyqtSignal
from PyQt6.QtGui import QColor, QDesktopServices
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from eqviewer.app.retrain import RetrainOptions, RetrainOutcome, summary_lines
from eqviewer.train import TASKS, TrainSettings

# The figures of eqviewer.train.report.summary shown in the result table, in this order.
KEY_FIGURES = (
    "classifier F1", "classifier precision", "classifier recall",
    "P recall", "P MAE (s)", "S recall", "S MAE (s)", "P picks on noise", "S picks on noise",
)
# Figures where a smaller value is better (the others: larger is better).
SMALLER_IS_BETTER = {"P MAE (s)", "S MAE (s)", "P picks on noise", "S picks on noise"}
BETTER, WORSE = "#1b7a1b", "#b00000"


class RetrainDialog(QDialog):
    """Name of the new model, base, task, epochs, held-out share and export format."""

    def __init__(self, models: list[str], base: str, suggested_name: str, taken: set[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Retrain on this session")
        self.taken = taken
        defaults = TrainSettings()
        self.name_edit = QLineEdit(suggested_name)
        self.base_box = QComboBox()
        self.base_box.addItems(models)
        self.base_box.setCurrentText(base)
        self.task_box = QComboBox()
        self.task_box.addItems(list(TASKS))
        self.task_box.setCurrentText(RetrainOptions.task)
        self.epochs = QSpinBox(minimum=1, maximum=500, value=defaults.epochs)
        self.holdout = QDoubleSpinBox(decimals=2, minimum=0.05, maximum=0.9, singleStep=0.05, value=0.25)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Retrain")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        intro = QLabel("Fine-tunes a model on the session's reviewed labels (accepted, corrected, manual) and "
                       "compares it with its base on a held-out part of them. Runs in the background.")
        intro.setWordWrap(True)
        form.addRow(intro)
        form.addRow("new model name", self.name_edit)
        form.addRow("base model", self.base_box)
        form.addRow("train", self.task_box)
        form.addRow("at most epochs", self.epochs)
        form.addRow("share held out for evaluation", self.holdout)
        form.addRow(self.note)
        form.addRow(self.buttons)
        self.resize(460, self.sizeHint().height())
        self.name_edit.textChanged.connect(self._check)
        self.base_box.currentTextChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        name = self.name_edit.text().strip()
        problem = ""
        if not name:
            problem = "name the new model"
        elif name == self.base_box.currentText():
            problem = "the new model needs a name other than its base's"
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
        if problem:
            self.note.setStyleSheet(f"color: {WORSE}")
            self.note.setText(problem)
        else:
            self.note.setStyleSheet("")
            self.note.setText(f"replaces the registered model '{name}'" if name in self.taken else "")

    def options(self) -> RetrainOptions:
        """The choices as :class:`RetrainOptions`."""
        return RetrainOptions(
            name=self.name_edit.text().strip(),
            base=self.base_box.currentText(),
            task=self.task_box.currentText(),
            holdout_fraction=self.holdout.value(),
            train=replace(TrainSettings(), epochs=self.epochs.value()),
        )


def _thresholds_text(figures: dict) -> str:
    """"detection 0.50, P 0.33, S 0.30" from a model's summary figures."""
    return ", ".join(f"{name} {figures[f'{name} threshold']:.2f}" for name in ("detection", "P", "S"))


def _cell(value: float, key: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.3f}" if "(s)" in key else f"{100 * value:.0f} %"


class RetrainResultDialog(QDialog):
    """The base and the new model side by side on the held-out windows, with buttons to switch to the new model
    and to open the HTML report. Signal ``use_model(name)``."""

    use_model = pyqtSignal(str)

    def __init__(self, outcome: RetrainOutcome, parent=None):
        super().__init__(parent)
        self.outcome = outcome
        self.setWindowTitle(f"Retrained: {outcome.model_name}")
        stopped = "" if outcome.stopped == "done" else f" Training stopped early ({outcome.stopped}); the best " \
                                                       "weights so far were kept."
        heading = QLabel(f"<b>{outcome.model_name}</b> (from {outcome.base_name}) is registered, trained on "
                         f"{outcome.n_train} windows.{stopped}")
        heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        self.table = QTableWidget(0, 2)
        if outcome.before is not None and outcome.after is not None:
            layout.addWidget(QLabel(f"On the {outcome.n_holdout} held-out windows (never trained on):"))
            self._fill_table(outcome.before, outcome.after)
            layout.addWidget(self.table)
            self.thresholds_note = QLabel(
                "Each model at its own thresholds: "
                + "; ".join(f"{when} {_thresholds_text(figures)}"
                            for when, figures in (("before", outcome.before), ("after", outcome.after))))
            self.thresholds_note.setWordWrap(True)
            layout.addWidget(self.thresholds_note)
        else:
            layout.addWidget(QLabel("No before/after evaluation: the run was cancelled after training."))
        self.summary = QLabel("\n".join(summary_lines(outcome)))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox()
        self.use_button = self.buttons.addButton(f"Use {outcome.model_name}", QDialogButtonBox.ButtonRole.AcceptRole)
        self.report_button = QPushButton("Open the report")
        self.report_button.setEnabled(outcome.report is not None)
        self.report_button.setToolTip(str(outcome.report or ""))
        self.buttons.addButton(self.report_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton("Keep the current model", QDialogButtonBox.ButtonRole.RejectRole)
        self.use_button.clicked.connect(lambda: self.use_model.emit(outcome.model_name))
        self.report_button.clicked.connect(self.open_report)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(620, 560)

    def _fill_table(self, before: dict, after: dict) -> None:
        # figures that do not apply to these windows (no noise among them: no "picks on noise") are left out
        keys = [k for k in KEY_FIGURES if k in before and not (math.isnan(before[k]) and math.isnan(after[k]))]
        self.table.setRowCount(len(keys))
        self.table.setHorizontalHeaderLabels([f"before ({self.outcome.base_name})",
                                              f"after ({self.outcome.model_name})"])
        self.table.setVerticalHeaderLabels(keys)
        for row, key in enumerate(keys):
            old, new = before[key], after[key]
            for column, value in enumerate((old, new)):
                item = QTableWidgetItem(_cell(value, key))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
            if not (math.isnan(old) or math.isnan(new)) and old != new:
                better = (new < old) if key in SMALLER_IS_BETTER else (new > old)
                self.table.item(row, 1).setForeground(QColor(BETTER if better else WORSE))
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def figures(self) -> dict[str, tuple[str, str]]:
        """The table as shown: figure name -> (before, after) texts."""
        return {self.table.verticalHeaderItem(r).text(): (self.table.item(r, 0).text(), self.table.item(r, 1).text())
                for r in range(self.table.rowCount())}

    def open_report(self) -> bool:
        """Open the HTML report in the desktop's browser; whether it could be asked to."""
        if self.outcome.report is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.outcome.report)))
