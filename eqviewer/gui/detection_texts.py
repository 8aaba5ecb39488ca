"""What the P(eq) panel says about its curve: where P(eq) comes from (the pickers, or the seed classifier network
that reads raw counts) and why a curve is drawn faded."""

from __future__ import annotations

import pyqtgraph as pg
from PyQt6.QtGui import QColor

from eqviewer.model import SEED

DETECTION_CAPTION = f"P(earthquake) of each {SEED.window_s:g} s window, drawn at the window's centre"
PICKERS_NOTE = "; from the pickers"
"""Added to the caption when P(eq) comes from the pickers (the default)."""
RAW_INPUT_NOTE = "; seed classifier, reads raw counts"
"""Added to the caption when the classifier of the curves reads raw amplitudes (has a noise ceiling)."""
DETECTION_TOOLTIP = (
    f"P(earthquake): one score per {SEED.window_s:g} s window, drawn at the window's centre and\n"
    "joined linearly between overlapping windows (the curve rises where the windows holding an onset are centred)."
)
PICKERS_TOOLTIP = (
    "\nFrom the pickers: the highest P in the window, the S after it and the signal-to-noise ratios at them,\n"
    "calibrated on labelled records; no gain changes it. Picks where it stays low are not made."
)
RAW_INPUT_TOOLTIP = (
    "\nThis classifier reads raw counts (the shipped one: TXED's), so off its training amplitudes it is not to be\n"
    "trusted; where a record's noise is far above them the curve is drawn faded and the panel says so."
)
FADED_DETECTION_PEN = pg.mkPen(QColor(150, 150, 150, 110), width=1)
"""The detection curve of a record the classifier cannot judge (its amplitudes are far outside its training)."""
