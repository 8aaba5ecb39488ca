"""The analyst's flow on a generated network: session new --inventory, detect --cascade --associate, export
QuakeML; the origins are the events, the false onsets are left out. And `associate`'s errors."""

from __future__ import annotations

import numpy as np
import obspy
from obspy.geodetics import gps2dist_azimuth

from eqviewer.app.session_stats import session_stats
from eqviewer.cli import main
from eqviewer.review.session import Session
from tests.associate.network import random_events, ring_stations, waveform_day, write_stationxml

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
    assert "min_picks must be 0 or more" in capsys.readouterr().err
    assert main(["detect", str(tmp_path), "--associate"]) == 2
    assert "give --session" in capsys.readouterr().err
