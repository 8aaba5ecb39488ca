"""The application layer without Qt: ReviewState, FilterChoice and RunState tell observers what changed."""

from __future__ import annotations

import numpy as np
import pytest
from obspy import read

from eqviewer.app.review_state import ReviewState
from eqviewer.app.runs import RunState
from eqviewer.app.view_filter import PRESETS, FilterChoice, FilterSpec
from eqviewer.labels import Pick
from eqviewer.review.detection_results import DetectionBatch, RecordCurves
from eqviewer.review.session import Session


@pytest.fixture
def archive(tmp_path) -> str:
    """ObsPy's bundled 3-C example record as MiniSEED."""
    path = tmp_path / "rjob.mseed"
    read().write(str(path), format="MSEED")
    return str(path)


def _record(events: list, name: str):
    return lambda *args: events.append((name, *args))


def test_review_state_reports_every_change(archive, tmp_path):
    state, events = ReviewState(), []
    for name in ("session_changed", "entries_added", "record_changed", "labels_changed"):
        getattr(state, name).connect(_record(events, name))
    assert state.open_session(str(tmp_path / "s.eqreview"), [archive]) == []
    assert [e[0] for e in events] == ["session_changed", "session_changed", "entries_added"]  # closed, opened
    [entry] = events[-1][1]
    assert state.entry(entry.record_id) is entry and entry.station_id.startswith("BW.RJOB")

    state.want(entry.record_id)
    assert state.show("another record", object()) is False  # the analyst moved on: nothing changes
    assert state.show(entry.record_id, entry.source.read(entry.item)) is True
    assert events[-1] == ("record_changed", entry.record_id) and state.editor.record_id == entry.record_id

    events.clear()
    state.edit(lambda e: e.set_pick("P", state.record.start + 5))
    assert events == [("labels_changed", {entry.record_id})]
    assert [p.phase for p in state.editor.picks()] == ["P"]
    assert state.undo() is True and events[-1] == ("labels_changed", None) and state.editor.picks() == []
    assert state.redo() is True and len(state.editor.picks()) == 1

    # detector results: the record's automatic picks are replaced, curves kept, run info kept
    start, rate = state.record.start, state.record.sampling_rate
    for probability in (0.6, 0.7):
        pick = Pick(entry.station_id, "S", start + 9, record=entry.record_id, probability=probability)
        curves = RecordCurves(entry.record_id, start, rate, {"P": np.full(3000, probability, np.float32)})
        state.store(DetectionBatch([pick], [], [entry.record_id], {"model": "m:1"}, curves=[curves]))
    automatic = [p for p in state.session.picks(record=entry.record_id) if p.status == "automatic"]
    assert [p.probability for p in automatic] == [pytest.approx(0.7)]
    assert events[-1] == ("labels_changed", {entry.record_id})
    assert state.shown_curves()[2]["p"][0] == pytest.approx(0.7) and state.session.runs()[-1]["model"] == "m:1"

    # after disconnect the observer hears nothing
    events.clear()
    state.labels_changed.disconnect(state.labels_changed._callbacks[0])
    state.edit(lambda e: e.select(None))
    assert events == []

    state.close()
    assert state.session is None and state.editor is None and not state.sources and state.entry(entry.record_id) is None


def test_curves_encoded_in_the_worker_are_stored_and_drawn_without_reading_them_back(archive, tmp_path, monkeypatch):
    state = ReviewState()
    state.open_session(str(tmp_path / "s.eqreview"), [archive])
    entry = next(iter(state.entries.values()))
    state.want(entry.record_id)
    state.show(entry.record_id, entry.source.read(entry.item))
    start, rate = state.record.start, state.record.sampling_rate
    values = np.linspace(0, 1, 3000, dtype=np.float32)
    batch = DetectionBatch([], [], [entry.record_id], {"model": "m:1"},
                           curves=[RecordCurves(entry.record_id, start, rate, {"P": values, "att:p_att1": values})])
    batch.encode_curves()  # what the run's worker thread does
    assert batch.curves[0].curves is batch.curves[0].stored  # the unquantised curves are not kept as well
    state.store(batch)
    stored = state.session.curves(entry.record_id)
    monkeypatch.setattr(state.session, "curves", lambda record: pytest.fail("read back from the session"))
    shown_start, rates, probabilities, attention = state.shown_curves()
    assert shown_start == start and rates == state.session.curve_rates(entry.record_id)
    np.testing.assert_array_equal(probabilities["p"], stored["P"])  # exactly what a reopened session draws
    np.testing.assert_array_equal(attention["p_att1"], stored["att:p_att1"])
    monkeypatch.undo()
    reads = []
    original = state.session.curves
    monkeypatch.setattr(state.session, "curves", lambda record: reads.append(record) or original(record))
    state.show(entry.record_id, state.record)  # shown again later: read from the session (another writer may
    state.shown_curves()  # have stored since)
    assert reads == [entry.record_id]
    state.close()


def test_poll_notices_another_handles_edit(archive, tmp_path):
    path = str(tmp_path / "team.eqreview")
    with Session.create(path, archives=[archive], author="ana") as other:
        state, events = ReviewState(), []
        state.labels_changed.connect(events.append)
        state.open_session(path)
        assert state.session.read_only and state.poll() is False
        [record] = list(state.entries)
        other.add_pick(Pick("BW.RJOB..EH", "P", state.entries[record].start + 5, record=record))
        assert state.poll() is True and events == [None]
        assert state.poll() is False and events == [None]
        state.close()


def test_a_bad_archive_is_a_problem_and_the_others_open(archive, tmp_path):
    bad = tmp_path / "bad.mseed"
    bad.write_bytes(b"not a seismogram" * 20)
    state = ReviewState()
    problems = state.open_session(str(tmp_path / "p.eqreview"), [str(bad), archive])
    assert len(problems) == 1 and problems[0][0] == "Cannot open the archive" and "bad.mseed" in problems[0][1]
    assert list(state.sources) == [archive]
    state.close()


def test_filter_choice_and_run_state_report_changes():
    choice, changes = FilterChoice(), []
    choice.changed.connect(lambda: changes.append((choice.on, choice.spec)))
    data = np.random.default_rng(0).standard_normal((3, 1000)).astype(np.float32)
    assert choice.shown(data, 100.0) is data and choice.description == ""
    choice.toggle()
    assert changes == [(True, PRESETS[0])] and not np.allclose(choice.shown(data, 100.0), data)
    choice.choose(FilterSpec("lowpass", freqmax=80.0))  # above Nyquist: switched off, the reason raised
    with pytest.raises(ValueError, match="Nyquist"):
        choice.shown(data, 100.0)
    assert not choice.on

    runs, seen = RunState(), []
    runs.started.connect(lambda kind: seen.append(("started", kind)))
    runs.finished.connect(lambda kind, cancelled: seen.append(("finished", kind, cancelled)))
    runs.model_changed.connect(lambda name: seen.append(("model", name)))
    runs.begin("detect")
    with pytest.raises(ValueError, match="in progress"):
        runs.begin("retrain")
    runs.stored({"model": "seed:1"})
    runs.end(cancelled=True)
    assert seen == [("started", "detect"), ("model", "seed:1"), ("finished", "detect", True)] and not runs.busy
