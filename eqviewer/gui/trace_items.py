"""The trace view's building blocks: curves pyqtgraph need not check, the time-zooming view box, per-block
amplitude envelopes of a long record, and the channel names written on the waveform panels."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.PlotDataItem import PlotDataset
from PyQt6.QtCore import Qt

WAVEFORM_PANELS = ("Z", "N", "E")


class FiniteCurve(pg.PlotDataItem):
    """A curve whose x and y samples are all finite (the view's own time axis, probabilities checked when set):
    pyqtgraph is told so, instead of scanning a day's 8.6 million samples for NaN (and copying the finite ones) each
    time a curve is set, which froze the window for 100-200 ms per curve after a station-day run."""

    def updateItems(self, styleUpdate=True):  # noqa: N802, N803 (pyqtgraph's names)
        if self._dataset is not None:  # pyqtgraph keeps what it knows of the data's finiteness on its dataset
            self._dataset.xAllFinite = self._dataset.yAllFinite = True
        super().updateItems(styleUpdate=styleUpdate)


class MaxEnvelopeCurve(FiniteCurve):
    """A probability curve that, zoomed out to more samples than pixels, draws the largest value of each pixel's
    samples: an envelope on which every pick's peak stands out, not pyqtgraph's min/max pairs (a carpet of spikes
    down to zero at day zoom)."""

    def _getDisplayDataset(self) -> PlotDataset | None:  # noqa: N802 (pyqtgraph's name)
        dataset = super()._getDisplayDataset()
        # Peak downsampling gives each pixel a (max, min) pair at one x: keep the maxima.
        if dataset is None or dataset.x.size < 4 or dataset.x[0] != dataset.x[1]:
            return dataset
        return PlotDataset(dataset.x[::2], dataset.y[::2], True, True)


def channel_ids(station_id: str, channels: dict[str, str] | None = None) -> dict[str, str]:
    """The full channel id (NET.STA.LOC.CHA) drawn in each waveform panel: the reader's channel codes when it
    gives them, else the station's band code with the component letter ("TA.109C..BH" -> "TA.109C..BHZ")."""
    channels = channels or {}
    prefix = station_id.rsplit(".", 1)[0] if station_id.count(".") >= 3 else station_id
    band = station_id.rsplit(".", 1)[1] if station_id.count(".") >= 3 else ""
    ids = {}
    for comp in WAVEFORM_PANELS:
        code = channels.get(comp) or f"{band}{comp}"
        ids[comp] = code if code.count(".") >= 3 else f"{prefix}.{code}"
    return ids


class TimeViewBox(pg.ViewBox):
    """Wheel zooms time; Shift+wheel scales amplitude (this panel only, which then stops following the view)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.follow_amplitude = True

    def wheelEvent(self, ev, axis=None):  # noqa: N802 (Qt's name)
        """Zoom the time axis, or the amplitude with Shift held."""
        amplitude = bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if amplitude:
            self.follow_amplitude = False
        super().wheelEvent(ev, axis=1 if amplitude else 0)


class Envelope:
    """Per-block minima and maxima of each component, so the visible amplitude range of a day-long record is
    found from a few thousand numbers instead of millions on every pan or zoom frame. ``data`` starts at sample
    ``first`` of the record (a filtered part of it); samples outside it count as absent."""

    BLOCK = 512

    def __init__(self, data: np.ndarray, first: int = 0):
        self.data, self.first = data, first
        n = data.shape[1]
        full = (n // self.BLOCK) * self.BLOCK
        blocks = data[:, :full].reshape(data.shape[0], -1, self.BLOCK)
        self.low = blocks.min(axis=2) if full else np.zeros((data.shape[0], 0), data.dtype)
        self.high = blocks.max(axis=2) if full else np.zeros((data.shape[0], 0), data.dtype)
        self.full = full

    def range(self, row: int, first: int, last: int) -> tuple[float, float]:
        """(min, max) of samples ``first``..``last`` of a component (whole blocks inside, exact samples at the ends)."""
        first, last = first - self.first, last - self.first
        n = self.data.shape[1]
        first, last = max(0, first), min(n, last)
        if last <= first:
            return 0.0, 0.0
        b0, b1 = -(-first // self.BLOCK), min(last, self.full) // self.BLOCK
        parts = []
        if b1 > b0:
            parts += [self.low[row, b0:b1].min(), self.high[row, b0:b1].max()]
            edges = (self.data[row, first:b0 * self.BLOCK], self.data[row, b1 * self.BLOCK:last])
        else:
            edges = (self.data[row, first:last],)
        for edge in edges:
            if edge.size:
                parts += [edge.min(), edge.max()]
        return float(min(parts)), float(max(parts))
