"""An unexpected exception in a slot, a timer or a worker job: a message box with the traceback behind "Details",
a record in the log file of the user data folder, and the window still answers the review keys."""

from __future__ import annotations

import os

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtTest import QTest

from eqviewer.errors import EqviewerError
from eqviewer.gui.app import example_path
from eqviewer.gui.user_folder import user_data_folder
from eqviewer.gui.exception_hook import LOG_NAME, TITLE


def _crash_boxes(window) -> list:
    return [box for box in window.error_boxes if box.windowTitle() == TITLE]


def test_a_bug_in_a_slot_shows_details_is_logged_and_the_window_keeps_working(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.record_shown, timeout=20_000):
        window.open_paths([example_path()], session_path=str(tmp_path / "hook.eqreview"))

    def broken_slot(_all_records: bool) -> None:
        raise ZeroDivisionError("a bug in a slot")

    window.model_panel.run_requested.disconnect()
    window.model_panel.run_requested.connect(broken_slot)
    window.model_panel.run_current.click()  # the exception escapes a slot called from Qt
    qtbot.waitUntil(lambda: bool(_crash_boxes(window)), timeout=5000)
    box = _crash_boxes(window)[-1]
    assert "ZeroDivisionError: a bug in a slot" in box.text()
    assert "Traceback" in box.detailedText() and "broken_slot" in box.detailedText()
    log = os.path.join(user_data_folder(), LOG_NAME)
    with open(log, encoding="utf-8") as f:
        assert "broken_slot" in f.read()

    def broken_timer() -> None:
        raise KeyError("a bug in a timer")

    QTimer.singleShot(0, broken_timer)
    qtbot.waitUntil(lambda: len(_crash_boxes(window)) == 2, timeout=5000)
    assert "KeyError" in _crash_boxes(window)[-1].text()

    # once the analyst has read the boxes, the window still answers the review keys: P sets a pick at the
    # cursor, Ctrl+Z takes it back
    qtbot.waitUntil(lambda: all(box.isVisible() for box in window.error_boxes), timeout=5000)
    for box in _crash_boxes(window):
        box.accept()
    qtbot.waitUntil(lambda: not window.error_boxes, timeout=5000)
    window.activateWindow()  # the window manager's job once the boxes are gone; offscreen has none
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.trace.setFocus()
    QTest.keyClick(window.trace.layout_widget, Qt.Key.Key_P)
    picks = window.session.picks(record=window.editor.record_id)
    assert [(p.phase, p.status) for p in picks] == [("P", "manual")]
    QTest.keyClick(window.trace.layout_widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.picks(record=window.editor.record_id) == []


def test_a_bug_in_a_worker_job_shows_details_but_an_input_error_does_not(qtbot, window):
    def buggy_job(progress, cancel, emit) -> None:
        raise IndexError("a bug in a job")

    def bad_input_job(progress, cancel, emit) -> None:
        raise EqviewerError("/data/x.h5", "not an HDF5 file")

    for job in (buggy_job, bad_input_job):
        with qtbot.waitSignal(window.model_finished, timeout=10_000):
            assert window.run_control.start(job, "the detector", "detect", lambda _result: None) is not None
    assert len(_crash_boxes(window)) == 1 and "IndexError: a bug in a job" in _crash_boxes(window)[0].text()
    assert "buggy_job" in _crash_boxes(window)[0].detailedText()
    plain = [box for box in window.error_boxes if box.windowTitle() == "The model run failed"]
    assert len(plain) == 1 and plain[0].text() == "/data/x.h5: not an HDF5 file" and not plain[0].detailedText()
    assert window.worker is None and window.model_panel.run_current.isEnabled()
