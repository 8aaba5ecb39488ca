"""The spectra panel: the spectrogram and the noise-versus-signal spectra of the selected pick open on the
record shown, finite, in ground velocity when the response is known and in counts (saying why) when not."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.app.ground_motion import UnitsChoice
from eqviewer.app.review_state import ReviewState
from eqviewer.app.spectra import COUNTS_UNIT, VELOCITY_UNIT
from eqviewer.app.view_filter import FilterChoice
from eqviewer.gui.spectra_panel import SpectraPanel
from eqviewer.gui.trace_filter import TraceFilter
from eqviewer.gui.units_choice import TraceUnits
from eqviewer.io import open_archive
from eqviewer.labels import Pick
from tests.associate import magnitude_network as net
from tests.associate.network import arrival


@pytest.fixture
def panel(trace_view, tmp_path):
    """A spectra panel over a session of the generated network (no response on S01), and what it is shown."""
    stations, true = net.network(3), net.event()
    session = net.make_session(tmp_path, stations, true, 2.5, np.random.default_rng(8),
                               without_response=(stations[1].key,))
    session.close()
    review = ReviewState()
    review.open_session(str(tmp_path / "s.eqreview"))
    trace_filter = TraceFilter(trace_view, FilterChoice(), lambda title, text: None)
    units = TraceUnits(trace_filter, UnitsChoice(), review, lambda text: None)
    shown = {"record": None, "pick": None}
    widget = SpectraPanel(lambda: (shown["record"], shown["pick"]), units, trace_view)
    yield widget, shown, stations, true, tmp_path
    widget.close()
    units.close()
    trace_filter.close()
    review.close()


def _record(folder, station):
    source = open_archive(folder / f"{station.key.rstrip('.')}.mseed")
    record = source.read(source.items()[0])
    source.close()
    return record


def test_spectra_open_on_the_selected_s_pick_in_velocity(qtbot, panel):
    widget, shown, stations, true, folder = panel
    shown["record"] = _record(folder, stations[0])
    shown["pick"] = Pick(stations[0].key + ".HH", "S", arrival(true, stations[0], "S"))
    widget.open()
    assert widget.isVisible() and "N" in widget.note.text()
    found = widget.spectrogram_data
    assert found.unit == VELOCITY_UNIT and np.isfinite(found.power_db).all() and found.power_db.shape[1] > 10
    spectra = widget.spectra
    assert spectra.unit == VELOCITY_UNIT and np.isfinite(spectra.noise).all() and np.isfinite(spectra.signal).all()
    at = int(np.argmin(np.abs(spectra.frequencies - net.WAVELET_HZ)))
    assert spectra.signal[at] > 10 * spectra.noise[at]  # the wavelet after S stands far above the noise
    assert spectra.noise_window[1] < shown["pick"].time <= spectra.signal_window[0] + 0.01
    assert widget.signal_curve.xData.size == spectra.frequencies.size
    assert "signal-to-noise" in widget.note.text()


def test_without_response_the_spectra_stay_in_counts_and_say_so(qtbot, panel):
    widget, shown, stations, true, folder = panel
    shown["record"] = _record(folder, stations[1])
    widget.open()
    assert widget.spectrogram_data.unit == COUNTS_UNIT and np.isfinite(widget.spectrogram_data.power_db).all()
    assert "in counts" in widget.note.text() and "no instrument response" in widget.note.text()
    assert widget.spectra is None and "select a pick" in widget.note.text()
    shown["pick"] = Pick(stations[1].key + ".HH", "P", shown["record"].start + 1.0)  # no noise window before it
    widget.open()
    assert widget.spectra is None and "does not hold" in widget.note.text()
