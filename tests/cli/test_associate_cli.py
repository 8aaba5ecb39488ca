"""The analyst's flow on a generated network: session new --inventory, detect --cascade --associate, export
QuakeML; the origins are the events, the false onsets are left out. And `associate`'s errors."""

from __future__ import annotations

import json
import os
import re

import numpy as np
import obspy
from obspy.geodetics import gps2dist_azimuth

from eqviewer.app.session_stats import session_stats
from eqviewer.cli import main
from eqviewer.labels import Pick
from eqviewer.review.session import Session
from tests.associate.network import (START, random_events, ring_stations, synthetic_picks, waveform_day,
                                     write_stationxml)

SPAN_S = 600.0


def test_detect_associate_export_recovers_the_events(shared_data, tmp_path, capsys):
    rng = np.random.default_rng(8)
    stations = ring_stations(6)
    events = random_events(2, SPAN_S, rng, min_gap_s=150.0)
    archive = tmp_path / "archive"
    archive.mkdir()
    false_onsets = waveform_day(shared_data, stations, events, SPAN_S, archive, rng, n_false=4)
    write_stationxml(stations, tmp_path / "stations.xml")
    session, catalog = tmp_path / "s.eqreview", tmp_path / "cat.xml"
    assert main(["session", "new", str(session), str(archive), "--inventory", str(tmp_path / "stations.xml")]) == 0
    assert main(["detect", str(archive), "--session", str(session), "--cascade", "--device", "cpu", "--associate",
                 "--velocity-model", "vp=6.0,vs=3.5"]) == 0, capsys.readouterr().err
    assert "2 events from" in capsys.readouterr().out
    assert main(["export", str(session), "--format", "quakeml", "--status", "automatic,accepted,corrected,manual",
                 "--out", str(catalog)]) == 0
    origins = [e.preferred_origin() for e in obspy.read_events(str(catalog)) if e.origins]
    assert len(origins) == len(events)
    for origin, event in zip(origins, events):
        assert abs(origin.time - event.time) < 1.0
        assert gps2dist_azimuth(origin.latitude, origin.longitude, event.latitude, event.longitude)[0] < 5000
    with Session.open(session, read_only=True) as s:
        associated = [s.pick(a.pick_id) for o in s.events() for a in o.arrivals]
        stats = session_stats(s)
    assert (stats["stations_with_coordinates"], stats["events"]) == (6, 2)
    assert stats["unassociated_picks"] == sum(n for c in stats["picks"].values() for n in c.values()) - len(associated)
    for key, time in false_onsets:
        assert not any(p.station_id.startswith(key) and abs(p.time - time) < 2.0 for p in associated)


def test_associate_errors_are_one_line(tmp_path, capsys):
    session = tmp_path / "s.eqreview"
    assert main(["session", "new", str(session), str(tmp_path)]) == 0
    assert main(["associate", str(session)]) == 2
    assert "no station coordinates" in capsys.readouterr().err
    assert main(["associate", str(session), "--velocity-model", "vp=fast"]) == 2
    assert "not a velocity model" in capsys.readouterr().err
    assert main(["associate", str(session), "--inventory", str(tmp_path / "none.xml")]) == 2
    assert "none.xml: station metadata not found" in capsys.readouterr().err
    assert main(["associate", str(session), "--min-picks", "-1"]) == 2
    assert "min_picks must be a whole number from 1 to 1,000,000" in capsys.readouterr().err
    assert main(["detect", str(tmp_path), "--associate"]) == 2
    assert "give --session" in capsys.readouterr().err


def test_an_analysts_correction_is_reported_and_an_archive_never_moves_it_back(shared_data, tmp_path, capsys):
    archive = os.path.abspath(shared_data / "stead_eqt50" / "waveforms.hdf5")
    session, corrected = str(tmp_path / "s.eqreview"), tmp_path / "corrected.xml"
    corrected.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><FDSNStationXML xmlns="http://www.fdsn.org/xml/station/1"'
        ' schemaVersion="1.1"><Source>t</Source><Network code="TA"><Station code="109C"><Latitude>32.9</Latitude>'
        '<Longitude>-117.1</Longitude><Elevation>150</Elevation></Station></Network></FDSNStationXML>')
    assert main(["session", "new", session, archive]) == 0
    capsys.readouterr()
    assert main(["associate", session, "--inventory", str(corrected)]) == 0
    assert (f"eqviewer: station TA.109C. moved from 32.8889, -117.1051, 150.0 m ({archive})"
            f" to 32.9, -117.1, 150.0 m ({corrected})") in capsys.readouterr().out
    assert main(["associate", session]) == 0
    assert "moved" not in capsys.readouterr().out
    with Session.open(session, read_only=True) as s:
        assert s.stations()["TA.109C."].position() == (32.9, -117.1, 150.0)


def test_bad_or_conflicting_station_metadata_is_refused_in_one_line_and_stores_nothing(tmp_path, capsys):
    session, bad = str(tmp_path / "s.eqreview"), tmp_path / "bad.xml"
    station = '<Station code="A"><Latitude>34</Latitude><Longitude>-117</Longitude><Elevation>{}</Elevation></Station>'
    for elevations, message in ((["1e300"], "bad.xml: station XX.A. (line 1): elevation 1e+300 m, outside -12000"),
                                (["10", "400"], "bad.xml: station XX.A. is listed twice at different places:")):
        bad.write_text('<FDSNStationXML xmlns="http://www.fdsn.org/xml/station/1"><Network code="XX">'
                       + "".join(station.format(e) for e in elevations) + "</Network></FDSNStationXML>")
        assert main(["session", "new", session, str(tmp_path), "--inventory", str(bad)]) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
        assert not os.path.exists(session)


def test_picks_without_station_coordinates_are_counted_apart_from_likely_noise(tmp_path, capsys):
    rng = np.random.default_rng(5)
    stations = ring_stations(6)
    picks = synthetic_picks(stations, random_events(2, 600.0, rng), rng, n_false=3)
    picks += [Pick("XX.ZZ..HH", "P", START + 10.0 * i, record="synthetic") for i in range(4)]  # no coordinates
    session = str(tmp_path / "s.eqreview")
    write_stationxml(stations, tmp_path / "stations.xml")
    with Session.create(session) as s:
        s.add_automatic([p.with_changes(id=None) for p in picks])
    assert main(["associate", session, "--inventory", str(tmp_path / "stations.xml")]) == 0
    out, err = capsys.readouterr()
    found = re.search(r"from (\d+) of (\d+) picks \((\d+) unassociated, likely noise\)", out)
    associated, used, unassociated = map(int, found.groups())
    assert used == len(picks) - 4 and unassociated == used - associated
    assert "4 pick(s) of 1 station(s) without coordinates were left out" in err and "XX.ZZ." in err
    assert main(["session", "stats", session, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["unassociated_picks"], stats["picks_without_coordinates"]) == (unassociated, 4)
