"""The review in progress, without Qt: the session, the open archives and their records, the record on screen and
its pick editor.

:class:`ReviewState` owns these and tells observers what changed through :class:`~eqviewer.app.observers.Callbacks`:

- ``session_changed(session)``: a session was opened, or closed (None);
- ``entries_added(entries)``: an archive was opened; ``entries`` are its records as
  :class:`~eqviewer.app.queue_ranking.QueueEntry`;
- ``record_changed(record_id)``: a record was read and is now the current one (``record``, ``editor``);
- ``labels_changed(records)``: picks or window labels of these record ids changed (None: of any record: an undo,
  an import, another analyst's edit); the pick selection changing fires it for the current record too.

Every method runs in the thread that owns the session (the GUI thread in the window). Errors are EqviewerError:
the front end shows them; the state stays usable.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from eqviewer.app.observers import Callbacks
from eqviewer.app.pick_editor import PickEditor
from eqviewer.app.queue_ranking import QueueEntry
from eqviewer.app.sessions import SessionPolicy, open_session
from eqviewer.detect import ATTENTION_PREFIX, DETECTION_CURVE, P_CURVE, S_CURVE
from eqviewer.errors import EqviewerError
from eqviewer.review import DetectionBatch, StoredBatch, store_detections

Problem = tuple[str, str]
"""Something the user should hear about while the rest went on: (title, one-line message)."""

# The detector's curve names mapped to the trace view's probability panels.
_PROBABILITY_CURVES = {"detection": DETECTION_CURVE, "p": P_CURVE, "s": S_CURVE}


def curve_panels(curves: dict) -> tuple[dict, dict]:
    """Split stored detector curves into the probability curves and the attention maps the view draws."""
    probabilities = {panel: curves.get(name) for panel, name in _PROBABILITY_CURVES.items()}
    attention = {k[len(ATTENTION_PREFIX):]: v for k, v in curves.items() if k.startswith(ATTENTION_PREFIX)}
    return probabilities, attention


class ReviewState:
    """The session, the open sources (by absolute path), their records, and the current record with its editor."""

    def __init__(self) -> None:
        self.session = None
        self.sources: dict[str, object] = {}
        self.entries: dict[str, QueueEntry] = {}
        self.record = None
        self.record_editor: PickEditor | None = None  # the current record's
        self._elsewhere: tuple[PickEditor | None] | None = None  # see act_on()
        self.wanted_record: str | None = None  # the record asked for last (a long one may still be read)
        self._seen_token = None
        # (record, start, rates, curves) of the curves the last run stored, decoded in its worker: see store()
        self._stored_curves: tuple | None = None
        self.session_changed = Callbacks()
        self.entries_added = Callbacks()
        self.record_changed = Callbacks()
        self.labels_changed = Callbacks()

    # ----- session and archives -----------------------------------------------------------------------------------
    def open_session(self, path: str, archives: list[str] = ()) -> list[Problem]:
        """Open (or create) the session at ``path`` and the archives it lists, plus ``archives``: a read-only view
        when another process writes it (:attr:`~eqviewer.app.sessions.SessionPolicy.WRITE_OR_READ_OR_CREATE`).
        EqviewerError when the session cannot be opened; archives that changed or cannot be opened come back as
        problems."""
        self.close()
        self.session = open_session(path, SessionPolicy.WRITE_OR_READ_OR_CREATE,
                                    archives=[a for a in archives if os.path.exists(a)])
        self._remember_token()
        self.session_changed.fire(self.session)
        problems, listed = [], []
        for entry in self.session.archives():
            if entry.changed:
                problems.append(("Archive changed", f"{entry.path}: missing or changed since it was added to the "
                                                    "session; labels may not line up"))
            listed.append(entry.path)
        more = [a for a in archives if os.path.abspath(a) not in listed]
        return problems + self.add_archives(listed + more, register=True)

    def close(self) -> None:
        """Close the session (every edit is already stored) and the archives."""
        if self.session is not None:
            self.session.close()
        self.session = None
        for source in self.sources.values():
            source.close()
        self.sources.clear()
        self.entries.clear()
        self.record = self.record_editor = self.wanted_record = self._seen_token = self._stored_curves = None
        self._elsewhere = None
        self.session_changed.fire(None)

    def add_archives(self, paths: list[str], register: bool = True) -> list[Problem]:
        """Open archives (listed in the session when ``register``) and add their records; an archive that cannot be
        opened is a problem, the others still open."""
        from eqviewer.io import open_archive

        problems = []
        for path in map(os.path.abspath, paths):
            if path in self.sources:
                continue
            try:
                source = open_archive(path)
                items = source.items()
                if register and self.session is not None and not self.session.read_only:
                    self.session.add_archive(path)
            except EqviewerError as exc:
                problems.append(("Cannot open the archive", str(exc)))
                continue
            self.sources[path] = source
            entries = [QueueEntry.of_item(source, item) for item in items]
            self.entries.update((e.record_id, e) for e in entries if e.record_id not in self.entries)
            self.entries_added.fire(entries)
        return problems

    def entry(self, record_id: str) -> QueueEntry | None:
        """The record ``record_id`` of an open archive, or None."""
        return self.entries.get(record_id)

    # ----- the current record -------------------------------------------------------------------------------------
    def want(self, record_id: str) -> None:
        """The analyst asked for ``record_id``; no edits go to the record shown before until it is read."""
        self.wanted_record = record_id
        self.record_editor = None

    def show(self, record_id: str, record) -> bool:
        """Make the read ``record`` current (False, nothing changed, when the analyst has asked for another since)."""
        if record_id != self.wanted_record:
            return False
        self.record = record
        self._stored_curves = None  # kept only for the redraw right after a run (another writer may store later)
        author = self.session.author if self.session is not None else None
        self.record_editor = PickEditor(self.session, record_id, record.station_id, record.sampling_rate, author)
        self._remember_token()
        self.record_changed.fire(record_id)
        return True

    @property
    def editor(self) -> PickEditor | None:
        """The pick editor the review keys act on: the current record's, or another view's (see :meth:`act_on`)."""
        return self._elsewhere[0] if self._elsewhere is not None else self.record_editor

    def act_on(self, editor: PickEditor | None) -> None:
        """Let the review keys act on another view's ``editor`` (the event view's selected pick; None: on nothing)
        instead of the current record's, until :meth:`act_on_record`."""
        self._elsewhere = (editor,)

    def act_on_record(self) -> None:
        """Let the review keys act on the current record's editor again."""
        self._elsewhere = None

    def shown_curves(self) -> tuple:
        """(start, each stored curve's sampling rate, probability curves, attention maps) the session holds for the
        current record (attention maps are stored at a lower rate than the probabilities)."""
        record_id = str(self.record.ref)
        if self._stored_curves is not None and self._stored_curves[0] == record_id and self.session is not None:
            _, start, rates, curves = self._stored_curves  # stored just now, decoded in the run's worker thread
            return (start, rates, *curve_panels(curves))
        curves = self.session.curves(record_id) if self.session is not None else None
        info = self.session.curve_info(record_id) if curves else None
        start = info.start if info else self.record.start
        rates = self.session.curve_rates(record_id) if curves else {}
        return (start, rates, *curve_panels(curves or {}))

    # ----- changes to the labels ----------------------------------------------------------------------------------
    def store(self, batch: DetectionBatch) -> StoredBatch:
        """Store a detector's results (:func:`~eqviewer.review.detection_results.store_detections`)."""
        stored = store_detections(self.session, batch)
        for curves in batch.curves:
            if self._stored_curves is not None and self._stored_curves[0] == curves.record:
                self._stored_curves = None
            if curves.stored is not None and curves.record not in stored.curves_skipped:
                rates = {name: encoded[0] for name, encoded in curves.encoded.items()}
                self._stored_curves = (curves.record, curves.start, rates, curves.stored)
        self._changed(batch.touched)
        return stored

    def edit(self, change: Callable[[PickEditor], object]) -> None:
        """Apply one :class:`PickEditor` edit to the current record (nothing without one); observers hear of it
        even when it fails (EqviewerError: read-only session, a pick that vanished)."""
        if self.editor is None or self.session is None:
            return
        try:
            change(self.editor)
        finally:
            self._changed({self.editor.record_id})

    def undo(self) -> bool:
        """Undo the session's newest edit; False when there is none."""
        return self._history(lambda s: s.undo())

    def redo(self) -> bool:
        """Redo the edit undone last; False when there is none."""
        return self._history(lambda s: s.redo())

    def _history(self, step) -> bool:
        if self.session is None:
            return False
        try:
            return bool(step(self.session))
        finally:
            self._changed(None)

    def import_archive_labels(self):
        """The picks and categories the archives hold become manual labels (one undoable edit); the summary."""
        from eqviewer.review import import_archive_labels

        try:
            return import_archive_labels(self.session)
        finally:
            self._changed(None)

    def poll(self) -> bool:
        """Whether the session changed behind this state's back (another analyst, another process); observers hear
        of it as a change of every record."""
        if self.session is None:
            return False
        try:
            token = self.session.change_token()
        except EqviewerError:
            return False
        moved = self._seen_token is not None and token != self._seen_token
        self._seen_token = token
        if moved:
            self.labels_changed.fire(None)
        return moved

    def _changed(self, records: set[str] | None) -> None:
        self._remember_token()  # our own edit: the next poll need not report it
        self.labels_changed.fire(records)

    def _remember_token(self) -> None:
        """Note the session's state as seen (what :meth:`poll` compares with)."""
        try:
            self._seen_token = self.session.change_token() if self.session is not None else None
        except EqviewerError:
            self._seen_token = None
