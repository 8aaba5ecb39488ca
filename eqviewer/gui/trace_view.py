"""The trace view: Z, N, E, detection probability, P/S probability and attention panels on one UTC time axis.

Everything is drawn in seconds after the record start (one shared float64 time array per record). Every curve is
drawn from an envelope pyramid of its samples (built in a worker for a station-day), so a day-wide view draws and
scales from a few thousand numbers. Picks are vertical lines across every panel; dragging one moves it in all
panels and reports the new time when the drag ends.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from obspy import UTCDateTime
from PyQt6.QtCore import QPointF, Qt, pyqtSignal
from PyQt6.QtWidgets import QVBoxLayout, QWidget

from eqviewer.app.envelope_pyramid import EnvelopePyramid
from eqviewer.gui.detection_texts import (
    DETECTION_CAPTION, DETECTION_TOOLTIP, FADED_DETECTION_PEN, PICKERS_NOTE, PICKERS_TOOLTIP, RAW_INPUT_NOTE,
    RAW_INPUT_TOOLTIP,
)
from eqviewer.gui.attention_panel import AttentionPanel
from eqviewer.gui.pick_style import DETECTION_COLOUR, phase_colour
from eqviewer.gui.time_axis import UTCAxis
from eqviewer.gui.trace_cursor import TraceCursor
from eqviewer.gui.trace_envelopes import EnvelopeBuilder
from eqviewer.gui.trace_items import WAVEFORM_PANELS, PyramidCurve, TimeViewBox, channel_ids
from eqviewer.gui.trace_picks import PickLayer, PickLine
from eqviewer.io import SAMPLING_RATE
from eqviewer.labels import Pick
from eqviewer.model import EXPLANATION, NETWORKS, PICKERS, SEED, classifier_amplitude_warning
from eqviewer.review import carried_span

PROBABILITY_KEYS = ("detection", *PICKERS)
PANELS = ("picks", *WAVEFORM_PANELS, "detection", "phases", "attention")
PANEL_TITLES = {
    "picks": "picks",
    "Z": "Z",
    "N": "N",
    "E": "E",
    "detection": "P(eq)",
    "phases": "P / S",
    "attention": "attention",
}
TRACE_PEN = pg.mkPen("#202020", width=1)
LEFT_AXIS_PX = 130  # wide enough for "P picker, attention 3"; the same for every panel so their time axes align
DEFAULT_UNIT = "counts"


class TraceView(QWidget):
    """Stacked, x-linked plots of one record with its model curves, attention and picks.

    Signals: ``pick_clicked(id)``, ``pick_moved(id, seconds_after_start)`` when a drag ends, ``cursor_moved(seconds)``.
    """

    pick_clicked = pyqtSignal(int)
    pick_moved = pyqtSignal(int, float)
    cursor_moved = pyqtSignal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.layout_widget.setBackground("w")
        self.layout_widget.ci.setSpacing(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.layout_widget)

        self.start = UTCDateTime(0)
        self.sampling_rate = SAMPLING_RATE
        self.times: np.ndarray = np.zeros(0)
        self.amplitude_mode = "panel"
        self.envelopes = EnvelopeBuilder(self)
        self._pyramid: EnvelopePyramid | None = None  # of the waveforms drawn
        self._visible = {name: True for name in PANELS}
        self.plots: dict[str, pg.PlotItem] = {}
        self.axes: dict[str, UTCAxis] = {}
        self.curves: dict[str, PyramidCurve] = {}
        self.missing_text: dict[str, pg.TextItem] = {}
        self.captions: dict[str, pg.LabelItem] = {}
        self.channels: dict[str, str] = {}
        self.unit = DEFAULT_UNIT
        self.filter_text = ""
        self.threshold_lines: dict[str, pg.InfiniteLine] = {}
        self._build_panels()
        self.pick_layer = PickLayer(self.plots, self.x_range, self.pick_clicked.emit, self.pick_moved.emit)
        self.hint = pg.TextItem("Open waveform files, a folder, an SDS archive or a review session:\n"
                                "File ▸ Open (Ctrl+O), or drop them on the window.   F1: keys", color="#505a68",
                                anchor=(0.5, 0.5))
        self.plots["Z"].addItem(self.hint, ignoreBounds=True)
        self.hint.setPos(0.5, 0.5)
        self.set_attention(self.start, self.sampling_rate, {})
        self.cursor = TraceCursor(self.layout_widget, self.plots, self.panel_visible, self.x_range, self.record_s)
        self.plots["Z"].sigXRangeChanged.connect(self._on_x_range_changed)
        self.layout_widget.scene().sigMouseMoved.connect(self._on_mouse_moved)

    # ----- construction -------------------------------------------------------------------------------------------
    def _build_panels(self) -> None:
        first = None
        for name in PANELS:
            axis = UTCAxis()
            plot = pg.PlotItem(viewBox=TimeViewBox(), axisItems={"bottom": axis})
            plot.setLabel("left", PANEL_TITLES[name])
            plot.getAxis("left").setWidth(LEFT_AXIS_PX)
            plot.getAxis("left").setStyle(hideOverlappingLabels=True)  # no clash with the next panel's labels
            plot.showGrid(x=True, y=False, alpha=0.15)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            # On the PlotItem, not the curves: PlotItem.addItem imposes its own (default: off) modes on them.
            plot.setDownsampling(auto=True, mode="peak")
            plot.setClipToView(True)
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            self.plots[name] = plot
            self.axes[name] = axis
        for name in WAVEFORM_PANELS:
            curve = PyramidCurve(pen=TRACE_PEN, skipFiniteCheck=True)
            self.plots[name].addItem(curve)
            self.curves[name] = curve
            text = pg.TextItem(color="#b00000", anchor=(0, 0))
            text.setVisible(False)
            self.plots[name].addItem(text, ignoreBounds=True)
            self.missing_text[name] = text
            caption = pg.LabelItem("", size="9pt", color="#303a48", justify="left")
            caption.setParentItem(self.plots[name].vb)
            caption.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(4, 0))
            self.captions[name] = caption
        self._build_probability_panels()
        self.attention = AttentionPanel(self.plots["attention"], PANEL_TITLES["attention"])
        self._build_pick_strip()
        self._relayout()

    def _build_pick_strip(self) -> None:
        """A thin panel above the traces where, zoomed out, every pick is a short mark (P above, S below)."""
        plot = self.plots["picks"]
        plot.setYRange(0, 1, padding=0)
        plot.setMouseEnabled(x=True, y=False)
        plot.showGrid(x=False, y=False)
        plot.getAxis("left").setTicks([[(0.75, "P"), (0.25, "S")]])
        plot.setToolTip("picks: when many picks are in view they are drawn here as marks (P top, S bottom), so the\n"
                        "traces stay readable; zoom in (Up, wheel) or step with Tab for editable pick lines")

    def _probability_curve(self, panel: str, key: str, colour: str, name: str) -> None:
        # Width 1: pyqtgraph then draws line segments, several times faster than stroking a wide path.
        curve = PyramidCurve(pen=pg.mkPen(colour, width=1), name=name, skipFiniteCheck=True,
                             max_only=panel == "phases")
        self.plots[panel].addItem(curve)
        self.curves[key] = curve

    def _threshold_line(self, panel: str, key: str, colour: str) -> None:
        line = pg.InfiniteLine(angle=0, movable=False, pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine))
        self.plots[panel].addItem(line, ignoreBounds=True)
        self.threshold_lines[key] = line

    def _build_probability_panels(self) -> None:
        for panel in ("detection", "phases"):
            plot = self.plots[panel]
            plot.setYRange(0, 1.3 if panel == "detection" else 1.05, padding=0)  # P(eq) near 1 under its caption
            plot.setMouseEnabled(x=True, y=False)
            plot.getAxis("left").setTicks([[(0, "0"), (0.5, "0.5"), (1, "1")]])
        self.plots["phases"].addLegend(offset=(-5, 2), labelTextSize="8pt")
        self._probability_curve("detection", "detection", DETECTION_COLOUR, "earthquake")
        self._probability_curve("phases", "p", phase_colour("P").name(), "P")
        self._probability_curve("phases", "s", phase_colour("S").name(), "S")
        self._threshold_line("detection", "detection", DETECTION_COLOUR)
        self.detection_caption = pg.LabelItem(DETECTION_CAPTION + PICKERS_NOTE, size="8pt", color="#2e5e2e",
                                              justify="left")
        self.detection_warning: str | None = None  # why this record's P(eq) cannot be trusted (see set_record)
        self.classifier_ceiling: float | None = None  # P(eq) from the pickers; see set_classifier_ceiling
        self._judged_data: np.ndarray | None = None  # the raw samples the P(eq) warning was judged on
        self.detection_caption.setParentItem(self.plots["detection"].vb)
        self.detection_caption.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(4, 0))
        self._threshold_line("phases", "p", phase_colour("P").name())
        self._threshold_line("phases", "s", phase_colour("S").name())
        self.set_thresholds(*(SEED.thresholds[net] for net in NETWORKS))  # detection, P, S

    def _relayout(self) -> None:
        """Re-stack the visible panels; only the lowest shows the time axis."""
        self.layout_widget.ci.clear()
        visible = [name for name in PANELS if self._visible[name]]
        heights = {"picks": 0.6, "Z": 3, "N": 3, "E": 3, "detection": 1.4, "phases": 1.8, "attention": 2.2}
        for row, name in enumerate(visible):
            plot = self.plots[name]
            self.layout_widget.addItem(plot, row=row, col=0)
            if name == "attention":
                self.layout_widget.addItem(self.attention.colour_bar, row=row, col=1)
            plot.showAxis("bottom", row == len(visible) - 1)
            self.layout_widget.ci.layout.setRowStretchFactor(row, int(heights[name] * 10))
        if not self._visible["attention"]:
            self.attention.colour_bar.setParentItem(None)
            if self.attention.colour_bar.scene() is not None:
                self.attention.colour_bar.scene().removeItem(self.attention.colour_bar)

    # ----- panels -------------------------------------------------------------------------------------------------
    def set_panel_visible(self, name: str, visible: bool) -> None:
        """Show or hide one panel (one of PANELS)."""
        if self._visible[name] != visible:
            self._visible[name] = visible
            self._relayout()

    def panel_visible(self, name: str) -> bool:
        """Whether a panel is shown."""
        return self._visible[name]

    # ----- data ---------------------------------------------------------------------------------------------------
    def set_record(self, data: np.ndarray, start: UTCDateTime, sampling_rate: float, station_id: str,
                   missing: tuple[str, ...] = (), channels: dict[str, str] | None = None,
                   unit: str = DEFAULT_UNIT) -> None:
        """Draw a record's samples (float32 (3, n), Z N E) over its whole length; its model curves are cleared.

        ``missing`` names components the archive lacked (drawn as zeros, with a note in the panel); ``channels``
        the reader's channel code per component and ``unit`` the amplitude unit, both written on each panel.
        """
        self.hint.setVisible(False)
        old_view, old_start, old_record_s = self.x_range(), self.start, self.record_s()
        for key in self.curves:  # old data would be redrawn for the new range: drop it first
            self._clear_curve(key)
        self._pyramid = None
        self.attention.image.clear()
        self.start = UTCDateTime(start)
        self.sampling_rate = float(sampling_rate)
        n = data.shape[1]
        if self.times.shape[0] != n or self.times[1:2].tolist() != [1.0 / self.sampling_rate]:
            self.times = np.arange(n, dtype=np.float64) / self.sampling_rate
        for axis in self.axes.values():
            axis.set_start(self.start)
        short = station_id.split(".")[1] if station_id.count(".") >= 1 else station_id
        self.channels = channel_ids(station_id, channels)
        self.unit = unit
        for comp in WAVEFORM_PANELS:
            self.plots[comp].setLabel("left", f"{short} {comp}")
            self._show_missing(comp, comp in missing)
        self._update_captions()
        self._judge_detection(data)
        span = None if old_record_s is None else carried_span(old_view, old_start, old_record_s, self.start,
                                                             self.record_s())
        if span is None:
            self.show_all()
        else:
            self.set_x_range(*span)
        self.set_display_data(data)
        self.cursor.update()

    def set_classifier_ceiling(self, ceiling: float | None) -> None:
        """Judge the P(eq) curve by the noise ceiling of the classifier that computes it (None: it normalises its
        input, nothing to judge; see eqviewer.model.amplitude_guard.noise_ceiling)."""
        if ceiling != self.classifier_ceiling:
            self.classifier_ceiling = ceiling
            if self._judged_data is not None:
                self._judge_detection(self._judged_data)

    def _judge_detection(self, data: np.ndarray) -> None:
        """Draw the detection curve faded, its caption saying why, when the record's amplitudes lie far outside
        what the raw-input classifier was trained on (eqviewer.model.amplitude_guard)."""
        self._judged_data = data
        reads_raw = self.classifier_ceiling is not None
        self.detection_warning = classifier_amplitude_warning(self.classifier_ceiling, data)
        faded = self.detection_warning is not None
        self.curves["detection"].setPen(FADED_DETECTION_PEN if faded else pg.mkPen(DETECTION_COLOUR, width=1))
        self.threshold_lines["detection"].setVisible(not faded)
        caption = DETECTION_CAPTION + (RAW_INPUT_NOTE if reads_raw else PICKERS_NOTE)
        self.detection_caption.setText(self.detection_warning or caption, color="#9a3412" if faded else "#2e5e2e")
        self.plots["detection"].setToolTip(EXPLANATION if faded else
                                           DETECTION_TOOLTIP + (RAW_INPUT_TOOLTIP if reads_raw else PICKERS_TOOLTIP))

    def _show_missing(self, comp: str, missing: bool) -> None:
        text = self.missing_text[comp]
        text.setText(f"{comp} component missing in the archive (drawn as zeros)" if missing else "")
        text.setVisible(missing)
        if missing:
            text.setPos(0, 0)

    def set_filter_text(self, text: str) -> None:
        """Name the view filter in effect on each waveform panel ("" when the traces are unfiltered)."""
        self.filter_text = text
        self._update_captions()

    def set_unit(self, unit: str | dict[str, str]) -> None:
        """Name the amplitude unit on the waveform panels: one for all, or one per component (Z, N, E)."""
        self.unit = unit
        self._update_captions()

    def _update_captions(self) -> None:
        for comp in WAVEFORM_PANELS:
            unit = self.unit.get(comp, DEFAULT_UNIT) if isinstance(self.unit, dict) else self.unit
            parts = [self.channels.get(comp, comp), unit, f"filter {self.filter_text}" if self.filter_text
                     else "unfiltered"]
            self.captions[comp].setText("  ·  ".join(parts))

    def caption(self, comp: str) -> str:
        """The text written on a waveform panel: channel id, amplitude unit and filter."""
        return self.captions[comp].text

    def set_display_data(self, data: np.ndarray, first: int = 0) -> None:
        """Replace the drawn samples (e.g. a filtered part) by ``data``, from sample ``first`` of the record on,
        without touching the record or the view range."""
        times = self.times[first:first + data.shape[1]]
        for i, comp in enumerate(WAVEFORM_PANELS):
            self.curves[comp].set_samples(times, data[i])
        self.envelopes.request("waveforms", data, first, self._draw_waveforms)

    def _draw_waveforms(self, pyramid: EnvelopePyramid) -> None:
        self._pyramid = pyramid
        for i, comp in enumerate(WAVEFORM_PANELS):
            self.curves[comp].set_pyramid(pyramid, self.sampling_rate, 0.0, i)
        self.fit_amplitude()

    def show_all(self) -> None:
        """Zoom out to the whole record."""
        if self.times.size:
            self.plots["Z"].setXRange(0.0, float(self.times[-1]), padding=0.01)

    def set_x_range(self, t0: float, t1: float) -> None:
        """Show seconds ``t0`` to ``t1`` after the record start."""
        self.plots["Z"].setXRange(t0, t1, padding=0)

    def record_s(self) -> float | None:
        """The record's length in seconds (None before a record is shown)."""
        return float(self.times.size / self.sampling_rate) if self.times.size else None

    def x_range(self) -> tuple[float, float]:
        """The visible time span in seconds after the record start."""
        (x0, x1), _ = self.plots["Z"].viewRange()
        return float(x0), float(x1)

    def set_amplitude_mode(self, mode: str) -> None:
        """"panel": each component scaled to its own visible peak; "common": one scale (the largest) for Z, N, E."""
        self.amplitude_mode = mode
        self.fit_amplitude()

    def fit_amplitude(self) -> None:
        """Scale every waveform panel to the visible samples again (undoing Shift+wheel and ×2/÷2 scaling)."""
        for comp in WAVEFORM_PANELS:
            self.plots[comp].vb.follow_amplitude = True
        self._follow_amplitude()

    def _on_x_range_changed(self, *_args) -> None:
        self._follow_amplitude()
        self.cursor.update()
        self.pick_layer.layout()

    def _follow_amplitude(self) -> None:
        """Fit the y ranges of the panels that follow the view to the samples visible now."""
        if self._pyramid is None:
            return
        x0, x1 = self.x_range()
        first, last = int(np.floor(x0 * self.sampling_rate)), int(np.ceil(x1 * self.sampling_rate)) + 1
        ranges = [self._pyramid.range(i, first, last) for i in range(len(WAVEFORM_PANELS))]
        if self.amplitude_mode == "common":
            peak = max(max(abs(lo), abs(hi)) for lo, hi in ranges) or 1.0
            ranges = [(-peak, peak)] * len(ranges)
        for comp, (low, high) in zip(WAVEFORM_PANELS, ranges):
            vb = self.plots[comp].vb
            if vb.follow_amplitude:
                if high <= low:
                    low, high = low - 1.0, high + 1.0
                vb.setYRange(low, high, padding=0.05)

    def scale_amplitude(self, factor: float) -> None:
        """Multiply the displayed amplitude of every waveform panel by ``factor`` (> 1 enlarges the wiggles)."""
        for comp in WAVEFORM_PANELS:
            vb = self.plots[comp].vb
            vb.follow_amplitude = False
            _, (y0, y1) = vb.viewRange()
            centre, half = (y0 + y1) / 2, (y1 - y0) / 2 / factor
            vb.setYRange(centre - half, centre + half, padding=0)

    def set_probabilities(self, start: UTCDateTime, sampling_rate: float, curves: dict[str, np.ndarray]) -> None:
        """Draw model curves: keys "detection", "p", "s" (probabilities); missing keys clear their curve."""
        for key in PROBABILITY_KEYS:
            self.set_probability(key, start, sampling_rate, curves.get(key))

    def set_probability(self, key: str, start: UTCDateTime, sampling_rate: float, values: np.ndarray | None) -> None:
        """Draw one model curve ("detection", "p" or "s"); None clears it."""
        if values is None:
            self._clear_curve(key)
            return
        offset = float(UTCDateTime(start) - self.start)
        values = np.asarray(values, dtype=np.float32)
        if not np.isfinite(values).all():  # the curve items are told their samples are finite (PyramidCurve)
            values = np.nan_to_num(values, nan=0.0, posinf=1.0, neginf=0.0)
        if offset == 0.0 and sampling_rate == self.sampling_rate and values.size == self.times.size:
            x = self.times  # the record's own time array, shared by every curve
        else:
            x = offset + np.arange(values.size, dtype=np.float64) / sampling_rate
        curve = self.curves[key]
        curve.set_samples(x, values)
        self.envelopes.request(key, values, 0, lambda pyramid: curve.set_pyramid(pyramid, sampling_rate, offset))

    def _clear_curve(self, key: str) -> None:
        self.envelopes.cancel(key if key in PROBABILITY_KEYS else "waveforms")
        self.curves[key].set_samples(np.zeros(0), np.zeros(0))

    def set_attention(self, start: UTCDateTime, sampling_rate: float, maps: dict[str, np.ndarray]) -> None:
        """Draw attention maps placed on the time axis (one row per module, see :class:`AttentionPanel`)."""
        self.attention.draw(float(UTCDateTime(start) - self.start), sampling_rate, maps, self.x_range()[0])

    def set_thresholds(self, detection: float, p: float, s: float) -> None:
        """Draw the decision thresholds as dashed horizontal lines."""
        for key, value in (("detection", detection), ("p", p), ("s", s)):
            self.threshold_lines[key].setPos(value)

    # ----- picks (drawn by the pick layer) ------------------------------------------------------------------------
    def set_picks(self, picks: list[Pick], selected_id: int | None = None) -> None:
        """Draw the session's picks across every panel (see :meth:`PickLayer.set_picks`)."""
        self.pick_layer.set_picks(picks, self.start, selected_id)

    def set_archive_labels(self, picks: list[Pick]) -> None:
        """Draw the picks the archive already held (not editable) in a distinct dash-dot style."""
        self.pick_layer.set_archive_labels(picks, self.start)

    def drawn_as_marks(self) -> bool:
        """Whether the picks are drawn as marks on the pick strip (too many in view for lines)."""
        return self.pick_layer.drawn_as_marks()

    def mark_positions(self) -> list[float]:
        """Where the strip's marks are (seconds after start), for every phase and style."""
        return self.pick_layer.mark_positions()

    def pick_line_x(self, pick_id: int) -> float | None:
        """Where the line of a pick is drawn (seconds after start), or None if it is not drawn."""
        return self.pick_layer.line_x(pick_id)

    def pick_lines(self, pick_id: int) -> list[PickLine]:
        """The lines (one per panel) that stand for a pick."""
        return self.pick_layer.lines(pick_id)

    # ----- cursor -------------------------------------------------------------------------------------------------
    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        seconds = self.cursor.track(scene_pos)
        if seconds is not None:
            self.cursor_moved.emit(seconds)

    def key_time(self) -> UTCDateTime | None:
        """Where P and S place a pick: under the mouse while it is over the traces and in view, else at the view's
        centre line; None when neither lies on the record (see :meth:`TraceCursor.key_seconds`)."""
        seconds = self.cursor.key_seconds()
        return None if seconds is None else self.start + seconds
