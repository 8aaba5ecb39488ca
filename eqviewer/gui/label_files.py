"""File ▸ Import the archives' own labels and File ▸ Export labels."""

from __future__ import annotations

import os
from collections.abc import Callable

from PyQt6.QtWidgets import QDialog, QWidget

from eqviewer.app.exports import export_labels
from eqviewer.app.review_state import ReviewState
from eqviewer.errors import EqviewerError
from eqviewer.gui.actions import FILE_MENU, Action, Entry
from eqviewer.gui.dialogs import ExportDialog

LABELS_GROUP = "2_labels"


class LabelFiles:
    """Labels in and out of ``review``'s session; ``status(text, ms)`` says what was done, ``show_error(title,
    message)`` what failed; ``parent`` owns the dialog."""

    def __init__(self, review: ReviewState, parent: QWidget, status: Callable[[str, int], None],
                 show_error: Callable[[str, str], object]):
        self.review, self.parent = review, parent
        self._status, self._show_error = status, show_error

    def actions(self) -> list[Entry]:
        """File ▸ Import the archives' own labels and Export labels."""
        return [
            Action("import_archive_labels", "&Import the archives' own labels", self.import_archive_labels,
                   FILE_MENU, LABELS_GROUP),
            Action("export_labels", "&Export labels…", self.export_dialog, FILE_MENU, LABELS_GROUP, "Ctrl+E"),
        ]

    def export_dialog(self) -> None:
        """File ▸ Export labels: every format of eqviewer.app.exports."""
        if self.review.session is None:
            self._show_error("Nothing to export", "open archives or a session first")
            return
        dialog = ExportDialog(os.path.dirname(self.review.session.path), self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.export(*dialog.choice())

    def export(self, fmt: str, path: str, statuses: tuple[str, ...], include_partial: bool = False) -> bool:
        """Export the session's labels (``include_partial``: partly reviewed records too, their unjudged phases
        marked unknown; training formats only); the status bar says what was written and what was left out.
        True on success."""
        try:
            summary = export_labels(self.review.session, fmt, path, statuses, include_partial)
        except EqviewerError as exc:
            self._show_error("Export failed", str(exc))
            return False
        self._status(" · ".join(summary), 15000)
        return True

    def import_archive_labels(self) -> None:
        """File ▸ Import: the picks and categories the archives hold become manual labels (one undoable edit)."""
        if self.review.session is None:
            return
        try:
            summary = self.review.import_archive_labels()
        except EqviewerError as exc:
            self._show_error("Cannot import the archive labels", str(exc))
            return
        self._status(f"imported {summary.picks} picks and {summary.window_labels} labels of "
                     f"{summary.records} records (Ctrl+Z undoes it)", 6000)
