"""The trace view's building blocks: curves pyqtgraph need not check, curves drawn from envelope pyramids, the
time-zooming view box, and the channel names written on the waveform panels."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.PlotDataItem import PlotDataset
from PyQt6.QtCore import QRectF, Qt

from eqviewer.app.envelope_pyramid import EnvelopePyramid

WAVEFORM_PANELS = ("Z", "N", "E")
DEFAULT_PIXELS = 1000
"""Columns a curve is drawn for before its view box has a size."""


class FiniteCurve(pg.PlotDataItem):
    """A curve whose x and y samples are all finite (the view's own time axis, probabilities checked when set):
    pyqtgraph is told so, instead of scanning a day's 8.6 million samples for NaN (and copying the finite ones) each
    time a curve is set, which froze the window for 100-200 ms per curve after a station-day run."""

    def updateItems(self, styleUpdate=True):  # noqa: N802, N803 (pyqtgraph's names)
        if self._dataset is not None:  # pyqtgraph keeps what it knows of the data's finiteness on its dataset
            self._dataset.xAllFinite = self._dataset.yAllFinite = True
        super().updateItems(styleUpdate=styleUpdate)


class PyramidCurve(FiniteCurve):
    """A curve drawn from an :class:`EnvelopePyramid` of its samples: at any zoom pyqtgraph gets one bucket per
    pixel column (its minimum and maximum, or the samples themselves zoomed in), read from the pyramid level that
    fits, instead of reducing every visible sample on each pan or zoom frame. Nothing is drawn until the pyramid
    is set (a station-day's is built in a worker). ``max_only``: one point per column, its largest value, an
    envelope on which every pick's peak stands out (not a carpet of min/max spikes down to zero at day zoom).

    The samples set with ``setData`` stay the curve's ``xData``/``yData``; sample ``i`` of the pyramid is drawn at
    ``offset + i / rate`` seconds; a pyramid of several rows (Z, N, E) is shared by their curves."""

    def __init__(self, *args, max_only: bool = False, **kwargs):
        self.max_only = max_only  # set before pyqtgraph's constructor draws
        self.pyramid: EnvelopePyramid | None = None
        self.rate, self.offset, self.row = 1.0, 0.0, 0
        super().__init__(*args, **kwargs)

    def set_pyramid(self, pyramid: EnvelopePyramid | None, rate: float = 1.0, offset: float = 0.0,
                    row: int = 0) -> None:
        """Draw row ``row`` of ``pyramid`` (None: draw nothing until one is set)."""
        self.pyramid, self.rate, self.offset, self.row = pyramid, float(rate), float(offset), row
        self._datasetDisplay = None
        self.updateItems(styleUpdate=False)
        self.informViewBoundsChanged()

    def set_samples(self, x: np.ndarray, y: np.ndarray) -> None:
        """Hand the curve new samples (kept, not copied); nothing is drawn until their pyramid is set."""
        self.pyramid = None
        self.setData(x, y, skipFiniteCheck=True)

    def viewRangeChanged(self, vb=None, ranges=None, changed=None):  # noqa: N802 (pyqtgraph's name)
        """Read the buckets of the new view from the pyramid."""
        if changed is None or changed[0]:
            self._datasetDisplay = None
            self.updateItems(styleUpdate=False)

    def _getDisplayDataset(self) -> PlotDataset | None:  # noqa: N802 (pyqtgraph's name)
        if self._datasetDisplay is not None:
            return self._datasetDisplay
        vb = self.getViewBox()
        if self.pyramid is None or self._dataset is None or vb is None:
            return PlotDataset(np.zeros(0), np.zeros(0), True, True)
        (x0, x1), _ = vb.viewRange()
        pixels = int(vb.width()) or DEFAULT_PIXELS
        first = int(np.floor((x0 - self.offset) * self.rate))
        starts, low, high, size = self.pyramid.view(self.row, first, int(np.ceil((x1 - self.offset) * self.rate)) + 1,
                                                    pixels)
        x = self.offset + starts / self.rate
        if size == 1 or self.max_only:
            y = high
        else:  # a vertical stroke per bucket, from its maximum to its minimum
            x = np.repeat(x, 2)
            y = np.empty(x.size, dtype=low.dtype)
            y[0::2], y[1::2] = high, low
        self._datasetDisplay = PlotDataset(x, y, True, True)
        return self._datasetDisplay

    def dataRect(self) -> QRectF | None:  # noqa: N802 (pyqtgraph's name)
        """The data's bounds, from the pyramid (not a scan of the samples)."""
        if self.pyramid is None or not self.pyramid.n:
            return None
        low, high = self.pyramid.bounds(self.row)
        t0 = self.offset + self.pyramid.first / self.rate
        return QRectF(t0, low, (self.pyramid.n - 1) / self.rate, high - low)

    def dataBounds(self, ax, frac=1.0, orthoRange=None):  # noqa: N802, N803 (pyqtgraph's names)
        """The x or y extent of the data (see :meth:`dataRect`)."""
        rect = self.dataRect()
        if rect is None:
            return None, None
        return (rect.left(), rect.right()) if ax == 0 else (rect.top(), rect.bottom())


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
