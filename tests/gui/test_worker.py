"""The worker thread: the event loop keeps running during a job, cancel stops it, errors become messages."""

from __future__ import annotations

import time

from PyQt6.QtCore import QTimer

from eqviewer.errors import ArchiveError
from eqviewer.gui.worker import Worker


def _busy_job(seconds: float):
    def job(progress, cancel, emit):
        end = time.monotonic() + seconds
        steps = 0
        while time.monotonic() < end and not cancel():
            sum(range(20000))  # real CPU work, holding the GIL in bursts as a model run does
            steps += 1
            progress(time.monotonic() - end + seconds, seconds, "busy")
        emit(steps)

    return job


def test_event_loop_keeps_processing_while_the_job_runs(qtbot):
    """The GUI thread handles timer events while the job computes; it stops the job after ten of them (the job
    would otherwise run 30 s), so a blocked event loop fails the test whatever the machine's load."""
    worker = Worker(_busy_job(30.0), "test job")
    ticks, running = [], []

    def tick():
        ticks.append(time.monotonic())
        running.append(worker.isRunning())
        if len(ticks) == 10:
            worker.cancel()

    timer = QTimer()
    timer.timeout.connect(tick)
    results, fractions = [], []
    worker.result.connect(results.append)
    worker.progress.connect(lambda f, _text: fractions.append(f))
    started = time.monotonic()
    with qtbot.waitSignal(worker.done, timeout=40_000) as blocker:
        worker.start()
        timer.start(20)
    timer.stop()
    worker.wait()
    assert blocker.args == [True]  # stopped by the tenth tick, not by its own 30 s limit
    assert time.monotonic() - started < 25
    assert all(running[:10]), "timer ticks were handled only after the job had ended"
    assert results and results[0] > 0
    assert fractions and 0.0 <= min(fractions) and max(fractions) <= 1.0


def test_cancel_stops_the_job(qtbot):
    worker = Worker(_busy_job(30.0), "long job")
    started = time.monotonic()
    with qtbot.waitSignal(worker.done, timeout=10_000) as blocker:
        worker.start()
        QTimer.singleShot(200, worker.cancel)
    worker.wait()
    assert blocker.args == [True]
    assert time.monotonic() - started < 5


def test_errors_become_messages_not_crashes(qtbot):
    def bad_archive(progress, cancel, emit):
        raise ArchiveError("/data/x.h5", "not an HDF5 file")

    def bug(progress, cancel, emit):
        raise ZeroDivisionError("division by zero")

    for job, expected in ((bad_archive, "/data/x.h5: not an HDF5 file"), (bug, "ZeroDivisionError: division by zero")):
        worker = Worker(job, "the detector")
        messages = []
        worker.failed.connect(messages.append)
        with qtbot.waitSignal(worker.done, timeout=5000):
            worker.start()
        worker.wait()
        assert len(messages) == 1 and expected in messages[0]
