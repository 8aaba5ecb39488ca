"""Station metadata added in the window: every station it moves is shown, a refused inventory stores nothing."""

from __future__ import annotations

from dataclasses import replace


def test_the_window_shows_each_station_an_inventory_moves_and_refuses_bad_metadata(window, qtbot, tmp_path):
    from PyQt6.QtWidgets import QApplication, QMessageBox

    from eqviewer.gui.app import add_inventory
    from tests.associate.network import ring_stations, write_stationxml

    stations = ring_stations(2)
    write_stationxml(stations, tmp_path / "first.xml")
    write_stationxml([replace(stations[0], latitude=35.5)], tmp_path / "moved.xml")
    write_stationxml([replace(stations[1], elevation_m=1e300)], tmp_path / "bad.xml")
    assert window.open_session(str(tmp_path / "s.eqreview"))

    def boxes(title: str) -> list[QMessageBox]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.windowTitle() == title and w.isVisible()]

    add_inventory(window, [str(tmp_path / "first.xml")])
    add_inventory(window, [str(tmp_path / "moved.xml")])
    qtbot.waitUntil(lambda: bool(boxes("Station coordinates changed")))
    text = boxes("Station coordinates changed")[0].text()
    assert text.startswith(f"station {stations[0].key} moved from {stations[0].place()} (") and "to 35.5," in text
    add_inventory(window, [str(tmp_path / "bad.xml")])
    assert "elevation 1e+300 m" in window.error_boxes[-1].text()
    assert window.session.stations()[stations[1].key] == stations[1]
