"""Training exports leave out partly reviewed records by default (and count them); with --include-partial an
unjudged phase is marked unknown, never absent. QuakeML picks carry real channel codes (stead_eqt50)."""

from __future__ import annotations

import csv

import obspy

from eqviewer.cli import main
from eqviewer.io import open_archive
from eqviewer.review.session import Session
from eqviewer.review.training_windows import UNKNOWN_STATUS, partial_records


def _session(shared_data, path) -> tuple[str, str]:
    """Two stead_eqt50 records: one fully reviewed (P and S accepted), one with its P accepted and S unreviewed."""
    archive = shared_data / "stead_eqt50" / "waveforms.hdf5"
    with open_archive(str(archive)) as source:
        items = source.items()[:2]
    with Session.create(path, archives=[archive]) as session:
        for item in items:
            record = str(source.ref(item))
            picks = [p.with_changes(record=record, status="automatic", probability=0.9) for p in item.labels]
            ids = dict(zip([p.phase for p in picks], session.add_automatic(picks)))
            session.accept(ids["P"])
            if item is items[0]:
                session.accept(ids["S"])
        done, partial = str(source.ref(items[0])), str(source.ref(items[1]))
        assert partial_records(session) == {partial}
    return done, partial


def _rows(folder) -> list[dict]:
    with open(folder / "metadata.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def test_partly_reviewed_records_are_left_out_or_marked_unknown(shared_data, tmp_path, capsys):
    path = tmp_path / "partial.eqreview"
    done, partial = _session(shared_data, path)

    assert main(["export", str(path), "--format", "seisbench", "--out", str(tmp_path / "sb")]) == 0
    rows = _rows(tmp_path / "sb")
    assert [r["eqviewer_record"] for r in rows] == [done]
    assert rows[0]["trace_s_status"] == "accepted" and rows[0]["trace_s_arrival_sample"]
    assert "1 partly reviewed record(s)" in capsys.readouterr().out

    assert main(["export", str(path), "--format", "seisbench", "--out", str(tmp_path / "sb2"),
                 "--include-partial"]) == 0
    rows = {r["eqviewer_record"]: r for r in _rows(tmp_path / "sb2")}
    assert set(rows) == {done, partial}
    assert rows[partial]["trace_p_status"] == "accepted" and rows[partial]["trace_p_arrival_sample"]
    assert rows[partial]["trace_s_status"] == UNKNOWN_STATUS and rows[partial]["trace_s_arrival_sample"] == ""
    assert rows[done]["trace_s_status"] == "accepted"

    assert main(["export", str(path), "--format", "stead", "--out", str(tmp_path / "st.hdf5"),
                 "--include-partial"]) == 0
    with open(tmp_path / "st.csv", newline="") as handle:
        statuses = sorted(r["s_status"] for r in csv.DictReader(handle))
    assert statuses == ["accepted", UNKNOWN_STATUS]


def test_quakeml_picks_carry_real_channel_codes(shared_data, tmp_path):
    path = tmp_path / "q.eqreview"
    _session(shared_data, path)
    assert main(["export", str(path), "--format", "quakeml", "--out", str(tmp_path / "picks.xml")]) == 0
    picks = [p for event in obspy.read_events(str(tmp_path / "picks.xml")) for p in event.picks]
    assert picks
    assert {(p.phase_hint, p.waveform_id.channel_code) for p in picks} == {("P", "BHZ"), ("S", "BHN")}

