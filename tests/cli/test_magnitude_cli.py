"""`eqviewer magnitude` and `eqviewer associate` on a generated network with full responses: the ML printed is the
event's, stations that cannot be measured are named on stderr, and bad arguments are one-line errors."""

from __future__ import annotations

import re

import numpy as np
import pytest

from eqviewer.cli import main
from tests.associate import magnitude_network as net

TRUE_ML = 1.8


@pytest.fixture
def session_path(tmp_path):
    stations = net.network()
    true = net.event()
    with net.make_session(tmp_path, stations, true, TRUE_ML, np.random.default_rng(12),
                          without_response=(stations[0].key,)) as session:
        session.replace_events([net.located(true, *net.stored_picks(session))])
    return tmp_path / "s.eqreview"


def _ml(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"ML (-?\d+\.\d+)", text)]


def test_magnitude_prints_each_event_and_names_stations_left_out(session_path, capsys):
    assert main(["magnitude", str(session_path), "--verbose"]) == 0
    out, err = capsys.readouterr()
    (line,) = [x for x in out.splitlines() if x.startswith("event ")]
    assert _ml(line)[0] == pytest.approx(TRUE_ML, abs=0.1) and "from 5 station(s)" in line
    assert len(_ml(out)) == 6  # the event and its five stations
    assert "XX.S00.: " in err and "has no instrument response; left out" in err
    assert main(["magnitude", str(session_path), "--formula", "hutton-boore", "--mean", "trimmed",
                 "--event", "1"]) == 0
    assert _ml(capsys.readouterr().out)[0] == pytest.approx(TRUE_ML, abs=0.1)


def test_corrections_file(session_path, tmp_path, capsys):
    corrections = tmp_path / "corr.txt"
    corrections.write_text("# station corrections\n" + "".join(f"XX.S{i:02d}. 0.3\n" for i in range(6)))
    assert main(["magnitude", str(session_path), "--corrections", str(corrections)]) == 0
    assert _ml(capsys.readouterr().out)[0] == pytest.approx(TRUE_ML + 0.3, abs=0.1)
    corrections.write_text("XX.S01. 0.3\nXX.S02 high\n")
    assert main(["magnitude", str(session_path), "--corrections", str(corrections)]) == 2
    err = capsys.readouterr().err
    assert "corr.txt: line 2: expected 'NET.STA.LOC correction'" in err and "Traceback" not in err


@pytest.mark.parametrize("args, message", [
    (["--formula", "1,2"], "magnitude formula '1,2'"),
    (["--event", "99"], "no located event 99"),
])
def test_bad_requests_are_one_line_errors(session_path, capsys, args, message):
    assert main(["magnitude", str(session_path), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_associate_computes_magnitudes_when_responses_are_known(session_path, capsys):
    assert main(["associate", str(session_path), "--velocity-model", net.MODEL]) == 0
    out, err = capsys.readouterr()
    assert "1 events from" in out
    assert _ml(out)[0] == pytest.approx(TRUE_ML, abs=0.1)
    assert "ML: 1 station measurement(s) left out" in err


def test_quakeml_export_carries_amplitudes_and_the_magnitude(session_path, tmp_path, capsys):
    import obspy

    assert main(["magnitude", str(session_path)]) == 0
    catalog_path = tmp_path / "cat.xml"
    assert main(["export", str(session_path), "--format", "quakeml", "--out", str(catalog_path),
                 "--status", "automatic"]) == 0
    capsys.readouterr()
    (event,) = obspy.read_events(str(catalog_path))
    magnitude = event.preferred_magnitude()
    assert magnitude.magnitude_type == "ML" and magnitude.mag == pytest.approx(TRUE_ML, abs=0.1)
    assert magnitude.station_count == 5 and magnitude.mag_errors.uncertainty < 0.1
    assert magnitude.origin_id == event.preferred_origin().resource_id
    assert len(event.amplitudes) == len(event.station_magnitudes) == 5
    amplitude = event.amplitudes[0]
    assert amplitude.unit == "m" and amplitude.type == "IAML" and amplitude.period > 0
    assert amplitude.waveform_id.channel_code == "HHN" and amplitude.time_window.end > 0
    station = event.station_magnitudes[0]
    assert station.amplitude_id == amplitude.resource_id and station.origin_id == magnitude.origin_id
    assert {c.station_magnitude_id for c in magnitude.station_magnitude_contributions} == {
        s.resource_id for s in event.station_magnitudes}


def test_nonlinloc_export_names_each_events_origin_and_ml(session_path, tmp_path, capsys):
    assert main(["magnitude", str(session_path)]) == 0
    out = tmp_path / "picks.obs"
    assert main(["export", str(session_path), "--format", "nlloc", "--out", str(out), "--status", "automatic"]) == 0
    capsys.readouterr()
    (first, *_) = out.read_text(encoding="utf-8").splitlines()
    assert first.startswith("# event ") and ": origin " in first and " km, ML " in first
    assert float(first.split(" ML ")[1].split()[0]) == pytest.approx(TRUE_ML, abs=0.1) and "(5 stations)" in first
