"""The small dialogs: remap keys (with the conflict check), export labels, custom view filter."""

from __future__ import annotations

import os

from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from eqviewer.app.exports import EXPORT_FORMATS, TRAINING_FORMATS
from eqviewer.app.view_filter import PRESETS, FilterSpec
from eqviewer.gui.keymap import ACTION_BY_NAME, conflicts, default_keymap, normalise
from eqviewer.labels import PICK_STATUSES

EXPORT_SUFFIXES = {"seisbench": "", "stead": ".hdf5", "quakeml": ".xml", "nlloc": ".obs", "csv": ".csv",
                   "events-csv": ".csv"}


class KeymapDialog(QDialog):
    """A table of actions and their keys (comma separated); OK stays disabled while two actions share a key."""

    def __init__(self, keymap: dict[str, list[str]], parent=None, fixed: dict[str, list[str]] | None = None):
        super().__init__(parent)
        self.setWindowTitle("Review keys")
        self.fixed = fixed or {}  # the keys of the window's other actions, which a review key must not take
        self.table = QTableWidget(len(keymap), 2)
        self.table.setHorizontalHeaderLabels(["action", "keys (comma separated)"])
        self.table.verticalHeader().setVisible(False)
        self.names = list(keymap)
        for row, name in enumerate(self.names):
            spec = ACTION_BY_NAME.get(name)
            label = QTableWidgetItem(spec.text if spec else name)
            label.setFlags(label.flags() & ~label.flags().ItemIsEditable)
            self.table.setItem(row, 0, label)
            self.table.setItem(row, 1, QTableWidgetItem(", ".join(keymap[name])))
        self.table.resizeColumnsToContents()
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00000")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.RestoreDefaults)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(620, 640)
        self.table.itemChanged.connect(self.check)
        self.check()

    def keymap(self) -> dict[str, list[str]]:
        """The keymap as edited."""
        result = {}
        for row, name in enumerate(self.names):
            text = self.table.item(row, 1).text()
            result[name] = [k.strip() for k in text.split(",") if k.strip()]
        return result

    def check(self) -> bool:
        """Show conflicts and invalid keys; OK is enabled only for a clean map."""
        keymap = self.keymap()
        problems = [f"'{key}' is bound to {' and '.join(names)}"
                    for key, names in conflicts(keymap, self.fixed).items()]
        problems += [f"'{k}' is not a key sequence" for keys in keymap.values() for k in keys if not normalise(k)]
        self.problem.setText("; ".join(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
        return not problems

    def restore_defaults(self) -> None:
        """Put the default keys back in the table."""
        defaults = default_keymap()
        for row, name in enumerate(self.names):
            self.table.item(row, 1).setText(", ".join(defaults.get(name, [])))


class ExportDialog(QDialog):
    """Choose the format, the pick statuses to include and the output path of an export."""

    def __init__(self, directory: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Export labels")
        self.format_box = QComboBox()
        self.format_box.addItems(list(EXPORT_FORMATS))
        self.status_boxes = {}
        statuses = QHBoxLayout()
        for status in PICK_STATUSES:
            box = QCheckBox(status)
            box.setChecked(status in ("accepted", "corrected", "manual"))
            statuses.addWidget(box)
            self.status_boxes[status] = box
        self.partial_box = QCheckBox("include partly reviewed records (their unreviewed phases marked unknown)")
        self.partial_box.setToolTip("training formats: by default a record with unreviewed picks is left out, so that "
                                    "a phase nobody judged is never exported as absent")
        self.path_edit = QLineEdit(os.path.join(directory, "labels"))
        browse = QPushButton("…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("format", self.format_box)
        form.addRow("picks", statuses)
        form.addRow("", self.partial_box)
        form.addRow("write to", path_row)
        form.addRow(buttons)
        self.format_box.currentTextChanged.connect(self._fix_suffix)
        self._fix_suffix(self.format_box.currentText())

    def _fix_suffix(self, fmt: str) -> None:
        self.partial_box.setEnabled(fmt in TRAINING_FORMATS)
        stem, _ = os.path.splitext(self.path_edit.text())
        self.path_edit.setText(stem + EXPORT_SUFFIXES[fmt])

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path_edit.text())
        if path:
            self.path_edit.setText(path)

    def choice(self) -> tuple[str, str, tuple[str, ...], bool]:
        """(format, output path, statuses, include partly reviewed records) as chosen."""
        statuses = tuple(s for s, box in self.status_boxes.items() if box.isChecked())
        fmt = self.format_box.currentText()
        return fmt, self.path_edit.text(), statuses, self.partial_box.isChecked() and fmt in TRAINING_FORMATS


class FilterDialog(QDialog):
    """A custom Butterworth view filter."""

    def __init__(self, current: FilterSpec | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("View filter")
        current = current or PRESETS[0]
        self.kind = QComboBox()
        self.kind.addItems(["bandpass", "highpass", "lowpass"])
        self.kind.setCurrentText(current.kind)
        self.freqmin = QDoubleSpinBox(decimals=3, minimum=0.001, maximum=49.9, value=current.freqmin or 1.0, suffix=" Hz")
        self.freqmax = QDoubleSpinBox(decimals=3, minimum=0.001, maximum=49.9, value=current.freqmax or 20.0, suffix=" Hz")
        self.corners = QSpinBox(minimum=1, maximum=8, value=current.corners)
        self.zerophase = QCheckBox("zero phase (acausal)")
        self.zerophase.setChecked(current.zerophase)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("type", self.kind)
        form.addRow("low corner", self.freqmin)
        form.addRow("high corner", self.freqmax)
        form.addRow("corners", self.corners)
        form.addRow(self.zerophase)
        form.addRow(buttons)

    def spec(self) -> FilterSpec:
        """The filter as chosen."""
        kind = self.kind.currentText()
        return FilterSpec(
            kind,
            self.freqmin.value() if kind in ("bandpass", "highpass") else None,
            self.freqmax.value() if kind in ("bandpass", "lowpass") else None,
            self.corners.value(),
            self.zerophase.isChecked(),
        )
