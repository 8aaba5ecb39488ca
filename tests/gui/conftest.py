"""Fixtures of the GUI tests: a private QSettings file and user data folder per test, and an open main window."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QSettings


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """QSettings in a file of this test only (never the user's)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path, monkeypatch):
    """Default sessions and the example record go to this test's folder, not the user's data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


@pytest.fixture
def trace_view(qtbot):
    """A shown, exposed trace view (1600 x 900) with nothing in it yet."""
    from eqviewer.gui.trace_view import TraceView

    view = TraceView()
    qtbot.addWidget(view)
    view.resize(1600, 900)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def window(qtbot, settings):
    """A shown main window; closed (session released) at the end of the test."""
    from eqviewer.gui.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


DAY = "2024-03-01"
DAY_STATION = ("XX", "DAY", "", "BH")
DAY_EVENTS_S = (3 * 3600 + 17.5, 9 * 3600 + 1234.25, 13 * 3600 + 5.0, 21 * 3600 + 2500.75)
"""Seconds after midnight of the P of the real STEAD events embedded in the generated day."""


@pytest.fixture(scope="session")
def day_sds(tmp_path_factory, shared_data):
    """A generated 24 h 3-C 100 Hz SDS day of one station (XX.DAY..BH[ZNE]): Gaussian noise at the level of a
    real STEAD record's pre-event noise, with that real event embedded at :data:`DAY_EVENTS_S`. Gives
    (archive root, start of the day, P times of the events in seconds after it)."""
    import h5py
    import numpy as np
    from obspy import Stream, Trace, UTCDateTime

    with h5py.File(shared_data / "stead_eqt50" / "waveforms.hdf5", "r") as f:
        group = f["earthquake/local"]
        dataset = group[sorted(group)[1]]
        event = dataset[()][:, ::-1].T.astype(np.float32)  # E, N, Z columns -> Z, N, E rows
        p_sample = int(dataset.attrs["p_arrival_sample"])
    noise = event[:, : p_sample - 50]
    n = 86400 * 100
    rng = np.random.default_rng(16)
    data = (rng.standard_normal((3, n), dtype=np.float32) * noise.std(1, keepdims=True)
            + noise.mean(1, keepdims=True)).astype(np.float32)
    for p_time in DAY_EVENTS_S:
        first = int(p_time * 100) - p_sample
        data[:, first:first + event.shape[1]] = event
    root = tmp_path_factory.mktemp("day-sds")
    start = UTCDateTime(DAY)
    net, sta, loc, band = DAY_STATION
    for i, comp in enumerate("ZNE"):
        channel = band + comp
        folder = root / str(start.year) / net / sta / f"{channel}.D"
        folder.mkdir(parents=True)
        trace = Trace(data[i], {"network": net, "station": sta, "location": loc, "channel": channel,
                                "sampling_rate": 100.0, "starttime": start})
        Stream([trace]).write(str(folder / f"{net}.{sta}.{loc}.{channel}.D.{start.year}.{start.julday:03d}"),
                              format="MSEED", encoding="FLOAT32")
    return root, start, DAY_EVENTS_S


@pytest.fixture
def measured_event(qtbot, tmp_path):
    """(review state, event view, true event) over a session of the generated magnitude network whose one event is
    located and its amplitudes measured; the review is closed at the end."""
    import numpy as np

    from eqviewer.app.review_state import ReviewState
    from eqviewer.associate import measure_magnitudes
    from eqviewer.gui.event_view import EventView
    from tests.associate import magnitude_network as net

    stations, true = net.network(), net.event()
    with net.make_session(tmp_path, stations, true, 2.2, np.random.default_rng(12)) as session:
        session.replace_events([net.located(true, *net.stored_picks(session))])
        measure_magnitudes(session)
    review = ReviewState()
    review.open_session(str(tmp_path / "s.eqreview"))
    view = EventView()
    qtbot.addWidget(view)
    yield review, view, true
    review.close()
