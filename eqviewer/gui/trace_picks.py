"""The picks in the trace view: one draggable, labelled line per panel for each pick near the view, or, when too
many are in view (a day zoomed out), light marks on the pick strip; and the archive's own picks, not editable."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from obspy import UTCDateTime

from eqviewer.gui.pick_labels import place_labels, preferred_row
from eqviewer.gui.pick_style import REJECTED_COLOUR, archive_pen, hover_pen, phase_colour, pick_label, pick_pen
from eqviewer.labels import Pick
from eqviewer.review import doubt_text, doubtful_picks

MAX_PICK_LINES = 40  # more picks than this near the view: drawn as marks on the pick strip (see PickLayer.set_picks)
STRIP_ROWS = {"P": (0.5, 1.0), "S": (0.0, 0.5)}  # where the marks of each phase sit on the pick strip (fraction)
LABEL_POSITIONS = {"P": 0.17, "S": 0.06}
"""Pick label heights (fraction of the panel from its foot): P above S, both below the channel caption at the
panel's top, which a label near the view's left edge would cover."""
OTHER_PHASE_POSITION = 0.28
REJECTED_POSITION = 0.62  # rejected picks' labels sit higher, apart from the live ones
STRIP = "picks"
"""The panel of the pick strip."""
LABELLED_PANEL = "Z"
ARCHIVE_LABELLED_PANEL = "N"


def _label_options(pick: Pick) -> dict:
    """Where and how a pick's label sits: P above S near the panel's foot; rejected picks higher up and grey."""
    if pick.status == "rejected":
        return {"position": REJECTED_POSITION, "color": REJECTED_COLOUR, "fill": (255, 255, 255, 160)}
    return {"position": LABEL_POSITIONS.get(pick.phase[:1].upper(), OTHER_PHASE_POSITION),
            "color": phase_colour(pick.phase), "fill": (255, 255, 255, 200)}


class PickLine(pg.InfiniteLine):
    """A pick's vertical line in one panel; knows the pick id it stands for and the row its label prefers (see
    :mod:`eqviewer.gui.pick_labels`)."""

    label: pg.InfLineLabel | None = None

    def __init__(self, pick: Pick, x: float, movable: bool, selected: bool, label: str | None):
        super().__init__(
            pos=x,
            angle=90,
            movable=movable,
            pen=pick_pen(pick, selected),
            hoverPen=hover_pen(pick) if movable else None,
            label=label,
            labelOpts=_label_options(pick) if label else None,
        )
        self.pick_id = pick.id
        self.preferred_row = preferred_row(pick.phase, pick.status == "rejected")
        self.setZValue(20 if selected else 10)


class PickLayer:
    """The pick lines and marks over the panels ``plots`` (in stacking order, the pick strip among them).

    ``x_range()`` gives the visible span (seconds after ``start``); ``clicked(id)`` is called when a line is
    clicked and ``moved(id, seconds after start)`` when a drag ends. Dragging one line moves the pick's line in
    every panel.
    """

    def __init__(self, plots: dict[str, pg.PlotItem], x_range: Callable[[], tuple[float, float]],
                 clicked: Callable[[int], None], moved: Callable[[int, float], None]):
        self.plots = plots
        self._x_range, self._clicked, self._moved = x_range, clicked, moved
        self.start = UTCDateTime(0)
        self.picks: list[Pick] = []
        self._pick_x = np.zeros(0)
        self._selected_id: int | None = None
        self._doubtful: dict[int, Pick] = {}  # model picks a reviewed pick of the other phase contradicts
        self._lines: dict[int, list[PickLine]] = {}
        self._ticks: list[tuple[pg.PlotItem, pg.VTickGroup]] = []
        self._static_lines: list[tuple[pg.PlotItem, pg.InfiniteLine]] = []
        plots[LABELLED_PANEL].vb.sigResized.connect(lambda _vb: self._place_labels())

    def set_picks(self, picks: list[Pick], start: UTCDateTime, selected_id: int | None = None) -> None:
        """Draw ``picks`` (times relative to ``start``) across every panel (rejected ones faint, the selected one
        thick).

        Picks near the visible span get one draggable, labelled line per panel; when more than MAX_PICK_LINES
        are in view (a day zoomed out), all picks are drawn as light tick marks instead, one item per panel and
        style, so panning stays fluid; zooming in brings the editable lines back.
        """
        self.start = UTCDateTime(start)
        self.picks = sorted(picks, key=lambda p: float(p.time))
        self._pick_x = np.array([float(p.time - self.start) for p in self.picks], dtype=np.float64)
        self._selected_id = selected_id
        self._doubtful = doubtful_picks(self.picks)
        self.layout(force=True)

    def layout(self, force: bool = False) -> None:
        """Materialise pick lines for the picks within half a view width of the visible span (after a pan or
        zoom; ``force``: redraw every line)."""
        x0, x1 = self._x_range()
        margin = (x1 - x0) / 2
        first, last = np.searchsorted(self._pick_x, [x0 - margin, x1 + margin])
        if last - first > MAX_PICK_LINES:
            if force or self._ticks == []:
                self._clear()
                self._draw_ticks()
                self._draw_selected_line()
            self._place_labels()
            return
        wanted = {p.id for p in self.picks[first:last]}
        if force or self._ticks:
            self._clear()
        for pick_id in set(self._lines) - wanted:  # scrolled away
            for line in self._lines.pop(pick_id):
                line.getViewBox().removeItem(line)
        for pick, x in zip(self.picks[first:last], self._pick_x[first:last]):
            if pick.id not in self._lines:
                self._add_lines(pick, float(x))
        self._place_labels()

    def _place_labels(self) -> None:
        """Stack the labels of picks close on screen, eliding those with no room (see :func:`place_labels`)."""
        index = list(self.plots).index(LABELLED_PANEL)
        place_labels([lines[index] for lines in self._lines.values()], self.plots[LABELLED_PANEL])

    def _add_lines(self, pick: Pick, x: float) -> None:
        lines = []
        doubt = self._doubtful.get(pick.id)
        text = pick_label(pick, doubtful=doubt is not None)
        tooltip = text + (f"\n{doubt_text(pick, doubt)}" if doubt is not None else "")
        for name, plot in self.plots.items():
            label = text if name == LABELLED_PANEL else None
            line = PickLine(pick, x, pick.status != "rejected", pick.id == self._selected_id, label)
            line.setToolTip(tooltip)
            line.sigDragged.connect(self._on_dragged)
            line.sigPositionChangeFinished.connect(lambda line: self._moved(int(line.pick_id), float(line.value())))
            line.sigClicked.connect(lambda line, _event=None: self._clicked(int(line.pick_id)))
            plot.addItem(line, ignoreBounds=True)
            lines.append(line)
        self._lines[pick.id] = lines

    def _clear(self) -> None:
        for lines in self._lines.values():
            for line in lines:
                if line.getViewBox() is not None:
                    line.getViewBox().removeItem(line)
        self._lines = {}
        for plot, ticks in self._ticks:
            plot.removeItem(ticks)
        self._ticks = []

    def _draw_ticks(self) -> None:
        """Every pick as a mark on the pick strip, one item per phase and style (the traces stay clear)."""
        groups: dict[tuple[str, str], list[float]] = {}
        for pick, x in zip(self.picks, self._pick_x):
            style = "rejected" if pick.status == "rejected" else ("automatic" if pick.status == "automatic" else "reviewed")
            groups.setdefault((pick.phase[:1].upper(), style), []).append(float(x))
        strip = self.plots[STRIP]
        for (phase, style), xs in groups.items():
            pen = pick_pen(Pick("", phase, self.start, status="rejected" if style == "rejected" else
                                "automatic" if style == "automatic" else "accepted"))
            ticks = pg.VTickGroup(xvals=xs, yrange=STRIP_ROWS.get(phase, (0.0, 1.0)), pen=pen)
            strip.addItem(ticks, ignoreBounds=True)
            self._ticks.append((strip, ticks))

    def _draw_selected_line(self) -> None:
        """The selected pick keeps its full line across the panels when the others are marks on the strip."""
        for pick, x in zip(self.picks, self._pick_x):
            if pick.id == self._selected_id:
                self._add_lines(pick, float(x))

    def drawn_as_marks(self) -> bool:
        """Whether the picks are drawn as marks on the pick strip (too many in view for lines)."""
        return bool(self._ticks)

    def mark_positions(self) -> list[float]:
        """Where the strip's marks are (seconds after start), for every phase and style."""
        return sorted(float(x) for _, ticks in self._ticks for x in ticks.xvals)

    def set_archive_labels(self, picks: list[Pick], start: UTCDateTime) -> None:
        """Draw the picks the archive already held (not editable) in a distinct dash-dot style."""
        for plot, line in self._static_lines:
            plot.removeItem(line)
        self._static_lines = []
        for pick in picks:
            x = float(pick.time - start)
            for name, plot in self.plots.items():
                label = f"{pick.phase} archive" if name == ARCHIVE_LABELLED_PANEL else None
                position = LABEL_POSITIONS.get(pick.phase[:1].upper(), OTHER_PHASE_POSITION)
                line = pg.InfiniteLine(pos=x, angle=90, movable=False, pen=archive_pen(pick.phase), label=label,
                                       labelOpts={"position": position, "color": phase_colour(pick.phase).darker(130),
                                                  "fill": (255, 255, 255, 200)} if label else None)
                line.setZValue(5)
                plot.addItem(line, ignoreBounds=True)
                self._static_lines.append((plot, line))

    def line_x(self, pick_id: int) -> float | None:
        """Where the line of a pick is drawn (seconds after start), or None if it is not drawn."""
        lines = self._lines.get(pick_id)
        return float(lines[0].value()) if lines else None

    def lines(self, pick_id: int) -> list[PickLine]:
        """The lines (one per panel) that stand for a pick."""
        return list(self._lines.get(pick_id, []))

    def _on_dragged(self, line: PickLine) -> None:
        for other in self._lines.get(line.pick_id, []):
            if other is not line:
                other.blockSignals(True)
                other.setValue(line.value())
                other.blockSignals(False)
