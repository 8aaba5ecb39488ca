"""Reading the record the queue selects: a short one at once, a long one (a day of an SDS station) in a loader
thread, so the window stays responsive; the record is then shown through the application layer."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QObject

from eqviewer.app.review_state import ReviewState
from eqviewer.errors import EqviewerError
from eqviewer.gui.time_axis import format_time
from eqviewer.gui.worker import Worker
from eqviewer.io import SAMPLING_RATE

BACKGROUND_READ_SAMPLES = int(3600 * SAMPLING_RATE)
"""Records longer than this (an hour at 100 Hz) are read in a loader thread, so the window stays responsive."""


class RecordReader:
    """Reads records for ``review``; ``status(text)`` / ``clear_status()`` say what is read, ``show_error(title,
    message)`` reports a failed read. ``loaders`` are the reads in progress; ``parent`` owns their threads."""

    def __init__(self, review: ReviewState, parent: QObject, status: Callable[[str], None],
                 clear_status: Callable[[], None], show_error: Callable[[str, str], object]):
        self.review, self.parent = review, parent
        self._status, self._clear_status, self._show_error = status, clear_status, show_error
        self.loaders: set[Worker] = set()

    def show_record(self, record_id: str) -> None:
        """Read a record and show it with its curves, picks and archive labels; a long record is read in a loader
        thread and shown when it arrives (the window's ``record_shown`` says when)."""
        entry = self.review.entry(record_id)
        if entry is None:
            return
        self.review.want(record_id)  # no edits to the record shown before while this one is read
        if getattr(entry.item, "n_samples", 0) > BACKGROUND_READ_SAMPLES:
            self._read_in_background(record_id, entry)
            return
        try:
            record = entry.source.read(entry.item)
        except EqviewerError as exc:
            self._show_error("Cannot read the record", str(exc))
            return
        self.review.show(record_id, record)

    def _read_in_background(self, record_id: str, entry) -> None:
        def job(progress, cancel, emit) -> None:
            emit((record_id, entry.source.read(entry.item)))

        loader = Worker(job, f"reading {entry.station_id}", self.parent)
        loader.result.connect(lambda result: self._on_record_read(*result))
        loader.failed.connect(lambda message, rid=record_id: self._on_record_failed(rid, message))
        loader.done.connect(lambda _cancelled, w=loader: self._on_loader_done(w))
        self.loaders.add(loader)
        self._status(f"reading {entry.station_id} {format_time(entry.start)} …")
        loader.start()

    def _on_record_read(self, record_id: str, record) -> None:
        if self.review.show(record_id, record):  # the analyst may have moved on while it was read
            self._clear_status()

    def _on_record_failed(self, record_id: str, message: str) -> None:
        if record_id == self.review.wanted_record:
            self._show_error("Cannot read the record", message)

    def _on_loader_done(self, loader: Worker) -> None:
        loader.wait()
        self.loaders.discard(loader)
        loader.deleteLater()

    def wait_for_loaders(self) -> None:
        """Wait for the reads in progress (a read cannot be interrupted; their results are ignored once the
        analyst asked for another record)."""
        for loader in list(self.loaders):
            loader.wait()
