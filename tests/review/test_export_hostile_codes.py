"""Station codes, phases, record and model names that no text format holds as they are: every export either writes
a file that reads back (ObsPy reads the QuakeML, NonLinLoc lines have their 14 fields, CSV rows round-trip) or
stops with an ExportError naming the file and the pick, writing nothing."""

from __future__ import annotations

import csv
import warnings

import obspy
import pytest
from obspy import UTCDateTime
from obspy.core.event import ResourceIdentifier

from eqviewer.detect.writers import PickWriter
from eqviewer.errors import ExportError
from eqviewer.io.paths import utf8_text
from eqviewer.io.text_fields import NLLOC_FIELD_BYTES, quakeml_id, xml_text
from eqviewer.labels import Pick
from eqviewer.review.export import export_session
from eqviewer.review.selection import split_station_id
from eqviewer.review.session import Session

T0 = UTCDateTime("2024-03-01T00:00:00")
NLLOC_FIELDS = 14  # station, instrument, component, onset, phase, polarity, date, hour-minute, seconds, GAU, error,
# coda duration, amplitude, period
HOSTILE_STATIONS = {
    "newline": "A\nB", "carriage return": "A\rB", "escape": "A\x1bB", "NUL": "A\x00B", "space": "A B",
    "tab": "A\tB", "delete": "A\x7fB", "line separator": "A\u2028B",
    "too long": "L" * (NLLOC_FIELD_BYTES["station code"] + 1),
}
"""Station codes a NonLinLoc phase line cannot hold, by what is wrong with them."""
HOSTILE_STATION_IDS = ["", "..", *(f"XX.{code}..HH" for code in HOSTILE_STATIONS.values())]
"""Station ids with an empty station code ("" and ".." both) or a hostile one."""
PLAIN_STATION_IDS = ['XX.A"B..HH', "XX.A,B..HH", "XX.Søndre..HH", "XX.?..HH", "XX.AB'C.00.HH",
                     "XX." + "L" * NLLOC_FIELD_BYTES["station code"] + "..HH"]
"""Unusual station ids whose station codes NonLinLoc holds (quotes, commas, non-ASCII, "?", the longest)."""
HOSTILE_TEXT = 'rec\n\r\x1b\x00 \t,"\'ø' + "x" * 300


def _session(path, station_ids: list[str], phase: str = "P", model: str | None = None) -> Session:
    """A session with one manual pick an hour apart on each station id, hostile record names included."""
    with Session.create(path) as session:
        for index, station_id in enumerate(station_ids):
            session.add_pick(Pick(station_id, phase, T0 + 3600 * index, record=_record(index),
                                  uncertainty_s=0.05, model=model))
    return Session.open(path, read_only=True)


def _record(index: int) -> str:
    """A hostile record name; the names sort in the order of ``index`` (the CSV export's order)."""
    return f"{HOSTILE_TEXT}{index:03d}"


def _left_behind(folder) -> list:
    return [p for p in folder.iterdir() if p.name != "s.eqreview"]


def _is_quakeml_uri(resource_id: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return ResourceIdentifier(resource_id).get_quakeml_uri_str() == resource_id


@pytest.mark.parametrize("station_id", HOSTILE_STATION_IDS)
def test_nlloc_refuses_a_code_a_phase_line_cannot_hold_and_writes_nothing(tmp_path, station_id):
    out = tmp_path / "picks.obs"
    with _session(tmp_path / "s.eqreview", ["XX.GOOD..HH", station_id]) as session:
        with pytest.raises(ExportError) as error:
            export_session(session, "nlloc", out)
    code = split_station_id(station_id)[1]
    assert error.value.path == str(out)
    assert f"station code {code!r}" in error.value.reason and "pick smi:local/eqviewer/pick/2" in error.value.reason
    assert "\n" not in str(error.value) and "\r" not in str(error.value)
    assert _left_behind(tmp_path) == []


def test_nlloc_refuses_a_phase_with_a_space(tmp_path):
    with _session(tmp_path / "s.eqreview", ["XX.GOOD..HH"], phase="P g") as session:
        with pytest.raises(ExportError, match="phase 'P g' holds whitespace"):
            export_session(session, "nlloc", tmp_path / "picks.obs")
    assert _left_behind(tmp_path) == []


def test_nlloc_lines_of_unusual_codes_have_their_fields(tmp_path):
    out = tmp_path / "picks.obs"
    with _session(tmp_path / "s.eqreview", PLAIN_STATION_IDS) as session:
        assert export_session(session, "nlloc", out) == len(PLAIN_STATION_IDS)
    lines = [line.split() for line in out.read_text(encoding="utf-8").split("\n")
             if line and not line.startswith("PUBLIC_ID")]
    assert [len(fields) for fields in lines] == [NLLOC_FIELDS] * len(PLAIN_STATION_IDS)
    assert [fields[0] for fields in lines] == [split_station_id(s)[1] for s in PLAIN_STATION_IDS]


def test_quakeml_of_hostile_codes_reads_back_with_control_characters_escaped(tmp_path):
    out = tmp_path / "picks.xml"
    station_ids = HOSTILE_STATION_IDS + PLAIN_STATION_IDS
    with _session(tmp_path / "s.eqreview", station_ids, model="seed\x1b v1:2\n") as session:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # ObsPy warns of invalid resource identifiers
            assert export_session(session, "quakeml", out) == len(station_ids)
    picks = [p for event in obspy.read_events(str(out)) for p in event.picks]
    assert [p.waveform_id.station_code or "" for p in picks] == [xml_text(split_station_id(s)[1]) for s in station_ids]
    assert picks[HOSTILE_STATION_IDS.index("XX.A\x1bB..HH")].waveform_id.station_code == "A\\x1bB"
    assert picks[HOSTILE_STATION_IDS.index("XX.A\nB..HH")].waveform_id.station_code == "A\\x0aB"
    assert all(_is_quakeml_uri(str(p.method_id)) and _is_quakeml_uri(str(p.resource_id)) for p in picks)
    assert any(xml_text(HOSTILE_TEXT) in comment.text for p in picks for comment in p.comments)


def test_csv_of_hostile_codes_round_trips(tmp_path):
    out = tmp_path / "picks.csv"
    station_ids = HOSTILE_STATION_IDS + PLAIN_STATION_IDS
    with _session(tmp_path / "s.eqreview", station_ids) as session:
        assert export_session(session, "csv", out) == len(station_ids)
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["station_id"] for row in rows] == station_ids
    assert [row["record"] for row in rows] == [_record(i) for i in range(len(station_ids))]


UNDECODABLE = "XX.A\udcffB..HH"  # a station id from a file name with a byte that is not UTF-8


@pytest.mark.parametrize("name", ["picks.csv", "picks.xml"])
def test_detect_output_of_hostile_codes_reads_back(tmp_path, name):
    station_ids = HOSTILE_STATION_IDS + PLAIN_STATION_IDS + [UNDECODABLE]
    picks = [Pick(s, "P", T0 + i, record=_record(i), probability=0.9, model="seed\x00:v 1")
             for i, s in enumerate(station_ids)]
    out = tmp_path / name
    writer = PickWriter(out)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        writer.write(picks)
        writer.close()
    if name.endswith(".csv"):
        with open(out, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert [row["station_id"] for row in rows] == [utf8_text(s) for s in station_ids]
        assert rows[-1]["station_id"] == "XX.A\\xffB..HH"
    else:
        read = [p for event in obspy.read_events(str(out)) for p in event.picks]
        assert [p.waveform_id.station_code or "" for p in read] == [xml_text(split_station_id(s)[1])
                                                                     for s in station_ids]
        assert all(_is_quakeml_uri(str(p.method_id)) for p in read)


@pytest.mark.parametrize("name", ["", "seed:v1", "a b\n:c/d", "Søndre:1.0", "::", "x" * 500])
def test_resource_ids_are_quakeml_uris_whatever_the_name(name):
    assert _is_quakeml_uri(quakeml_id("model", name))
