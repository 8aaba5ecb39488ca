"""The event view: event queue, stations stacked by distance with picks and predicted arrivals, review keys on a
selected pick, double click to the 3-C view, the map, and re-association from the window."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.associate.session_events import associate_session
from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.io.record import ItemRef
from eqviewer.review.session import Session
from tests.associate.network import START, random_events, ring_stations, synthetic_picks, waveform_day

SPAN_S = 900.0


@pytest.fixture
def network_session(shared_data, tmp_path):
    """A 15-minute, 6-station generated network with real waveforms, its picks (one P left out), associated."""
    rng = np.random.default_rng(21)
    stations = ring_stations(6)
    events = random_events(2, SPAN_S, rng, min_gap_s=200.0)
    archive = tmp_path / "archive"
    archive.mkdir()
    waveform_day(shared_data, stations, events, SPAN_S, archive, rng)
    picks = synthetic_picks(stations, events, rng)
    missed = picks[0]  # the first event's P on the first station: the view must predict it
    picks = picks[1:]
    path = tmp_path / "net.eqreview"
    with Session.create(path, archives=[archive]) as session:
        records = {s.key: str(ItemRef(str(archive), s.key + ".HH")) for s in stations}  # the queue's record ids
        session.add_automatic([p.with_changes(id=None, record=records[p.station_id[:-3]]) for p in picks])
        session.set_stations(stations, source="test")
        associate_session(session, parse_velocity_model("vp=6.0,vs=3.5"))
    return path, archive, stations, events, missed


def test_event_view_shows_the_network_and_predicts_the_missed_arrival(window, qtbot, network_session):
    path, archive, stations, events, missed = network_session
    window.open_paths([str(archive)], session_path=str(path))
    view = window.events.view
    assert window.events.tabs.currentWidget() is view  # a session with events opens on the Event tab
    assert view.table.rowCount() == len(events)
    view.select_event(min(view.origins, key=lambda o: abs(o.time - events[0].time)).id)
    distances = [t.distance_km for t in view.traces]
    assert distances == sorted(distances) and len(view.traces) == len(stations)
    assert all(t.data is not None and t.data.shape[0] == 3 for t in view.traces)
    first = next(t for t in view.traces if t.station.key == missed.station_id[:-3])
    assert first.missed("P") and not first.missed("S")
    assert abs(first.predicted["P"] - missed.time) < 0.5
    assert sum(t.missed("P") for t in view.traces) == 1
    assert len(view.map.stations.data) == len(stations)
    view.sort_box.setCurrentText("RMS, worst first")  # the event most in need of review on top
    rms = [o.rms_s for o in view.origins]
    assert rms == sorted(rms, reverse=True) and len(set(rms)) > 1


def test_review_keys_act_on_the_pick_selected_in_the_event_view(window, qtbot, network_session):
    path, archive, *_ = network_session
    window.open_paths([str(archive)], session_path=str(path))
    view = window.events.view
    pick = view.traces[0].picks[0]
    view.select_pick(pick)
    assert window.editor is view.editor
    window.review_actions["accept_pick"].trigger()
    assert window.session.pick(pick.id).status == "accepted"
    qtbot.waitUntil(lambda: view.traces[0].picks[0].status == "accepted", timeout=3000)
    window.review_actions["undo"].trigger()
    assert window.session.pick(pick.id).status == "automatic"
    window.review_actions["next_pick"].trigger()  # Tab: the next pick of the section
    assert window.editor is view.editor and view.editor.selected == view.traces[0].picks[1].id
    window.events.tabs.setCurrentIndex(0)
    assert window.editor is not view.editor
    if window.record is not None:  # the record read while the Event tab was shown keeps its editor
        assert window.editor is not None and window.editor.record_id == str(window.record.ref)


def test_double_click_opens_the_station_and_reassociate_is_undoable(window, qtbot, network_session):
    path, archive, *_ = network_session
    window.open_paths([str(archive)], session_path=str(path))
    view = window.events.view
    trace = view.traces[0]
    with qtbot.waitSignal(window.record_shown, timeout=20000):
        view.station_opened.emit(trace.record, (view.origin.time + 3).timestamp)
    assert window.events.tabs.currentIndex() == 0 and window.record.station_id.startswith(trace.station.key)
    first, last = window.trace.x_range()
    assert first <= view.origin.time + 3 - window.record.start <= last
    before, edit = [o.id for o in window.session.events()], window.session.newest_edit()
    window.events.tabs.setCurrentWidget(view)
    window.registry["reassociate"].trigger()
    assert window.runs.kind == "associate" and not window.model_panel.run_all.isEnabled()  # the one job runner's
    qtbot.waitUntil(lambda: not window.runs.busy, timeout=30000)
    assert [o.id for o in window.session.events()] == before  # the events found again keep their ids
    assert window.session.newest_edit() != edit  # stored as an edit of its own
    window.pick_review.undo()
    assert window.session.newest_edit() == edit and [o.id for o in window.session.events()] == before


def test_open_with_inventory_stores_stations_and_screenshots_the_event_view(qapp, network_session, tmp_path):
    from PyQt6.QtGui import QImage

    from eqviewer.cli import main
    from tests.associate.network import write_stationxml

    path, archive, stations, *_ = network_session
    moved = [s.__class__(s.key, s.latitude + 0.01, s.longitude, s.elevation_m, s.channels) for s in stations]
    write_stationxml(moved, tmp_path / "stations.xml")
    shot = tmp_path / "events.png"
    assert main(["open", str(archive), "--session", str(path), "--inventory", str(tmp_path / "stations.xml"),
                 "--screenshot", str(shot), "--size", "1400x900"]) == 0
    assert QImage(str(shot)).width() == 1400
    with Session.open(path, read_only=True) as session:
        stored = session.stations()
    assert stored[stations[0].key].latitude == pytest.approx(stations[0].latitude + 0.01)


def open_with_a_false_pick(window, network_session) -> int:
    """Add a P that no event explains (700 s into the day, on the third station), open the session in the window;
    the pick's id."""
    from eqviewer.labels import Pick

    path, archive, stations, *_ = network_session
    with Session.open(path) as session:
        record = session.picks()[0].record
        false = session.add_pick(Pick(stations[2].key + ".HH", "P", START + 700.0, record=record))
    window.open_paths([str(archive)], session_path=str(path))
    return false


def test_likely_noise_lists_the_unassociated_picks_for_review(window, qtbot, network_session):
    false = open_with_a_false_pick(window, network_session)
    view = window.events.view
    assert [p.id for p in view.unassociated] == [false]
    assert view.lists.tabText(1) == "Likely noise (1)"
    view.noise_table.selectRow(0)
    assert window.editor is view.editor and view.editor.selected == false
    window.review_actions["reject_pick"].trigger()
    assert window.session.pick(false).status == "rejected"
    qtbot.waitUntil(lambda: view.unassociated == [], timeout=3000)  # reviewed: off the list


def test_queue_filter_likely_noise_keeps_the_records_with_picks_no_event_explains(window, qtbot, network_session):
    path, archive, stations, *_ = network_session
    from eqviewer.gui.review_queue import LIKELY_NOISE
    from eqviewer.labels import Pick

    with Session.open(path) as session:
        explained = {p.record for p in session.picks()} - {p.record for p in session.unassociated_picks()}
        record = sorted(explained)[0]
        false = session.add_pick(Pick(stations[2].key + ".HH", "P", START + 700.0, record=record))
    window.open_paths([str(archive)], session_path=str(path))
    queue = window.queue
    everything = set(queue.record_ids())
    assert record in everything and len(everything) == len(stations)
    queue.pick_filter.setCurrentText(LIKELY_NOISE)
    assert record in queue.record_ids() and len(queue.record_ids()) < len(everything)
    assert queue.model.likely_noise(record) == 1 and "1 picks no event explains" in queue.summary.text()
    window.session.reject(false)
    queue.rebuild()
    assert record not in queue.record_ids()  # reviewed: no longer likely noise
    queue.pick_filter.setCurrentText("all picks")
    assert set(queue.record_ids()) == everything
