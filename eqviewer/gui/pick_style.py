"""How a pick looks: colour by phase, line style by review status (shared by every panel of the trace view)."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor, QPen

from eqviewer.labels import Pick
from eqviewer.resources import default_settings

COLOURS = default_settings()["colours"]  # by name: phases, other phases, rejected, archive, selected, detection, ...
PHASE_COLOURS = {phase: COLOURS[phase] for phase in ("P", "S")}
OTHER_PHASE_COLOUR = COLOURS["other_phase"]
REJECTED_COLOUR = COLOURS["rejected"]
ARCHIVE_COLOUR = COLOURS["archive"]
SELECTED_COLOUR = COLOURS["selected"]
DETECTION_COLOUR = COLOURS["detection"]
ATTENTION_COLORMAP = COLOURS["attention_colormap"]
CENTRE_LINE_COLOUR = "#6b7280"
"""The view's centre line, where the keys place a pick while the mouse is not over the traces."""

STATUS_MARKS = {"automatic": "auto", "accepted": "✓", "corrected": "✎", "manual": "manual", "rejected": "✗"}


def phase_colour(phase: str) -> QColor:
    """The colour of a phase (P blue, S red, anything else purple)."""
    return QColor(PHASE_COLOURS.get(phase.upper()[:1], OTHER_PHASE_COLOUR))


def pick_pen(pick: Pick, selected: bool = False) -> QPen:
    """Automatic picks dashed, reviewed ones solid, rejected grey and faint; the selected pick is thicker."""
    if pick.status == "rejected":
        colour = QColor(REJECTED_COLOUR)
        colour.setAlpha(110)
        pen = QPen(colour, 1, Qt.PenStyle.DotLine)
    else:
        colour = phase_colour(pick.phase)
        style = Qt.PenStyle.DashLine if pick.status == "automatic" else Qt.PenStyle.SolidLine
        pen = QPen(colour, 2 if pick.status != "automatic" else 1.5, style)
    if selected:
        pen.setWidthF(3.5)
    pen.setCosmetic(True)
    return pen


def hover_pen(pick: Pick) -> QPen:
    """The pen while the mouse is over a pick line (it can be dragged)."""
    pen = QPen(QColor(SELECTED_COLOUR), 3)
    pen.setCosmetic(True)
    return pen


def archive_pen(phase: str) -> QPen:
    """Labels the archive already held: the phase colour, dash-dot, thin."""
    colour = phase_colour(phase).darker(130)
    colour.setAlpha(200)
    pen = QPen(colour, 1.5, Qt.PenStyle.DashDotLine)
    pen.setCosmetic(True)
    return pen


def pick_label(pick: Pick, doubtful: bool = False) -> str:
    """The text next to a pick line: phase (with a '?' when it is ``doubtful``), probability for automatic picks,
    and a status mark."""
    text = pick.phase + ("?" if doubtful else "")
    if pick.probability is not None:
        text += f" {pick.probability:.2f}"
    return f"{text} {STATUS_MARKS.get(pick.status, pick.status)}"
