"""Station coordinates from StationXML (written by ObsPy) and from dataset metadata."""

from __future__ import annotations

import pytest

from eqviewer.errors import ArchiveError
from eqviewer.io.inventory import StationCoordinates, coordinates_from_dataset, read_inventory, station_key
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


def _stationxml(stations: str, prolog: str = "", namespaces: str = "") -> str:
    """A StationXML document of network XX holding the given Station elements."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<FDSNStationXML'
            f' xmlns="http://www.fdsn.org/xml/station/1"{namespaces} schemaVersion="1.1"><Source>t</Source>'
            f'<Network code="XX">{stations}</Network></FDSNStationXML>\n')


def _station(code: str, latitude="34.0", longitude="-117.0", elevation="100.0", channels: str = "") -> str:
    coordinates = "".join(f"<{name}>{value}</{name}>" for name, value in
                          (("Latitude", latitude), ("Longitude", longitude), ("Elevation", elevation))
                          if value is not None)
    return f'\n<Station code="{code}">{coordinates}{channels}</Station>'


def _channel(code: str, location: str = "", depth: str = "0") -> str:
    return (f'<Channel code="{code}" locationCode="{location}"><Latitude>34.0</Latitude>'
            f'<Longitude>-117.0</Longitude><Elevation>100</Elevation><Depth>{depth}</Depth></Channel>')


def test_a_station_listed_twice_at_different_places_is_refused_with_both_named(tmp_path):
    path = tmp_path / "net.xml"
    path.write_text(_stationxml(_station("A", channels=_channel("HHZ")) + _station("A", latitude="35.5")))
    with pytest.raises(ArchiveError, match=r"net.xml: station XX.A. is listed twice at different places:"
                                           r" 34.0, -117.0, 100.0 m \(line 3\) and 35.5, -117.0, 100.0 m \(line 4\)"):
        read_inventory(path)
    path.write_text(_stationxml(_station("A", channels=_channel("HHZ")) + _station("A", channels=_channel("HHN"))))
    assert read_inventory(path) == [StationCoordinates("XX.A.", 34.0, -117.0, 100.0, ("HHZ", "HHN"))]


def test_a_station_two_files_of_a_folder_place_differently_is_refused(tmp_path):
    (tmp_path / "a.xml").write_text(_stationxml(_station("A")))
    (tmp_path / "b.xml").write_text(_stationxml(_station("A", elevation="400")))
    with pytest.raises(ArchiveError, match=r"34.0, -117.0, 100.0 m \(a.xml line 3\) and 34.0, -117.0, 400.0 m"
                                           r" \(b.xml line 3\)"):
        read_inventory(tmp_path)


def test_epochs_of_a_station_a_resurvey_apart_are_one_place(tmp_path):
    path = tmp_path / "epochs.xml"  # 0.0005 degrees (55 m) north and 20 m up: one place, the first listing kept
    path.write_text(_stationxml(_station("A", channels=_channel("HHZ"))
                                + _station("A", latitude="34.0005", elevation="120", channels=_channel("HHN"))))
    assert read_inventory(path) == [StationCoordinates("XX.A.", 34.0, -117.0, 100.0, ("HHZ", "HHN"))]
    path.write_text(_stationxml(_station("A") + _station("A", latitude="34.002")))  # 222 m: another place
    with pytest.raises(ArchiveError, match="listed twice at different places"):
        read_inventory(path)


@pytest.mark.parametrize("station, message", [
    (_station("A", elevation="1e300"), r"station XX.A. \(line 3\): elevation 1e\+300 m, outside -12000 .. 9000 m"),
    (_station("A", latitude="91"), "latitude 91 degrees, outside -90 .. 90 degrees"),
    (_station("A", longitude="-180.5"), "longitude -180.5 degrees, outside -180 .. 180 degrees"),
    (_station("A", latitude="NaN"), "latitude nan degrees"),
    (_station("A", elevation="inf"), "elevation inf m"),
    (_station("A", channels=_channel("HHZ", depth="20000")), "sensor depth 20000 m puts the sensor at a height of"
                                                            " -19900 m, outside -12000 .. 9000 m"),
    (_station("A", latitude=None), r"line 3: station XX.A has no latitude"),
    (_station("A", latitude=None, longitude=""), r"line 3: station XX.A has no latitude and longitude"),
    (_station("A", latitude="north"), r"line 3: station XX.A: latitude 'north' is not a number"),
])
def test_coordinates_out_of_range_or_missing_are_refused_naming_file_and_station(tmp_path, station, message):
    path = tmp_path / "net.xml"
    path.write_text(_stationxml(station))
    with pytest.raises(ArchiveError, match="net.xml: .*" + message):
        read_inventory(path)


@pytest.mark.parametrize("prolog, body, namespaces, message", [
    ('<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n', _station("&c;"), "", "declares a DTD"),
    ('<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/hostname">]>\n', _station("A") + "<Comment>&e;</Comment>", "",
     "declares a DTD"),
    ('<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/hostname">]>\n', _station("&e;"), "", "declares a DTD"),
    ("", _station("A") + '<xi:include href="/etc/hostname" parse="text"/>',
     ' xmlns:xi="http://www.w3.org/2001/XInclude"', "line 3: XInclude is refused"),
])
def test_entities_dtds_and_xinclude_are_refused(tmp_path, prolog, body, namespaces, message):
    path = tmp_path / "net.xml"
    path.write_text(_stationxml(body, prolog, namespaces))
    for given in (path, tmp_path):
        with pytest.raises(ArchiveError, match=message):
            read_inventory(given)


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
    with open(tmp_path / "metadata.csv", "a") as csv:
        csv.write("d,CX,PB01,,HH,-21.04,-69.49,1e300\n")
    with pytest.raises(ArchiveError, match=r"metadata.csv: station CX.PB01. \(line 5\): elevation 1e\+300 m"):
        coordinates_from_dataset(tmp_path)
    (tmp_path / "metadata.csv").write_text(
        "trace_name,station_network_code,station_code,station_location_code,trace_channel,station_latitude_deg,"
        "station_longitude_deg,station_elevation_m\na,CX,PB01,,HH,-21.04,-69.49,900\nb,CX,PB01,,HH,-21.05,-69.49,900\n")
    with pytest.raises(ArchiveError, match=r"PB01. is listed twice at different places: -21.04, -69.49, 900.0 m"
                                           r" \(line 2\) and -21.05, -69.49, 900.0 m \(line 3\)"):
        coordinates_from_dataset(tmp_path)


def test_station_key_drops_the_band():
    assert station_key("XX.S01.00.HH") == "XX.S01.00"
    assert station_key("XX.S01") == "XX.S01."
