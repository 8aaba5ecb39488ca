"""Pick labels that never overlap: the labels of picks close in time on screen are stacked in rows, and a label
with no free row left is elided (its text stays in the line's tooltip).

Rows are one label high, counted from the panel's foot; each label prefers a row (S lowest, then P, other phases,
rejected picks highest) and takes the nearest free one, all below the channel caption at the panel's top.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PyQt6.QtCore import QPointF

LABEL_GAP_PX = 4.0
"""Labels in one row keep this far apart."""
TOP_FRACTION = 0.8
"""Labels stay below this height of the panel (the channel caption is above)."""
FOOT_PX = 2.0
ROW_GAP_PX = 2.0
"""Rows keep this far apart."""


def preferred_row(phase: str, rejected: bool) -> int:
    """The row a pick's label takes when it is free: S at the foot, P above it, other phases above P, rejected
    picks higher up, apart from the live ones."""
    if rejected:
        return 4
    return {"S": 0, "P": 1}.get(phase[:1].upper(), 2)


def label_rows(extents: list[tuple[float, float, int]], rows: int) -> list[int | None]:
    """The row of each label, given as (left px, right px, preferred row) in left-to-right order: the preferred row
    when it is free there, else the nearest free one above it, then below; None when no row is free (elided)."""
    right_edges = [-math.inf] * rows
    placed: list[int | None] = []
    for left, right, preferred in extents:
        preferred = min(preferred, rows - 1)
        order = [*range(preferred, rows), *range(preferred - 1, -1, -1)]
        row = next((k for k in order if right_edges[k] + LABEL_GAP_PX <= left), None)
        if row is not None:
            right_edges[row] = right
        placed.append(row)
    return placed


def place_labels(lines: list[pg.InfiniteLine], plot: pg.PlotItem) -> None:
    """Stack (or elide) the labels of ``lines`` (each with a ``label`` and a ``preferred_row``) in ``plot``."""
    lines = [line for line in lines if line.label is not None]
    height = plot.vb.sceneBoundingRect().height()
    if not lines or height <= 0:
        return
    label_px = max(line.label.boundingRect().height() for line in lines) + ROW_GAP_PX
    rows = max(1, int((height * TOP_FRACTION - FOOT_PX) // label_px))
    extents = []
    for line in lines:
        x = plot.vb.mapViewToScene(QPointF(float(line.value()), 0.0)).x()
        width = line.label.boundingRect().width()
        left = x - float(line.label.anchor[0]) * width
        extents.append((left, left + width, line.preferred_row))
    order = sorted(range(len(lines)), key=lambda i: extents[i][0])
    for i, row in zip(order, label_rows([extents[i] for i in order], rows)):
        label = lines[i].label
        label.setVisible(row is not None)
        if row is not None:
            label.setPosition((FOOT_PX + (row + 0.5) * label_px) / height)
