"""The key remapping dialog refuses conflicts; the export dialog picks a suffix per format; drag and drop opens."""

from __future__ import annotations

from PyQt6.QtCore import QMimeData, QPointF, Qt, QUrl
from PyQt6.QtGui import QDropEvent
from PyQt6.QtWidgets import QDialogButtonBox

from eqviewer.gui.app import example_path
from eqviewer.gui.dialogs import ExportDialog, KeymapDialog
from eqviewer.gui.keymap import default_keymap


def test_keymap_dialog_blocks_ok_on_a_conflict(qtbot):
    dialog = KeymapDialog(default_keymap())
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    row = dialog.names.index("accept_pick")
    dialog.table.item(row, 1).setText("S, Return")
    assert not ok.isEnabled()
    assert "'S' is bound to set_s_pick and accept_pick" in dialog.problem.text()
    dialog.table.item(row, 1).setText("Ctrl+Nonsense")
    assert not ok.isEnabled() and "not a key sequence" in dialog.problem.text()
    dialog.table.item(row, 1).setText("X, Return")
    assert ok.isEnabled() and dialog.keymap()["accept_pick"] == ["X", "Return"]
    dialog.restore_defaults()
    assert dialog.keymap() == default_keymap()


def test_export_dialog_choices(qtbot, tmp_path):
    dialog = ExportDialog(str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentText("quakeml")
    fmt, path, statuses, partial = dialog.choice()
    assert fmt == "quakeml" and path == str(tmp_path / "labels.xml")
    assert statuses == ("accepted", "corrected", "manual") and partial is False
    assert not dialog.partial_box.isEnabled()  # partly reviewed records concern the training formats only
    dialog.status_boxes["automatic"].setChecked(True)
    dialog.format_box.setCurrentText("csv")
    assert dialog.choice() == ("csv", str(tmp_path / "labels.csv"), ("automatic", "accepted", "corrected", "manual"),
                               False)
    dialog.format_box.setCurrentText("seisbench")
    dialog.partial_box.setChecked(True)
    assert dialog.partial_box.isEnabled() and dialog.choice()[3] is True


def test_dropping_a_file_opens_it(qtbot, window):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(example_path())])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.record_shown, timeout=20_000):
        window.dropEvent(event)
    assert window.record.station_id.startswith("BW.RJOB")
    assert window.session is not None and window.session.path.endswith(".eqreview")
    assert window.opening.recent_files()[0] == example_path()
