"""The key help drawn over the trace view (F1 or ?), listing the keys as currently mapped."""

from __future__ import annotations

from html import escape

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor, QPainter
from PyQt6.QtWidgets import QLabel, QVBoxLayout, QWidget

from eqviewer.gui.keymap import ACTIONS


def help_html(keymap: dict[str, list[str]]) -> str:
    """The help text: one table per action group, with the keys in use."""
    groups: dict[str, list[str]] = {}
    for spec in ACTIONS:
        keys = " / ".join(f"<b>{escape(k)}</b>" for k in keymap.get(spec.name, [])) or "<i>unbound</i>"
        groups.setdefault(spec.group, []).append(f"<tr><td align='right'>{keys}&nbsp;&nbsp;</td>"
                                                 f"<td>{escape(spec.text)}</td></tr>")
    mouse = ("<tr><td align='right'><b>drag a pick line</b>&nbsp;&nbsp;</td><td>move the pick</td></tr>"
             "<tr><td align='right'><b>click a pick line</b>&nbsp;&nbsp;</td><td>select it</td></tr>"
             "<tr><td align='right'><b>wheel / Shift+wheel</b>&nbsp;&nbsp;</td><td>zoom time / amplitude</td></tr>")
    cells = [f"<h3>{escape(group)}</h3><table>{''.join(rows)}</table>" for group, rows in groups.items()]
    cells.append(f"<h3>Mouse</h3><table>{mouse}</table>")
    half = (len(cells) + 1) // 2
    return (f"<table cellpadding='8'><tr><td valign='top'>{''.join(cells[:half])}</td>"
            f"<td valign='top'>{''.join(cells[half:])}</td></tr></table>"
            "<p align='center'>Every change is stored in the session at once. Keys: Settings ▸ Review keys.</p>")


class HelpOverlay(QWidget):
    """A translucent panel over its parent; any click hides it."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setStyleSheet("color: white; background: transparent; font-size: 10pt")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label, 0, Qt.AlignmentFlag.AlignCenter)
        self.hide()

    def set_keymap(self, keymap: dict[str, list[str]]) -> None:
        """Refresh the listed keys."""
        self.label.setText(help_html(keymap))

    def toggle(self) -> None:
        """Show over the whole parent, or hide."""
        if self.isVisible():
            self.hide()
            return
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()

    def paintEvent(self, _event):  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(20, 28, 40, 215))

    def mousePressEvent(self, _event):  # noqa: N802
        self.hide()
