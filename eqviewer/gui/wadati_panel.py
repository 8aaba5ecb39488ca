"""Events ▸ Wadati diagram: S-P against P travel time of the session's reviewed events (or every located event),
with the vp/vs line fitted to them (:func:`eqviewer.app.model_fit.wadati_diagram`, the fit ``eqviewer locate
--fit-model`` stores). The points of the event shown in the Event tab stand out; clicking a point shows its event.
A session with too few reviewed picks gets a line saying why instead of a plot."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QCheckBox, QDialog, QLabel, QVBoxLayout, QWidget

from eqviewer.app.model_fit import WadatiFit, wadati_diagram
from eqviewer.errors import EqviewerError
from eqviewer.gui.pick_style import phase_colour

POINT_SIZE, SHOWN_SIZE = 7, 11
OTHER_ALPHA = 110
LINE_COLOUR = "#303030"


class WadatiPanel(QDialog):
    """The Wadati diagram of ``session`` (see :meth:`show_session`); ``event_chosen(origin id)`` when a point is
    clicked."""

    event_chosen = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Wadati diagram")
        self.resize(560, 460)
        self.session = None
        self.shown_event: int | None = None
        self.fit: WadatiFit | None = None
        self.all_events = QCheckBox("every located event (not only the reviewed ones)")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setLabel("bottom", "P travel time (s)")
        self.plot.setLabel("left", "S − P (s)")
        self.points = pg.ScatterPlotItem()
        self.points.sigClicked.connect(self._on_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.all_events)
        layout.addWidget(self.summary)
        layout.addWidget(self.plot, 1)
        self.all_events.toggled.connect(lambda _on: self.redraw())

    def show_session(self, session, shown_event: int | None) -> None:
        """Draw the diagram of ``session``, the points of event ``shown_event`` standing out."""
        self.session, self.shown_event = session, shown_event
        self.redraw()

    def redraw(self) -> None:
        """Fit and draw again (the events or their picks may have changed)."""
        self.plot.clear()
        self.fit = None
        if self.session is None:
            self.summary.setText("no session open")
            return
        try:
            self.fit = wadati_diagram(self.session, self.all_events.isChecked())
        except EqviewerError as exc:
            self.summary.setText(f"no Wadati diagram: {exc}")
            return
        fit = self.fit
        spread = "" if fit.spread is None else f" ± {fit.spread:.3f}"
        self.summary.setText(f"vp/vs {fit.vp_vs:.3f}{spread} from {len(fit.points)} stations of {fit.n_events} "
                             f"events; line: S − P = (vp/vs − 1) × P travel time")
        self.plot.addItem(self.points)
        longest = max((p.p_travel_s for p in fit.points), default=1.0)
        x = np.array([0.0, longest * 1.05])
        self.plot.plot(x, fit.line(x), pen=pg.mkPen(LINE_COLOUR, width=1.5))
        self.highlight(self.shown_event)

    def highlight(self, event_id: int | None) -> None:
        """Let the points of event ``event_id`` stand out (the diagram is not fitted again)."""
        self.shown_event = event_id
        if self.fit is None:
            return
        colour = pg.mkColor(phase_colour("S"))
        faded = pg.mkColor(colour)
        faded.setAlpha(OTHER_ALPHA)
        self.points.setData([{"pos": (p.p_travel_s, p.s_minus_p_s), "data": p.event_id,
                              "size": SHOWN_SIZE if p.event_id == event_id else POINT_SIZE,
                              "brush": pg.mkBrush(colour if p.event_id == event_id else faded),
                              "pen": pg.mkPen("k" if p.event_id == event_id else None)} for p in self.fit.points])

    def _on_clicked(self, _item, spots, _event=None) -> None:
        if len(spots) and spots[0].data() is not None:
            self.event_chosen.emit(int(spots[0].data()))
