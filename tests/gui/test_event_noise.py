"""The Event tab's likely-noise list: a pick an event explains as the other phase says so ("likely P, not noise"),
selecting its row shows that event with the pick in view (on whatever time axis the section has), and one key
relabels it, joins it to the event and relocates it; one undo takes all back."""

from __future__ import annotations

from eqviewer.app.location import needs_relocation
from eqviewer.gui.event_display import ALIGNED_ON_P
from eqviewer.labels import Pick
from eqviewer.review.session import Session
from tests.gui.test_event_view import network_session  # noqa: F401  (the fixture)


def test_a_mislabelled_pick_is_offered_relabelled_and_the_key_joins_it(window, qtbot, network_session):  # noqa: F811
    path, archive, stations, events, missed = network_session
    with Session.open(path) as session:  # the missed P, labelled S: no event explains it as S
        record = next(p.record for p in session.picks() if p.station_id == missed.station_id)
        wrong = session.add_pick(Pick(missed.station_id, "S", missed.time, record=record))
    window.open_paths([str(archive)], session_path=str(path))
    view, session = window.events.view, window.session
    row = [p.id for p in view.unassociated].index(wrong)
    assert view.noise_table.cell(row, 2).startswith("likely P, not noise")
    explaining = view.explained[wrong].origin_id
    shown = next(o.id for o in view.origins if o.id != explaining)
    view.select_event(shown)  # another event is shown when the row is chosen
    view.time_box.setCurrentText(ALIGNED_ON_P)
    view.noise_table.selectRow(row)
    assert view.origin.id == explaining and window.editor is view.editor and view.editor.selected == wrong
    index = next(i for i, t in enumerate(view.traces) if t.station.key == missed.station_id[:-3])
    (left, right), _ = view.plot.getPlotItem().vb.viewRange()
    assert abs((left + right) / 2 - view.section_x(index, missed.time)) < 0.5  # the pick at the centre
    before = session.event(explaining)
    window.registry["relabel_explained"].trigger()
    joined = {p.id: p for _, p in session.event_picks(explaining)}
    relabelled = view.editor.selected
    assert joined[relabelled].phase == "P" and joined[relabelled].time == missed.time
    qtbot.waitUntil(lambda: wrong not in {p.id for p in view.unassociated}, timeout=3000)
    qtbot.waitUntil(lambda: not needs_relocation(session, explaining), timeout=20000)
    assert session.event(explaining).n_picks == before.n_picks + 1
    window.review_actions["undo"].trigger()
    assert session.event(explaining) == before and session.pick(wrong).phase == "S"
    qtbot.waitUntil(lambda: wrong in {p.id for p in view.unassociated}, timeout=3000)


def test_the_relabel_key_refuses_a_pick_no_event_explains(window, qtbot, network_session):  # noqa: F811
    from tests.gui.test_event_view import open_with_a_false_pick

    false = open_with_a_false_pick(window, network_session)
    view = window.events.view
    assert view.noise_table.cell(0, 2) == "noise"
    view.noise_table.selectRow(0)
    count = len(window.session.picks())
    window.registry["relabel_explained"].trigger()
    assert "select a likely-noise pick" in window.statusBar().currentMessage()
    assert window.session.pick(false).phase == "P" and len(window.session.picks()) == count


def test_the_list_read_after_edits_equals_a_full_reading(window, qtbot, network_session):  # noqa: F811
    from eqviewer.app.noise_review import likely_noise
    from tests.gui.test_event_view import open_with_a_false_pick

    false = open_with_a_false_pick(window, network_session)
    view, session = window.events.view, window.session
    view.noise_table.selectRow(0)
    second = session.add_pick(Pick(session.pick(false).station_id, "S", session.pick(false).time + 30.0,
                                   record=session.pick(false).record))
    view.noise_table.reread(session)  # read in a worker thread ...
    session.reject(false)
    view.noise_table.reread(session)  # ... overtaken by this edit: its list is dropped, the newer one shown
    qtbot.waitUntil(lambda: view.noise_table.worker is None, timeout=10000)
    full = likely_noise(session)
    assert [p.id for p in view.unassociated] == [p.id for p in full.picks] == [second]
    assert view.unassociated == full.picks and view.explained == full.explained
    assert view.lists.tabText(1) == "Likely noise (1)" and view.noise_table.cell(0, 0).startswith("20")


def test_a_list_deleted_while_it_is_read_waits_for_its_reading(qtbot, tmp_path):
    from PyQt6 import sip

    from eqviewer.gui.noise_list import NoiseTable
    from tests.associate.event_session import located_session

    session, _ = located_session(tmp_path / "s.eqreview")
    with session:
        table = NoiseTable()
        table.reread(session)
        worker = table.worker
        assert worker is not None and worker.isRunning()
        sip.delete(table)  # the window closed under it: the reading is waited for, not torn down running
        assert worker.isFinished()
        qtbot.wait(50)  # its late signal finds no table and is ignored
