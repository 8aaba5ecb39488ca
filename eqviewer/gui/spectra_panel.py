"""Spectra of the trace shown (View ▸ Spectra, key G): a spectrogram of one component and the amplitude spectra
of the noise before the selected pick and of the signal after it, in ground velocity when the channel's response
is known (else counts; the captions say which). Z for a P pick (or none), N for an S pick."""

from __future__ import annotations

from typing import Callable

import numpy as np
import pyqtgraph as pg
from PyQt6.QtWidgets import QLabel, QVBoxLayout, QWidget

from eqviewer.app.ground_motion import channel_response
from eqviewer.app.spectra import NoiseSignal, Spectrogram, noise_signal, spectrogram
from eqviewer.errors import EqviewerError
from eqviewer.gui.actions import VIEW_MENU, Action
from eqviewer.gui.units_choice import TraceUnits

NOISE_PEN, SIGNAL_PEN = pg.mkPen("#6b7280", width=1), pg.mkPen("#b91c1c", width=1)


class SpectraPanel(QWidget):
    """A tool window over the main one; ``shown()`` gives the record shown and the selected pick (or None),
    ``units`` the view's units (its responses, read once, and the session's station metadata)."""

    def __init__(self, shown: Callable[[], tuple], units: TraceUnits, parent: QWidget):
        super().__init__(parent)
        self.setWindowFlag(pg.QtCore.Qt.WindowType.Tool)
        self.setWindowTitle("Spectra")
        self.resize(720, 640)
        self.shown_data, self.units = shown, units
        self.spectrogram_data: Spectrogram | None = None
        self.spectra: NoiseSignal | None = None
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.spectrogram_plot = pg.PlotWidget()
        self.spectrogram_plot.setLabel("bottom", "seconds after the trace start")
        self.image = pg.ImageItem()
        self.spectrogram_plot.addItem(self.image)
        self.spectra_plot = pg.PlotWidget()
        self.spectra_plot.setLogMode(x=True, y=True)
        self.spectra_plot.setLabel("bottom", "frequency (Hz)")
        self.spectra_plot.addLegend()
        self.noise_curve = self.spectra_plot.plot([], [], pen=NOISE_PEN, name="noise before the pick")
        self.signal_curve = self.spectra_plot.plot([], [], pen=SIGNAL_PEN, name="signal after the pick")
        layout = QVBoxLayout(self)
        for widget in (self.note, self.spectrogram_plot, self.spectra_plot):
            layout.addWidget(widget)

    def actions(self) -> list[Action]:
        """View ▸ Spectra (G)."""
        return [Action("show_spectra", "&Spectra of the trace…", self.open, VIEW_MENU, "4_spectra", "G")]

    def open(self) -> None:
        """Compute and show the spectra of the record shown (a note says what could not be shown)."""
        record, pick = self.shown_data()
        if record is None:
            self.note.setText("No record shown: open one to see its spectra.")
            self.show()
            return
        component = "N" if pick is not None and pick.phase.upper().startswith("S") else "Z"
        row = "ZNE".index(component)
        session = self.units.review.session
        metadata = session.station_sources() if session is not None else {}
        notes = []
        try:
            response = channel_response(record, component, metadata, self.units.responses)
        except EqviewerError as exc:
            response = None
            notes.append(f"{component} in counts: {exc}")
        self._draw_spectrogram(record, row, response, notes)
        self._draw_spectra(record, row, pick, response, notes)
        self.note.setText(f"{record.station_id} {component}" + "".join(f"\n{n}" for n in notes))
        self.show()
        self.raise_()

    def _draw_spectrogram(self, record, row: int, response, notes: list[str]) -> None:
        self.spectrogram_data = None
        try:
            found = spectrogram(record.data[row], record.sampling_rate, response)
        except ValueError as exc:
            self.image.clear()
            notes.append(f"no spectrogram: {exc}")
            return
        self.image.setImage(found.power_db.T, autoLevels=True)
        step_t = found.times[1] - found.times[0] if found.times.size > 1 else 1.0
        step_f = found.frequencies[1] - found.frequencies[0]
        self.image.setRect(float(found.times[0] - step_t / 2), float(found.frequencies[0] - step_f / 2),
                           float(step_t * found.times.size), float(step_f * found.frequencies.size))
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.spectrogram_plot.setLabel("left", f"frequency (Hz); power dB of ({found.unit})²/Hz")
        self.spectrogram_data = found

    def _draw_spectra(self, record, row: int, pick, response, notes: list[str]) -> None:
        self.spectra = None
        self.noise_curve.setData([], [])
        self.signal_curve.setData([], [])
        if pick is None:
            notes.append("select a pick for the noise and signal spectra")
            return
        try:
            found = noise_signal(record.data[row], record.start, record.sampling_rate, pick.time, response)
        except ValueError as exc:
            notes.append(f"no noise and signal spectra: {exc}")
            return
        positive = (found.noise > 0) & (found.signal > 0)
        self.noise_curve.setData(found.frequencies[positive], found.noise[positive])
        self.signal_curve.setData(found.frequencies[positive], found.signal[positive])
        self.spectra_plot.setLabel("left", f"amplitude ({found.unit}/Hz)")
        self.spectra = found
        ratio = float(np.median(found.signal[positive] / found.noise[positive])) if positive.any() else 0.0
        notes.append(f"{pick.phase} pick: median signal-to-noise ratio {ratio:.1f}")
