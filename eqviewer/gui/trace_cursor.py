"""Where the review keys act in the trace view: at the mouse while it is over the traces, else at the view's centre
line, which is drawn while the mouse is elsewhere, so a key never acts at a time the analyst cannot see."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PyQt6.QtCore import QEvent, QObject, QPointF, Qt

from eqviewer.gui.pick_style import CENTRE_LINE_COLOUR

CENTRE_PEN = pg.mkPen(CENTRE_LINE_COLOUR, width=1, style=Qt.PenStyle.DotLine)
CENTRE_TOOLTIP = "the view's centre: P and S place a pick here while the mouse is not over the traces"


class TraceCursor(QObject):
    """The mouse over the plots ``plots`` of ``view`` (a pyqtgraph GraphicsLayoutWidget) and the centre line.

    ``visible(name)`` says whether a panel is shown, ``x_range()`` gives the visible span and ``record_s()`` the
    record's length in seconds (None: no record), both in seconds after the record start.
    """

    def __init__(self, view: pg.GraphicsLayoutWidget, plots: dict[str, pg.PlotItem], visible: Callable[[str], bool],
                 x_range: Callable[[], tuple[float, float]], record_s: Callable[[], float | None]):
        super().__init__(view)
        self.plots, self._visible, self._x_range, self._record_s = plots, visible, x_range, record_s
        self.scene_pos: QPointF | None = None  # the mouse, while it is over a panel's traces
        self.centre_lines: dict[str, pg.InfiniteLine] = {}
        for name, plot in plots.items():
            line = pg.InfiniteLine(angle=90, movable=False, pen=CENTRE_PEN)
            line.setToolTip(CENTRE_TOOLTIP)
            line.setZValue(2)
            plot.addItem(line, ignoreBounds=True)
            self.centre_lines[name] = line
        view.installEventFilter(self)
        self.update()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        """The mouse left the traces: the keys act at the centre line again."""
        if event.type() == QEvent.Type.Leave:
            self.scene_pos = None
            self.update()
        return False

    def track(self, scene_pos: QPointF) -> float | None:
        """The mouse moved to ``scene_pos``: the time under it (seconds after start), None off the traces."""
        self.scene_pos = scene_pos if self._plot_at(scene_pos) is not None else None
        self.update()
        return self.mouse_seconds()

    def _plot_at(self, scene_pos: QPointF) -> pg.PlotItem | None:
        for name, plot in self.plots.items():
            if self._visible(name) and plot.vb.sceneBoundingRect().contains(scene_pos):
                return plot
        return None

    def mouse_seconds(self) -> float | None:
        """The time under the mouse now (the view may have moved under a still mouse), None when the mouse is not
        over the traces."""
        plot = None if self.scene_pos is None else self._plot_at(self.scene_pos)
        return None if plot is None else float(plot.vb.mapSceneToView(self.scene_pos).x())

    def centre(self) -> float:
        """The view's centre (seconds after start)."""
        x0, x1 = self._x_range()
        return (x0 + x1) / 2

    def key_seconds(self) -> float | None:
        """Where a key places a pick: the mouse's time while it is over the traces, in view and in the record,
        else the centre line's while that lies in the record; None when neither can be seen on the record."""
        record_s = self._record_s()
        if record_s is None:
            return None
        x0, x1 = self._x_range()
        mouse = self.mouse_seconds()
        if mouse is not None and x0 <= mouse <= x1 and 0.0 <= mouse <= record_s:
            return mouse
        centre = self.centre()
        return centre if 0.0 <= centre <= record_s else None

    def update(self) -> None:
        """Draw the centre line where the view's centre is, while a record is shown and the mouse is elsewhere."""
        shown = self._record_s() is not None and self.mouse_seconds() is None
        centre = self.centre()
        for line in self.centre_lines.values():
            line.setVisible(shown)
            if shown:
                line.setValue(centre)

    def centre_line_shown(self) -> bool:
        """Whether the centre line is drawn."""
        return any(line.isVisible() for line in self.centre_lines.values())
