"""The event view: a queue of located events and, for the selected one, every station of the network stacked by
epicentral distance and aligned on the origin time (or reduced by distance, or aligned on each station's P: the
"time" box, :data:`~eqviewer.gui.event_display.SECTION_TIMES`), with its picks and, where a phase has no pick, the
P and S times the origin predicts (dotted), so a missed arrival is found at a glance; picks the event does not explain
are drawn faded. The "Likely noise" list beside the event queue holds the P and S picks no event explains: selecting
one brings it into view (the section centred on it) to review it with the keys (reject), double-clicking it opens
its station there. The traces are drawn through the window's view filter; committed events are marked in the list.

Clicking a pick selects it; the window's review keys (accept, reject, nudge, polarity, onset, uncertainty, undo)
then act on it, as in the 3-component view, and Tab steps through the event's picks (P and S place a pick at the
mouse: :mod:`~eqviewer.gui.section_picking`). Double-clicking a station opens its 3-component view at that time.
:class:`~eqviewer.gui.event_tab.EventTab` holds the view as a tab beside the record view. The map panel under the
event queue shows the stations, the selected event and the others faded. The traces are drawn in the window's view
units (:mod:`~eqviewer.gui.section_units`), the event's amplitudes marked on them
(:mod:`~eqviewer.gui.section_amplitudes`).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import QItemSelectionModel, QTimer, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QSizePolicy, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from eqviewer.associate import SectionTrace, event_section
from eqviewer.app.location import depth_error_text
from eqviewer.app.magnitudes import event_magnitudes
from eqviewer.app.noise_review import OtherPhase
from eqviewer.app.pick_editor import PickEditor
from eqviewer.gui.arrival_panel import ArrivalPanel
from eqviewer.gui.event_display import (
    SECTION_TIMES, DrawnRow, SectionFilter, mark_committed, section_offsets, time_axis_label,
)
from eqviewer.gui.map_panel import MapPanel, event_stations
from eqviewer.gui.noise_list import NoiseTable
from eqviewer.gui.pick_style import phase_colour, pick_pen
from eqviewer.io import SAMPLING_RATE, station_key
from eqviewer.origins import Origin

SORT_KEYS = {
    "time": lambda o, unreviewed: o.time.ns,
    "number of picks": lambda o, unreviewed: -o.n_picks,
    "RMS, worst first": lambda o, unreviewed: -o.rms_s if o.rms_s is not None else np.inf,
    "unreviewed picks": lambda o, unreviewed: -unreviewed.get(o.id, 0),
}
COMPONENTS = ("Z", "N", "E", "all")
COLUMNS = ("origin time", "lat", "lon", "depth", "picks", "RMS", "unrev.", "ML")
REFRESH_MS = 700
PICK_ROW_HALF_HEIGHT = 0.42
SELECT_WITHIN_S = 1.0
OTHER_PICK_ALPHA = 70  # picks of the span that the shown event does not explain
TIME_BOX_MIN_PX = 10
NOISE_EVENT_S = 60.0  # a likely-noise pick further than this from the shown event shows the event nearest it
ONLY_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
"""Selects one event row alone (the shown event), leaving no Ctrl+clicked second one."""


class EventView(QWidget):
    """Event queue plus stacked section. ``station_opened(record id, seconds since 1970)`` on a double click,
    ``pick_selected(PickEditor)`` when a pick is clicked, ``events_loaded`` and ``event_shown(origin)`` for the
    map."""

    station_opened = pyqtSignal(str, float)
    pick_selected = pyqtSignal(object)
    events_loaded = pyqtSignal()  # the event queue was reloaded from the session
    event_shown = pyqtSignal(object)  # the Origin drawn now, or None
    edited = pyqtSignal()  # the session changed (an edit, undo or redo) and the event queue stayed the same
    section_drawn = pyqtSignal()  # the section was drawn anew (its items cleared first)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = None
        self.sources: list = []
        self.origins: list[Origin] = []
        self.magnitudes: dict[int, float] = {}  # each event's ML, by id (events without one left out)
        self.origin: Origin | None = None
        self.traces: list[SectionTrace] = []
        self.offsets: list[float] = []  # per trace: seconds after the origin time its zero lies at (the time box)
        self.editor: PickEditor | None = None
        self.section_filter = SectionFilter()  # the window's view filter, for the traces
        self.units = None  # the window's view units for the traces (a SectionUnits), None: counts
        self.rows: dict[tuple[int, str], DrawnRow] = {}  # (trace index, component) -> the row drawn
        self._token = None
        self.sort_box = QComboBox()
        self.sort_box.addItems(list(SORT_KEYS))
        self.component_box = QComboBox()
        self.component_box.addItems(COMPONENTS)
        self.time_box = QComboBox()
        self.time_box.addItems(SECTION_TIMES)
        self.time_box.setMinimumWidth(TIME_BOX_MIN_PX)  # shrinks (elided) before the window's minimum grows
        self.table = _table(COLUMNS)
        self.table.setSelectionMode(QTableWidget.SelectionMode.ExtendedSelection)  # Ctrl+click: a second event
        self.noise_table = NoiseTable()  # picks no event explains: likely noise, read in a worker after edits
        self.lists = QTabWidget()
        self.lists.addTab(self.table, "Events")
        self.lists.addTab(self.noise_table, "Likely noise")
        self.summary = QLabel("no located events: run Events > Re-associate or `eqviewer associate`")
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # long text: no min width
        self.plot = pg.PlotWidget(background="w")
        self.plot.setLabel("bottom", time_axis_label(self.time_box.currentText()))
        self.plot.getAxis("left").setStyle(showValues=False)
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.scene().sigMouseClicked.connect(self._on_plot_clicked)
        self.unit_caption = pg.LabelItem("", size="8pt", color="#303a48", justify="left")
        self.unit_caption.setParentItem(self.plot.getPlotItem().vb)
        self.unit_caption.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(4, 0))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("sort by"))
        row.addWidget(self.sort_box, 1)
        left_layout.addLayout(row)
        self.map = MapPanel()
        column = QSplitter(Qt.Orientation.Vertical)
        column.addWidget(self.lists)
        column.addWidget(self.map)
        column.setSizes([500, 300])
        left_layout.addWidget(column, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(QLabel("component"))
        row.addWidget(self.component_box)
        row.addWidget(self.time_box)
        right_layout.addLayout(row)
        self.arrivals = ArrivalPanel()  # the shown event's arrivals and residuals, below its section
        section = QSplitter(Qt.Orientation.Vertical)
        section.addWidget(self.plot)
        section.addWidget(self.arrivals)
        section.setSizes([650, 250])
        right_layout.addWidget(section, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([380, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.sort_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.component_box.currentIndexChanged.connect(lambda _i: self.draw())
        self.time_box.currentIndexChanged.connect(lambda _i: self._retime())
        self.table.itemSelectionChanged.connect(self._on_row_selected)
        self.noise_table.pick_chosen.connect(self.show_pick)
        self.noise_table.pick_opened.connect(lambda pick: self.station_opened.emit(pick.record, pick.time.timestamp))
        self.noise_table.counted.connect(lambda n: self.lists.setTabText(1, f"Likely noise ({n})"))
        self.map.event_clicked.connect(self.select_event)
        self.arrivals.pick_chosen.connect(self.select_pick)
        self.events_loaded.connect(lambda: self.map.set_network(self.session.stations() if self.session else {},
                                                                self.origins, self.magnitudes))
        self.event_shown.connect(lambda origin: self.map.select(origin, event_stations(self.session, origin)))
        self.timer = QTimer(self)  # redraw after edits, undo and redo, made here or anywhere else
        self.timer.timeout.connect(self._poll)
        self.timer.start(REFRESH_MS)

    # -- data --------------------------------------------------------------------------------------------------
    def set_session(self, session, sources: list) -> None:
        """Show the events of ``session``; waveforms come from ``sources`` (opened archives)."""
        self.session, self.sources = session, list(sources)
        self.origin, self.editor = None, None
        self.refresh()
        self.noise_table.wait()  # the likely-noise list of the session just opened, before the window shows it

    def refresh(self) -> None:
        """Reload the event queue from the session (keeping the selected event when it still exists)."""
        keep = self.origin.id if self.origin else None
        self.origins = self.session.events() if self.session is not None else []
        unreviewed = self._unreviewed_counts()
        self.magnitudes = event_magnitudes(self.session, self.origins) if self.session is not None else {}
        self.origins.sort(key=lambda o: SORT_KEYS[self.sort_box.currentText()](o, unreviewed))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.origins))
        for row, origin in enumerate(self.origins):
            cells = (origin.time.strftime("%Y-%m-%d %H:%M:%S.%f")[:-4], f"{origin.latitude:.3f}",
                     f"{origin.longitude:.3f}", f"{origin.depth_km:.1f}", str(origin.n_picks),
                     "" if origin.rms_s is None else f"{origin.rms_s:.2f}", str(unreviewed.get(origin.id, 0)),
                     f"{self.magnitudes[origin.id]:.1f}" if origin.id in self.magnitudes else "")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            mark_committed(self.table, row, origin)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        self.noise_table.reread(self.session)
        ids = [o.id for o in self.origins]
        if keep in ids:
            self.select_event(keep)
        elif self.origins:
            self.select_event(ids[0])
        else:
            self.origin, self.traces = None, []
            self.draw()
        self._remember_token()
        self.events_loaded.emit()

    @property
    def unassociated(self) -> list:
        """The likely-noise picks listed (P and S picks no event explains), in time order."""
        return self.noise_table.picks

    @property
    def explained(self) -> dict[int, OtherPhase]:
        """The listed likely-noise picks an event explains as the other phase, by id."""
        return self.noise_table.explained

    def show_pick(self, pick) -> None:
        """Bring a pick into view and select it: the event that explains it as the other phase, else the event
        nearest it in time is shown (when the shown one is not within a minute of it), the section centred on it."""
        nearest = min(self.origins, key=lambda o: abs(o.time - pick.time), default=None)
        if pick.id in self.explained:
            self.select_event(self.explained[pick.id].origin_id)
        elif nearest is not None and (self.origin is None or abs(self.origin.time - pick.time) > NOISE_EVENT_S):
            self.select_event(nearest.id)
        self.select_pick(pick)
        index = next((i for i, t in enumerate(self.traces) if t.station.key == station_key(pick.station_id)), None)
        if self.origin is not None and index is not None:
            (left, right), _ = self.plot.getPlotItem().vb.viewRange()
            at = self.section_x(index, pick.time)
            self.plot.setXRange(at - (right - left) / 2, at + (right - left) / 2, padding=0)

    def _unreviewed_counts(self) -> dict[int, int]:
        if self.session is None:
            return {}
        automatic = {p.id for p in self.session.picks(status="automatic")}
        counts: dict[int, int] = {}
        for pick_id, origin_id in self.session.event_of_picks().items():
            counts[origin_id] = counts.get(origin_id, 0) + (pick_id in automatic)
        return counts

    def other_selected_events(self) -> list[int]:
        """The ids of the events selected in the event list besides the shown one (Ctrl+click), in list order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.origins[r].id for r in rows if r < len(self.origins) and self.origins[r] is not self.origin]

    def select_event(self, origin_id: int) -> None:
        """Show one event's section."""
        row = next((i for i, o in enumerate(self.origins) if o.id == origin_id), None)
        if row is None:
            return
        if self.table.currentRow() != row:
            self.table.blockSignals(True)  # the row alone, whatever keys are held (selectRow adds to it under Ctrl)
            self.table.selectionModel().setCurrentIndex(self.table.model().index(row, 0), ONLY_ROW)
            self.table.blockSignals(False)
        self.origin = self.origins[row]
        self.load_section()

    def load_section(self) -> None:
        """Read the selected event's station slices and draw them."""
        if self.origin is None or self.session is None:
            return
        start = self.origin.time - 120.0
        picks = self.session.picks_in_span(start, self.origin.time + 600.0)
        self.traces = event_section(self.origin, self.session.stations(), picks, self.sources)
        self.draw()

    def _reload_picks(self) -> None:
        """Redraw the picks only (after an edit): the samples stay."""
        if self.origin is None or self.session is None:
            return
        self.origin = self.session.event(self.origin.id) or self.origin  # relocated in place: same id
        self.origins = [self.origin if o.id == self.origin.id else o for o in self.origins]
        picks = self.session.picks_in_span(self.origin.time - 120.0, self.origin.time + 600.0)
        fresh = {t.station.key: t for t in event_section(self.origin, self.session.stations(), picks, read=False)}
        for trace in self.traces:
            trace.picks = fresh[trace.station.key].picks
        self.draw()

    # -- drawing -----------------------------------------------------------------------------------------------
    def draw(self) -> None:
        """Stack the stations nearest first (top), aligned on the origin time."""
        self.plot.clear()
        self.rows = {}
        self.event_shown.emit(self.origin)
        if self.origin is None:
            self.summary.setText("no located events: run Events > Re-associate or `eqviewer associate`")
            self.section_drawn.emit()
            return
        o = self.origin
        self.summary.setText(
            f"event {o.id}  {o.time.strftime('%Y-%m-%d %H:%M:%S.%f')[:-4]}  {o.latitude:.3f}°, {o.longitude:.3f}°,"
            f" {o.depth_km:.1f} km {depth_error_text(o)}  ±{_fmt(o.horizontal_error_km)} km  RMS {_fmt(o.rms_s)} s"
            f"  gap {_fmt(o.azimuthal_gap_deg)}°  {len(o.used_arrivals)} of {o.n_picks} picks  ({o.velocity_model})"
            + (f"  {o.event_type}" if o.event_type else "") + ("  committed" if o.committed else ""))
        self.summary.setToolTip(self.summary.text())  # all of it where the section is too narrow
        component = self.component_box.currentText()
        rows = COMPONENTS[:3] if component == "all" else (component,)
        selected = self.editor.selected if self.editor else None
        pairs = self.session.event_picks(o.id) if self.session.event(o.id) else []
        self.arrivals.show_event(o, pairs, selected)
        members = {p.id for _, p in pairs}
        p_picks = {t.station.key: p for t in self.traces for p in t.picks if p.id in members and p.phase == "P"}
        self.offsets = section_offsets(self.traces, o, p_picks, self.time_box.currentText())
        self.plot.setLabel("bottom", time_axis_label(self.time_box.currentText()))
        ticks = []
        if self.units is not None:
            self.units.request(self.traces)
            self.unit_caption.setText(self.units.caption(self.traces))
        for index, trace in enumerate(self.traces):
            y0 = -index
            ticks.append((y0, f"{trace.station.key.split('.')[1]}  {trace.distance_km:.0f} km"))
            shown = self.section_filter.shown(trace, self.units.data(trace)[0] if self.units else None)
            if shown is not None:
                x0 = self.section_x(index, trace.start)
                times = x0 + np.arange(shown.shape[1]) / trace.sampling_rate
                for offset, name in enumerate(rows):
                    samples = shown[COMPONENTS.index(name)].astype(np.float64)
                    samples = samples - samples.mean()
                    scale = np.abs(samples).max() or 1.0
                    height = PICK_ROW_HALF_HEIGHT / len(rows)
                    centre = y0 + PICK_ROW_HALF_HEIGHT - height * (2 * offset + 1)
                    self.rows[(index, name)] = DrawnRow(x0, trace.sampling_rate, centre, height / scale, samples, scale)
                    self.plot.plot(times, centre + samples / scale * height, pen=pg.mkPen("#404040", width=1))
            for pick in trace.picks:
                x = self.section_x(index, pick.time)
                pen = pick_pen(pick, pick.id == selected)
                if pick.id not in members:  # a pick this event does not explain: faded
                    colour = pen.color()
                    colour.setAlpha(OTHER_PICK_ALPHA)
                    pen.setColor(colour)
                line = pg.PlotDataItem([x, x], [y0 - PICK_ROW_HALF_HEIGHT, y0 + PICK_ROW_HALF_HEIGHT], pen=pen)
                self.plot.addItem(line)
            for phase, time in trace.predicted.items():
                if trace.missed(phase):
                    pen = pg.mkPen(phase_colour(phase), width=1.5, style=Qt.PenStyle.DotLine)
                    x = self.section_x(index, time)
                    self.plot.plot([x, x], [y0 - PICK_ROW_HALF_HEIGHT, y0 + PICK_ROW_HALF_HEIGHT], pen=pen)
        self.plot.getAxis("left").setTicks([ticks])
        self.plot.getAxis("left").setStyle(showValues=True)
        self.plot.setYRange(-len(self.traces) + 0.5, 0.5, padding=0.01)
        self.section_drawn.emit()

    def section_x(self, index: int, time) -> float:
        """Where the section draws ``time`` (UTCDateTime) on trace ``index``, on the time axis shown."""
        return float(time - self.origin.time) - (self.offsets[index] if index < len(self.offsets) else 0.0)

    def section_time(self, index: int, x: float):
        """The time (UTCDateTime) that ``x`` on the time axis shown stands for on trace ``index``."""
        return self.origin.time + x + (self.offsets[index] if index < len(self.offsets) else 0.0)

    def next_section_time(self) -> str:
        """Step the section's time axis on (origin time, reduced, aligned on P, and round); the new one."""
        self.time_box.setCurrentIndex((self.time_box.currentIndex() + 1) % self.time_box.count())
        return self.time_box.currentText()

    def _retime(self) -> None:
        """Redraw on another time axis, showing the whole section along it."""
        self.draw()
        self.plot.getPlotItem().vb.enableAutoRange(axis=pg.ViewBox.XAxis)

    # -- interaction -------------------------------------------------------------------------------------------
    def _on_row_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.origins):
            self.select_event(self.origins[row].id)

    def _on_plot_clicked(self, event) -> None:
        if self.origin is None or not self.traces or event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return  # Ctrl+click: an amplitude's re-pick (see gui.section_amplitudes)
        point = self.plot.getPlotItem().vb.mapSceneToView(event.scenePos())
        index = int(round(-point.y()))
        if not 0 <= index < len(self.traces):
            return
        trace = self.traces[index]
        time = self.section_time(index, point.x())
        if event.double():
            if trace.record:
                self.station_opened.emit(trace.record, time.timestamp)
            return
        near = [p for p in trace.picks if abs(p.time - time) <= SELECT_WITHIN_S]
        if near:
            self.select_pick(min(near, key=lambda p: abs(p.time - time)))

    def select_next_pick(self) -> None:
        """Tab in the event view: the next pick of the event's section, nearest station first, then in time."""
        picks = [p for t in self.traces for p in sorted(t.picks, key=lambda p: p.time.ns)]
        if not picks:
            return
        ids = [p.id for p in picks]
        current = self.editor.selected if self.editor else None
        self.select_pick(picks[(ids.index(current) + 1) % len(picks)] if current in ids else picks[0])

    def select_pick(self, pick) -> None:
        """Select a pick of the section: the window's review keys act on it."""
        self.editor = PickEditor(self.session, pick.record, pick.station_id, SAMPLING_RATE, self.session.author)
        self.editor.select(pick.id)
        self.pick_selected.emit(self.editor)
        self.draw()

    def _poll(self) -> None:
        if self.session is None or not self.isVisible():
            return
        try:
            token = self.session.change_token()
        except Exception:  # a closed or vanished session: nothing to redraw
            return
        if token != self._token:
            self._token = token
            if [o.id for o in self.session.events()] != sorted(o.id for o in self.origins) or not self.origins:
                self.refresh()
            else:
                self._reload_picks()
                self._mark_committed()
                self.noise_table.reread(self.session)
                self.edited.emit()

    def _mark_committed(self) -> None:
        """Mark the committed events in the event list anew (an edit, undo or redo may have committed one)."""
        fresh = {o.id: o for o in self.session.events()}
        self.origins = [fresh.get(o.id, o) for o in self.origins]
        for row, origin in enumerate(self.origins):
            mark_committed(self.table, row, origin)

    def _remember_token(self) -> None:
        self._token = self.session.change_token() if self.session is not None else None


def _table(columns: tuple[str, ...]) -> QTableWidget:
    """A read-only table that selects whole rows, one at a time."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    return table


def _fmt(value) -> str:
    return "?" if value is None else f"{value:.2f}"
