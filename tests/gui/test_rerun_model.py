"""Running the model again on a record replaces its still-automatic picks and detections (reviewed picks stay),
as one undoable edit: no duplicates, no automatic pick on an arrival already reviewed, and a record the analyst
finished stays done (stead_eqt50, seed model)."""

from __future__ import annotations

MODEL_TIMEOUT_MS = 180_000


def _run(qtbot, window) -> None:
    with qtbot.waitSignal(window.model_finished, timeout=MODEL_TIMEOUT_MS) as finished:
        assert window.model_runs.run_model(all_records=False) is not None
    assert finished.args == [False] and not window.error_boxes, [b.text() for b in window.error_boxes]


def test_rerun_replaces_automatic_picks_and_keeps_reviewed_ones(qtbot, window, shared_data, seed_models_dir,
                                                                tmp_path):
    with qtbot.waitSignal(window.record_shown, timeout=20_000):
        window.open_paths([str(shared_data / "stead_eqt50" / "waveforms.hdf5")],
                          session_path=str(tmp_path / "rerun.eqreview"))
    session, record = window.session, window.editor.record_id
    # the seed classifier reads raw counts and barely fires on this instrument: a low threshold gives detections
    window.model_panel.det_threshold.setValue(0.01)
    _run(qtbot, window)
    first = {p.phase: p for p in session.picks(record=record)}
    assert set(first) == {"P", "S"} and all(p.status == "automatic" for p in first.values())
    detections = [w for w in session.window_labels(record=record) if w.status == "automatic"]
    assert detections, float(session.curves(record)["det"].max())
    window.pick_review.select_pick(first["P"].id)
    window.review_actions["accept_pick"].trigger()
    assert session.pick(first["P"].id).status == "accepted"

    _run(qtbot, window)
    picks = session.picks(record=record)
    automatic = [p for p in picks if p.status == "automatic"]
    assert sorted(p.phase for p in automatic) == ["S"]  # not four picks: the P repeats the accepted P
    assert all(p.id > first["S"].id for p in automatic)
    assert first["S"].id not in {p.id for p in picks}  # the earlier automatic S is retired ...
    assert session.pick(first["P"].id).status == "accepted" and first["P"].id in {p.id for p in picks}  # reviewed stays
    assert len([w for w in session.window_labels(record=record) if w.status == "automatic"]) == len(detections)
    assert session.counts()[("S", "automatic")] == 1
    assert {p.id for p in window.editor.picks()} == {p.id for p in picks}  # the view shows the session

    # one undo brings the first run's picks back exactly; redo replaces them again
    window.pick_review.undo()
    assert {p.id for p in session.picks(record=record)} == {first["P"].id, first["S"].id}
    window.pick_review.redo()
    assert {p.id for p in session.picks(record=record)} == {p.id for p in picks}

    # the analyst corrects the S: the record is done, and a third run adds nothing and leaves it done
    [s_auto] = automatic
    window.pick_review.go_to_pick(s_auto.id)
    window.review_actions["nudge_pick_right_10"].trigger()
    assert session.review_state(record) == "done"
    reviewed = {p.id for p in session.picks(record=record)}
    _run(qtbot, window)
    assert {p.id for p in session.picks(record=record)} == reviewed
    assert session.review_state(record) == "done"
