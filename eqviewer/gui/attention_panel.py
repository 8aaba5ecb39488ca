"""The trace view's attention panel: the model's attention maps as an image on the time axis, one row per
attention module, with a colour bar."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import QRectF

from eqviewer.app.envelope_pyramid import reduce_blocks
from eqviewer.gui.pick_style import ATTENTION_COLORMAP

# Attention rows, top to bottom; the names are those of eqviewer.model's attention maps.
ATTENTION_ORDER = ("cls_att1", "cls_att2", "p_att1", "p_att2", "p_att3", "p_att4", "s_att1", "s_att2", "s_att3", "s_att4")
ATTENTION_NETWORKS = {"cls": "detector", "p": "P picker", "s": "S picker"}
ATTENTION_TOOLTIP = (
    "Attention: each row is the spatial attention gate (0 = ignored, 1 = fully used) of one attention module of the\n"
    "network, placed on the time axis: where in the window that part of the network looked. Rows are named by the\n"
    "network (detector, P picker, S picker) and the module's depth (1 = nearest the waveform). A row that stays\n"
    "saturated over the whole view is drawn between its own typical low and high values there, its name says so;\n"
    "a row that does not vary over the view is named flat, with its value: it shows nothing there."
)
NO_ATTENTION_TEXT = "attention not computed (tick 'compute attention maps' in the Model panel and run the model)"
MAX_IMAGE_COLUMNS = 200_000
SATURATED = 0.8
"""A row whose 5th percentile over the view is at least this stays saturated: it is drawn against its own typical
values (scaled between its 5th and 95th percentile over the view), so where the network attends stands out."""
RELATIVE_PERCENTILES = (5.0, 95.0)
"""Between which percentiles over the view a saturated row is scaled."""
RELATIVE_SUFFIX = " (own {:g}-{:g}%)".format(*RELATIVE_PERCENTILES)
"""Added to the name of a row drawn against its own percentiles."""
FLAT_SPREAD = 0.02
"""A row whose 5th and 95th percentiles over the view lie closer than this does not vary there: it says only where
the network did not look differently, and its name says it is flat (and at what value) instead."""
FLAT_SUFFIX = " (flat {:.2f})"
"""Added to the name of a row that does not vary over the view, with its median value."""
MIN_ROW_PX = 13.0
"""Rows lower than this on screen cannot be named: the maps' mean is then drawn as one summary row."""


def summary_row_name(count: int) -> str:
    """The name of the one row that stands for ``count`` attention rows when there is no room for each."""
    return f"mean of {count} maps"


def attention_row_name(name: str) -> str:
    """An attention map's name as an analyst reads it: "p_att3" -> "P picker, attention 3"."""
    network, _, depth = name.partition("_att")
    if network in ATTENTION_NETWORKS and depth.isdigit():
        return f"{ATTENTION_NETWORKS[network]}, attention {depth}"
    return name


def relative_rows(image: np.ndarray, columns: slice) -> list[str]:
    """Scale, in place, each row of ``image`` that stays saturated over ``columns`` (the view) but varies there
    between its own 5th and 95th percentile (clipped to 0-1); per row what its name gets: :data:`RELATIVE_SUFFIX`
    for a scaled row, :data:`FLAT_SUFFIX` for a row that does not vary over the view, else ""."""
    suffixes = []
    for row in image:
        view = row[columns]
        low, high = np.percentile(view, RELATIVE_PERCENTILES) if view.size else (0.0, 0.0)
        if view.size and high - low < FLAT_SPREAD:
            suffixes.append(FLAT_SUFFIX.format(float(np.median(view))))
        elif low >= SATURATED:
            np.clip((row - low) / (high - low), 0.0, 1.0, out=row)
            suffixes.append(RELATIVE_SUFFIX)
        else:
            suffixes.append("")
    return suffixes


class AttentionPanel:
    """The attention maps drawn in ``plot`` (titled ``title`` while it holds none): ``image``, ``colour_bar``,
    ``note`` (why nothing is drawn) and ``rows`` (the map names drawn, top to bottom); ``collapsed`` when the panel
    is too low for a named row per map and their mean is drawn as one summary row (redrawn on resize)."""

    def __init__(self, plot: pg.PlotItem, title: str):
        self.plot, self.title = plot, title
        plot.setMouseEnabled(x=True, y=False)
        plot.invertY(True)
        self.image = pg.ImageItem(axisOrder="row-major", autoDownsample=True)
        self.image.setColorMap(pg.colormap.get(ATTENTION_COLORMAP))
        self.image.setLevels((0.0, 1.0))
        plot.addItem(self.image)
        self.colour_bar = pg.ColorBarItem(
            values=(0.0, 1.0), colorMap=pg.colormap.get(ATTENTION_COLORMAP), interactive=False, width=12,
            label="attention gate (0-1)",
        )
        self.colour_bar.setImageItem(self.image)
        self.rows: list[str] = []
        self.collapsed = False
        self._drawn: tuple = (0.0, 1.0, {}, 0.0)  # draw()'s arguments, to draw again when the panel is resized
        plot.vb.sigResized.connect(self._on_resized)
        self.note = pg.TextItem(color="#606060", anchor=(0, 0))
        plot.addItem(self.note, ignoreBounds=True)
        plot.setToolTip(ATTENTION_TOOLTIP)

    def draw(self, offset_s: float, sampling_rate: float, maps: dict[str, np.ndarray], view_start_s: float) -> None:
        """Draw ``maps`` from ``offset_s`` on the time axis (one row per module, in ATTENTION_ORDER); without maps
        the note says why, at ``view_start_s``."""
        names = [n for n in ATTENTION_ORDER if n in maps] + sorted(n for n in maps if n not in ATTENTION_ORDER)
        plot = self.plot
        self.rows = names
        self._drawn = (offset_s, sampling_rate, maps, view_start_s)
        self.collapsed = self._too_low(len(names))
        if not names:
            self.image.clear()
            self.note.setText(NO_ATTENTION_TEXT)
            self.note.setPos(view_start_s, 0)
            plot.getAxis("left").setTicks([[]])
            plot.setLabel("left", self.title)
            plot.setYRange(0, 1, padding=0)
            return
        self.note.setText("")
        n = min(np.asarray(maps[name]).size for name in names)
        step = max(1, int(np.ceil(n / MAX_IMAGE_COLUMNS)))
        usable = (n // step) * step
        image = np.empty((len(names), usable // step), dtype=np.float32)
        for row, name in enumerate(names):
            values = np.asarray(maps[name], dtype=np.float32)[:usable]
            image[row] = reduce_blocks(values[None, :], step, np.maximum)[0] if step > 1 else values
        (x0, x1), _ = plot.vb.viewRange()
        rate = sampling_rate / step
        view = slice(max(0, int((x0 - offset_s) * rate)), max(0, int(np.ceil((x1 - offset_s) * rate))))
        row_names = [attention_row_name(name) + suffix for name, suffix in zip(names, relative_rows(image, view))]
        if self.collapsed:
            image, row_names = image.mean(axis=0, keepdims=True), [summary_row_name(len(names))]
        self.image.setImage(image, autoLevels=False, levels=(0.0, 1.0))
        self.image.setRect(QRectF(offset_s, 0.0, usable / sampling_rate, float(len(row_names))))
        plot.getAxis("left").setTicks([[(row + 0.5, name) for row, name in enumerate(row_names)]])
        plot.setLabel("left", "")  # the rows name themselves; the panel's title would sit on top of their names
        plot.setYRange(0, len(row_names), padding=0)

    def _too_low(self, rows: int) -> bool:
        height = self.plot.vb.height()
        return rows > 1 and 0 < height < rows * MIN_ROW_PX

    def _on_resized(self, *_args) -> None:
        if self.rows and self._too_low(len(self.rows)) != self.collapsed:
            self.draw(*self._drawn)
