"""The review window on real data (stead_eqt50, seed model): run the model in the worker, review with keys and a
mouse drag, undo/redo, export, close, reopen the session and find every edit; a corrupt file gives an error box."""

from __future__ import annotations

import csv
import time

import numpy as np
from PyQt6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PyQt6.QtGui import QMouseEvent
from PyQt6.QtTest import QTest
from PyQt6.QtWidgets import QApplication

from eqviewer.gui.main_window import MainWindow
from eqviewer.gui.trace_view import PANELS
from eqviewer.review.session import Session

MODEL_TIMEOUT_MS = 180_000


def _viewport_point(window: MainWindow, panel: str, seconds: float) -> QPoint:
    """Where a time (seconds after the record start) is, half-way up a panel, in the trace view's viewport."""
    plot = window.trace.plots[panel]
    (_, _), (y0, y1) = plot.viewRange()
    scene = plot.vb.mapViewToScene(QPointF(seconds, (y0 + y1) / 2))
    return window.trace.layout_widget.mapFromScene(scene)


def _seconds_at(window: MainWindow, panel: str, point: QPoint) -> float:
    plot = window.trace.plots[panel]
    return float(plot.vb.mapSceneToView(window.trace.layout_widget.mapToScene(point)).x())


def _hover(window: MainWindow, point: QPoint) -> None:
    viewport = window.trace.layout_widget.viewport()
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(point), QPointF(viewport.mapToGlobal(point)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def _drag(window: MainWindow, start: QPoint, end: QPoint) -> None:
    """A left-button drag in the trace view, with intermediate moves as a real mouse makes."""
    viewport = window.trace.layout_widget.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, 11):
        point = start + (end - start) * (i / 10)
        event = QMouseEvent(QEvent.Type.MouseMove, QPointF(point), QPointF(viewport.mapToGlobal(point)),
                            Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)
        QTest.qWait(20)  # pyqtgraph drops mouse moves closer than 10 ms apart, as a real mouse never sends them
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def _key(window: MainWindow, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.trace.layout_widget, key, modifier)


def _picks(session_path, record):
    with Session.open(session_path, read_only=True) as session:
        return {p.id: p for p in session.picks(record=record)}, session.window_labels(record=record)


def test_review_with_model_keys_and_mouse(qtbot, window, shared_data, seed_models_dir, tmp_path, settings):
    archive = shared_data / "stead_eqt50" / "waveforms.hdf5"
    session_path = tmp_path / "review.eqreview"
    with qtbot.waitSignal(window.record_shown, timeout=20_000):
        window.open_paths([str(archive)], session_path=str(session_path))
    assert len(window.queue.record_ids()) == 50
    record_id = window.editor.record_id
    record = window.record
    assert window.trace.curves["Z"].yData.size == 6000 and len(record.labels) == 2  # archive P and S

    # The model runs in the worker; the GUI thread keeps processing events meanwhile.
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(25)
    with qtbot.waitSignal(window.model_finished, timeout=MODEL_TIMEOUT_MS) as finished:
        assert window.model_runs.run_model(all_records=False) is not None
        assert window.run_control.cancel_button.isVisible() and window.run_control.progress.isVisible()
    timer.stop()
    assert finished.args == [False] and not window.error_boxes
    assert len(ticks) >= 5 and max(b - a for a, b in zip(ticks, ticks[1:])) < 3.0  # generous: CI machines are busy
    assert not window.run_control.cancel_button.isVisible()

    # Curves and picks are drawn from the session.
    curves = window.session.curves(record_id)
    drawn_p = window.trace.curves["p"].yData
    np.testing.assert_allclose(drawn_p, curves["P"], atol=1e-6)
    assert drawn_p.max() > 0.3
    # the pickers' eight maps (the classifier network, with its two, runs only when P(eq) comes from it); one summary
    # row where the panel is too low for eight
    assert len(window.trace.attention.rows) == 8
    assert window.trace.attention.image.image.shape == (1 if window.trace.attention.collapsed else 8, 600)  # 10 Hz
    automatic = window.editor.picks()
    assert {p.phase for p in automatic} == {"P", "S"} and all(p.status == "automatic" for p in automatic)
    for pick in automatic:
        assert window.trace.pick_line_x(pick.id) == float(pick.time - record.start)
        assert len(window.trace.pick_lines(pick.id)) == len(PANELS)  # one line per panel (with the pick strip)
    p_auto = next(p for p in automatic if p.phase == "P")
    s_auto = next(p for p in automatic if p.phase == "S")
    archive_p = next(p for p in record.labels if p.phase == "P")
    assert abs(p_auto.time - archive_p.time) < 0.5  # the model found the analyst's P

    window.trace.setFocus()
    # Tab selects the first pick (P), A accepts it.
    _key(window, Qt.Key.Key_Tab)
    assert window.editor.selected == p_auto.id
    _key(window, Qt.Key.Key_A)
    assert window.session.pick(p_auto.id).status == "accepted"
    # Tab to S, R rejects it.
    _key(window, Qt.Key.Key_Tab)
    assert window.editor.selected == s_auto.id
    _key(window, Qt.Key.Key_R)
    assert window.session.pick(s_auto.id).status == "rejected"

    # Drag the accepted P line 1 s later with the mouse: a corrected pick linked to it.
    x = window.trace.pick_line_x(p_auto.id)
    start = _viewport_point(window, "Z", x)
    end = _viewport_point(window, "Z", x + 1.0)
    expected = _seconds_at(window, "Z", end) - _seconds_at(window, "Z", start)
    _drag(window, start, end)
    corrected = window.session.pick(window.editor.selected)
    assert corrected.status == "corrected" and corrected.origin_id == p_auto.id
    assert abs((corrected.time - p_auto.time) - expected) < 0.05

    # S with the mouse over the archive's S onset: a manual S pick there (the selected pick is a P).
    archive_s = next(p for p in record.labels if p.phase == "S")
    point = _viewport_point(window, "N", float(archive_s.time - record.start))
    _hover(window, point)
    _key(window, Qt.Key.Key_S)
    manual = window.session.pick(window.editor.selected)
    assert manual.status == "manual" and manual.phase == "S"
    assert abs(manual.time - (record.start + _seconds_at(window, "N", point))) < 1e-3
    # Right nudges one sample, Shift+Left ten back; then polarity, onset, uncertainty class.
    _key(window, Qt.Key.Key_Right)
    _key(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    moved = window.session.pick(window.editor.selected)
    assert abs((moved.time - manual.time) - (-0.09)) < 1e-6
    _key(window, Qt.Key.Key_Plus)
    _key(window, Qt.Key.Key_I)
    _key(window, Qt.Key.Key_2)
    moved = window.session.pick(window.editor.selected)
    assert (moved.polarity, moved.onset, moved.uncertainty_s) == ("positive", "impulsive", 0.1)
    # Shift+E labels the window earthquake; Ctrl+Z undoes it, Ctrl+Shift+Z redoes it.
    _key(window, Qt.Key.Key_E, Qt.KeyboardModifier.ShiftModifier)
    assert [w.category for w in window.session.window_labels(record_id) if w.status == "manual"] == ["earthquake"]
    _key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not [w for w in window.session.window_labels(record_id) if w.status == "manual"]
    _key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [w.category for w in window.session.window_labels(record_id) if w.status == "manual"] == ["earthquake"]
    # The lines on screen follow the session (rejected S drawn too, faint).
    shown = {p.id for p in window.editor.picks()}
    assert shown == {p_auto.id, s_auto.id, corrected.id, moved.id} - {p_auto.id}
    assert all(window.trace.pick_line_x(i) is not None for i in shown)

    # Export: the reviewed picks (corrected P, manual S) as CSV.
    out = tmp_path / "picks.csv"
    assert window.label_files.export("csv", str(out), ("accepted", "corrected", "manual"))
    rows = list(csv.DictReader(out.open()))
    assert sorted((r["phase"], r["status"]) for r in rows) == [("P", "corrected"), ("S", "manual")]

    # Space goes to the next record in the queue, K back.
    _key(window, Qt.Key.Key_Space)
    assert window.editor.record_id == window.queue.record_ids()[1]
    _key(window, Qt.Key.Key_K)
    assert window.editor.record_id == record_id

    # Close (nothing to save), reopen the session in a new window: every edit is there.
    window.close()
    picks, labels = _picks(session_path, record_id)
    assert picks[s_auto.id].status == "rejected" and picks[corrected.id].status == "corrected"
    assert (picks[moved.id].polarity, picks[moved.id].onset) == ("positive", "impulsive")
    reopened = MainWindow(settings)
    qtbot.addWidget(reopened)
    with qtbot.waitSignal(reopened.record_shown, timeout=20_000):
        reopened.open_paths([str(session_path)])
    reopened.queue.select(record_id)
    assert reopened.editor.record_id == record_id
    assert {p.id for p in reopened.editor.picks()} == shown
    assert reopened.session.can_undo and not reopened.session.read_only
    reopened.close()


def test_corrupt_file_shows_an_error_and_the_app_keeps_working(qtbot, window, shared_data, tmp_path):
    bad = tmp_path / "broken.hdf5"
    bad.write_bytes(b"\x89HDF\r\n\x1a\n" + b"garbage" * 100)
    window.open_paths([str(bad)], session_path=str(tmp_path / "s.eqreview"))
    qtbot.waitUntil(lambda: any(box.isVisible() for box in window.error_boxes), timeout=5000)
    assert "broken.hdf5" in window.error_boxes[0].text()
    assert window.queue.record_ids() == []
    for box in list(window.error_boxes):  # the analyst clicks OK
        box.accept()
    qtbot.waitUntil(lambda: not window.error_boxes, timeout=5000)
    window.activateWindow()  # the window manager's job once the box is gone; offscreen has none
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    # The window still opens good data afterwards, in the same session.
    with qtbot.waitSignal(window.record_shown, timeout=20_000):
        window.open_paths([str(shared_data / "stead_eqt50" / "waveforms.hdf5")])
    assert len(window.queue.record_ids()) == 50
    _key(window, Qt.Key.Key_J)
    assert window.editor.record_id == window.queue.record_ids()[1]
    # A damaged session file is an error box too, not a crash.
    damaged = tmp_path / "damaged.eqreview"
    damaged.write_bytes(b"not sqlite at all" * 50)
    count = len(window.error_boxes)
    window.open_paths([str(damaged)])
    assert len(window.error_boxes) == count + 1 and "damaged.eqreview" in window.error_boxes[-1].text()


def test_cancel_a_run_on_the_whole_archive_and_close_while_running(qtbot, window, shared_data, seed_models_dir,
                                                                    tmp_path, settings):
    session_path = tmp_path / "cancel.eqreview"
    with qtbot.waitSignal(window.record_shown, timeout=20_000):
        window.open_paths([str(shared_data / "stead_eqt50" / "waveforms.hdf5")], session_path=str(session_path))
    stored = []
    worker = window.model_runs.run_model(all_records=True)
    worker.result.connect(lambda batch: stored.append(batch.records[0]))
    with qtbot.waitSignal(window.model_finished, timeout=MODEL_TIMEOUT_MS) as finished:
        qtbot.waitUntil(lambda: len(stored) >= 1, timeout=MODEL_TIMEOUT_MS)
        window.run_control.cancel_button.click()
    errors = [box.text() for box in window.error_boxes]
    assert finished.args == [True] and not errors, errors
    with_curves = [r for r in window.queue.record_ids() if window.session.curve_info(r) is not None]
    assert 1 <= len(with_curves) < 50, len(with_curves)
    assert set(with_curves) <= set(stored), (len(with_curves), len(stored))
    assert not window.run_control.cancel_button.isVisible() and window.model_panel.run_all.isEnabled()
    # Run on all resumes with the records not done yet; closing the window mid-run stops it cleanly.
    assert window.model_runs.run_model(all_records=True) is not None
    window.close()
    assert window.worker is None and window.session is None
    with Session.open(session_path) as session:  # the lock was released, nothing is half-written
        assert not session.read_only and not session.integrity_errors()
