"""The review window's longest event-loop stalls while switching the view's units on a station-day.

Generates the 24 h 3-C 100 Hz day of benchmarks/gui_stalls.py (red noise with a few events) with a StationXML
holding a velocity seismometer's full response (ObsPy), stores both in a session, opens it in the main window
(offscreen) at the whole day and, while a 5 ms timer stamps the GUI thread, switches View ▸ Units through velocity,
displacement, acceleration, Wood-Anderson and back to counts (each converted in the worker the first time), then
through them all again (kept: drawn at once), then, with the view filter on (the day filtered in its worker), through
velocity, displacement and counts again. Each switch waits for the conversion and the envelope pyramids of the
drawn curves. Prints one line per switch: ``<action> <longest gap between stamps in ms>`` (``units_<unit>_first``,
``units_<unit>_cached``, ``filter_on_day``, ``units_<unit>_cached_filtered``), then the seconds each first
conversion took and the caption it left on the N panel. Target: no gap over 300 ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/units_switch.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from obspy import UTCDateTime  # noqa: E402
from obspy.core.inventory import Channel, Inventory, Network, Response, Site, Station  # noqa: E402
from obspy.signal.invsim import paz_2_amplitude_value_of_freq_resp  # noqa: E402
from PyQt6.QtWidgets import QApplication  # noqa: E402

from gui_stalls import RATE, SETTLE_S, make_day, measured_window, write_day  # noqa: E402

SENSITIVITY = 6.0e8  # counts per m/s
POLES = [-4.443 + 4.443j, -4.443 - 4.443j]  # a 1 Hz velocity seismometer, damping 0.707
UNITS = ("velocity", "displacement", "acceleration", "wood-anderson", "counts")


def write_stationxml(path: Path) -> None:
    """StationXML of XX.DAY (the day's station) with the seismometer's response on HHZ, HHN, HHE."""
    paz = {"poles": POLES, "zeros": [0j, 0j], "gain": 1.0}
    response = Response.from_paz([0j, 0j], POLES, SENSITIVITY, input_units="M/S", output_units="COUNTS",
                                 normalization_factor=1.0 / paz_2_amplitude_value_of_freq_resp(paz, 1.0))
    channels = [Channel(f"HH{c}", "", 34.0, -117.0, 500.0, 0.0, sample_rate=RATE, response=response) for c in "ZNE"]
    station = Station("DAY", 34.0, -117.0, 500.0, channels=channels, site=Site(name="DAY"),
                      start_date=UTCDateTime(2020, 1, 1))
    Inventory(networks=[Network("XX", stations=[station])], source="eqviewer benchmark").write(
        str(path), format="STATIONXML")


def main() -> None:
    from eqviewer.associate import add_station_metadata
    from eqviewer.review.session import Session

    app = QApplication([])
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        day, xml, session_path = Path(tmp) / "XX.DAY.mseed", Path(tmp) / "day.xml", Path(tmp) / "day.eqreview"
        write_day(make_day(), day)
        write_stationxml(xml)
        with Session.create(session_path, archives=[day]) as session:
            add_station_metadata(session, [xml])
        window, stamps, shown, drawn = measured_window(app, Path(tmp))
        settled = lambda: not window.trace_units.pending and not window.trace_filter.pending and drawn()  # noqa: E731
        results["open"] = stamps.longest_gap(lambda: window.open_session(str(session_path)),
                                             lambda: bool(shown) and drawn(), 300)
        window.events.tabs.setCurrentIndex(0)  # the record view
        window.trace.show_all()
        converted_s, captions = {}, {}
        for rounds in ("first", "cached"):
            for unit in UNITS:
                began = time.monotonic()
                results[f"units_{unit}_{rounds}"] = stamps.longest_gap(window.registry[f"units_{unit}"].trigger,
                                                                       settled, 300)
                if rounds == "first":
                    converted_s[unit] = time.monotonic() - began - SETTLE_S
                    captions[unit] = window.trace.caption("N")
        results["filter_on_day"] = stamps.longest_gap(window.registry["toggle_filter"].trigger, settled, 300)
        for unit in ("velocity", "displacement", "counts"):
            results[f"units_{unit}_cached_filtered"] = stamps.longest_gap(window.registry[f"units_{unit}"].trigger,
                                                                          settled, 300)
        window.close()
    for action, gap in results.items():
        print(f"{action} {gap:.0f}")
    for unit, seconds in converted_s.items():
        print(f"# {unit}: converted and drawn in {seconds:.1f} s, captioned '{captions[unit]}'")


if __name__ == "__main__":
    main()
