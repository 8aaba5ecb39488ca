"""The key help drawn over the window (F1 or ?): every key of the window's action registry as currently bound,
laid out in as many columns and as small a font as the view needs to show it whole (scrolling when even that
does not fit)."""

from __future__ import annotations

from html import escape

from PyQt6.QtCore import QEvent, Qt
from PyQt6.QtGui import QColor, QPainter
from PyQt6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

LAYOUTS = ((2, 10), (3, 10), (2, 9), (3, 9), (3, 8), (4, 8), (4, 7))
"""(columns, font points) tried in turn until the help fits the view."""
MARGIN_PX = 24


def help_html(rows: list[tuple[str, str, list[str]]], columns: int = 2) -> str:
    """The help text in ``columns`` columns: one table per group of ``rows`` (group, text, keys in use)."""
    groups: dict[str, list[str]] = {}
    for group, text, bound in rows:
        keys = " / ".join(f"<b>{escape(k)}</b>" for k in bound) or "<i>unbound</i>"
        groups.setdefault(group, []).append(f"<tr><td align='right'>{keys}&nbsp;&nbsp;</td>"
                                            f"<td>{escape(text)}</td></tr>")
    mouse = ("<tr><td align='right'><b>drag a pick line</b>&nbsp;&nbsp;</td><td>move the pick</td></tr>"
             "<tr><td align='right'><b>click a pick line</b>&nbsp;&nbsp;</td><td>select it</td></tr>"
             "<tr><td align='right'><b>wheel / Shift+wheel</b>&nbsp;&nbsp;</td><td>zoom time / amplitude</td></tr>")
    cells = [f"<h3>{escape(group)}</h3><table>{''.join(rows)}</table>" for group, rows in groups.items()]
    cells.append(f"<h3>Mouse</h3><table>{mouse}</table>")
    per_column = -(-sum(len(rows) + 2 for rows in groups.values()) // columns)  # a group's title counts two rows
    stacks: list[list[str]] = [[]]
    filled = 0
    for cell, size in zip(cells, [len(rows) + 2 for rows in groups.values()] + [5]):
        if filled and filled + size > per_column and len(stacks) < columns:
            stacks.append([])
            filled = 0
        stacks[-1].append(cell)
        filled += size
    return ("<table cellpadding='6'><tr>" + "".join(f"<td valign='top'>{''.join(s)}</td>" for s in stacks)
            + "</tr></table>"
            "<p align='center'>Every change is stored in the session at once. Keys: Settings ▸ Review keys.</p>")


class HelpOverlay(QWidget):
    """A translucent panel over its parent, following its size; any click hides it."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.rows: list[tuple[str, str, list[str]]] = []
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.label)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setStyleSheet("background: transparent")
        self.scroll.viewport().setAutoFillBackground(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN_PX // 2, MARGIN_PX // 2, MARGIN_PX // 2, MARGIN_PX // 2)
        layout.addWidget(self.scroll)
        parent.installEventFilter(self)
        self.hide()

    def set_rows(self, rows: list[tuple[str, str, list[str]]]) -> None:
        """List these keys: (group, text, keys in use) per action, e.g. the registry's :meth:`key_rows`."""
        self.rows = rows
        self._fit()

    def _fit(self) -> None:
        """The first of :data:`LAYOUTS` whose text fits the parent (the last one scrolls when none does)."""
        room = self.parentWidget().rect().adjusted(0, 0, -MARGIN_PX * 2, -MARGIN_PX * 2)
        for columns, points in LAYOUTS:
            self.label.setStyleSheet(f"color: white; background: transparent; font-size: {points}pt")
            self.label.setText(help_html(self.rows, columns))
            hint = self.label.sizeHint()
            if hint.width() <= room.width() and hint.height() <= room.height():
                return

    def fits(self) -> bool:
        """Whether the whole help shows without scrolling."""
        return not (self.scroll.verticalScrollBar().isVisible() or self.scroll.horizontalScrollBar().isVisible())

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        """Follow the parent's size while shown."""
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
            self._fit()
        return False

    def toggle(self) -> None:
        """Show over the whole parent, or hide."""
        if self.isVisible():
            self.hide()
            return
        self.setGeometry(self.parentWidget().rect())
        self._fit()
        self.raise_()
        self.show()

    def paintEvent(self, _event):  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(20, 28, 40, 235))

    def mousePressEvent(self, _event):  # noqa: N802
        self.hide()
