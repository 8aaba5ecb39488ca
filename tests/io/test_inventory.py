"""Station coordinates from StationXML (written by ObsPy) and from dataset metadata."""

from __future__ import annotations

import pytest

from eqviewer.errors import ArchiveError
from eqviewer.io.inventory import coordinates_from_dataset, read_inventory, station_key
from tests.associate.network import ring_stations, write_stationxml


def test_stationxml_file_and_folder_give_the_stations(tmp_path):
    stations = ring_stations(4)
    write_stationxml(stations, tmp_path / "net.xml")
    (tmp_path / "notes.txt").write_text("not station metadata")
    for path in (tmp_path / "net.xml", tmp_path):
        read = {s.key: s for s in read_inventory(path)}
        assert sorted(read) == [s.key for s in stations]
        first = read[stations[1].key]
        assert first.latitude == pytest.approx(stations[1].latitude)
        assert first.elevation_m == pytest.approx(stations[1].elevation_m)
        assert first.channels == ("HHE", "HHN", "HHZ")


def test_bad_station_metadata_names_the_file(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<xml>nothing</xml>")
    with pytest.raises(ArchiveError, match="bad.xml: cannot be read as station metadata"):
        read_inventory(bad)
    with pytest.raises(ArchiveError, match="not found"):
        read_inventory(tmp_path / "missing.xml")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ArchiveError, match="holds no station metadata"):
        read_inventory(empty)


def test_stead_metadata_gives_receiver_coordinates(shared_data):
    stations = coordinates_from_dataset(shared_data / "stead_eqt50" / "waveforms.hdf5")
    assert [s.key for s in stations] == ["TA.109C."]
    assert (stations[0].latitude, stations[0].longitude, stations[0].elevation_m) == (32.8889, -117.1051, 150.0)
    assert stations[0].channels == ("BHZ", "BHN", "BHE")


def test_seisbench_metadata_gives_station_coordinates(tmp_path):
    (tmp_path / "metadata.csv").write_text(
        "trace_name,station_network_code,station_code,station_location_code,trace_channel,station_latitude_deg,"
        "station_longitude_deg,station_elevation_m\n"
        "a,CX,PB01,,HH,-21.04,-69.49,900\nb,CX,PB01,,HH,-21.04,-69.49,900\nc,CX,PB02,,HH,,,\n")
    stations = coordinates_from_dataset(tmp_path)
    assert [(s.key, s.latitude, s.elevation_m) for s in stations] == [("CX.PB01.", -21.04, 900.0)]


def test_station_key_drops_the_band():
    assert station_key("XX.S01.00.HH") == "XX.S01.00"
    assert station_key("XX.S01") == "XX.S01."
