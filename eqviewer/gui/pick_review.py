"""Reviewing picks with the keys: edits of the pick editor the keys act on, stepping from pick to pick, undo and
redo, and the keyboard zoom and paging of the trace view."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from obspy import UTCDateTime

from eqviewer.app.review_state import ReviewState
from eqviewer.errors import EqviewerError
from eqviewer.gui import keymap as keys
from eqviewer.gui.review_queue import ReviewQueue
from eqviewer.gui.trace_view import TraceView
from eqviewer.review import (ZOOM_FACTOR, ViewThresholds, centred_span, in_view, paged_span, shown_picks, step_pick,
                             zoomed_span)


class PickReview:
    """The review keys that change picks or move the view over them. ``thresholds()`` gives the view thresholds
    the picks are shown by, ``refresh_picks()`` redraws them, ``status(text, ms)`` and ``show_error(title,
    message)`` report."""

    def __init__(self, review: ReviewState, trace: TraceView, queue: ReviewQueue,
                 thresholds: Callable[[], ViewThresholds], refresh_picks: Callable[[], None],
                 status: Callable[[str, int], None], show_error: Callable[[str, str], object]):
        self.review, self.trace, self.queue = review, trace, queue
        self._thresholds, self._refresh_picks = thresholds, refresh_picks
        self._status, self._show_error = status, show_error

    def review_keys(self) -> dict[str, Callable[[], object]]:
        """The review keys this part answers (keymap name -> callback); Tab is the event tab's (it steps through
        an event's picks while that tab is shown, else calls :meth:`select_next_pick`)."""
        edit = self.edit
        handlers = {
            "set_p_pick": partial(self.set_pick, "P"),
            "set_s_pick": partial(self.set_pick, "S"),
            "relabel_phase": partial(edit, lambda e: e.relabel_phase()),
            "accept_pick": partial(self.edit_in_view, lambda e: e.accept()),
            "reject_pick": partial(self.edit_in_view, lambda e: e.reject()),
            "nudge_pick_left": partial(edit, lambda e: e.nudge(-1)),
            "nudge_pick_right": partial(edit, lambda e: e.nudge(1)),
            "nudge_pick_left_10": partial(edit, lambda e: e.nudge(-10)),
            "nudge_pick_right_10": partial(edit, lambda e: e.nudge(10)),
            "previous_pick": partial(self.step_pick, -1),
            "page_forward": partial(self.page, 1),
            "page_back": partial(self.page, -1),
            "zoom_in": partial(self.set_view_span, lambda v: zoomed_span(v, 1 / ZOOM_FACTOR)),
            "zoom_out": partial(self.set_view_span, lambda v: zoomed_span(v, ZOOM_FACTOR)),
            "polarity_positive": partial(edit, lambda e: e.set_polarity("positive")),
            "polarity_negative": partial(edit, lambda e: e.set_polarity("negative")),
            "polarity_undecidable": partial(edit, lambda e: e.set_polarity("undecidable")),
            "onset_impulsive": partial(edit, lambda e: e.set_onset("impulsive")),
            "onset_emergent": partial(edit, lambda e: e.set_onset("emergent")),
            "onset_questionable": partial(edit, lambda e: e.set_onset("questionable")),
            "label_window_earthquake": partial(edit, lambda e: e.label_window("earthquake")),
            "label_window_noise": partial(edit, lambda e: e.label_window("noise")),
            "label_window_unsure": partial(edit, lambda e: e.label_window("unsure")),
            "undo": self.undo,
            "redo": self.redo,
        }
        for cls, seconds in keys.UNCERTAINTY_CLASSES_S.items():
            handlers[f"uncertainty_class_{cls}"] = partial(edit, lambda e, s=seconds: e.set_uncertainty(s))
        return handlers

    def edit(self, change) -> None:
        """Run one PickEditor edit; a session error (read-only, vanished pick) becomes a message box."""
        try:
            self.review.edit(change)
        except EqviewerError as exc:
            self._show_error("Cannot change the pick", str(exc))

    def set_pick(self, phase: str, time: UTCDateTime | None = None) -> None:
        """P / S: a pick at ``time`` (default: under the mouse while it is over the traces, else at the view's
        centre line); refused with a status message when neither lies on the record."""
        if self.review.editor is None:
            return
        when = self.trace.key_time() if time is None else time
        if when is None:
            self._status(f"no {phase} pick placed: the view's centre is off the record; point at the trace with the "
                         "mouse or bring the record into view", 4000)
            return
        self.edit(lambda e: e.set_pick(phase, when))

    def select_pick(self, pick_id: int | None) -> None:
        """Select a pick (as a click on its line does)."""
        self.edit(lambda e: e.select(pick_id))

    def select_next_pick(self) -> None:
        """Tab: select the next pick in time (see :meth:`step_pick`)."""
        self.step_pick(1)

    def step_pick(self, direction: int) -> None:
        """Tab / Shift+Tab: select the next / previous shown pick from the selected one in view, else from the view,
        and centre the view on it at a working zoom."""
        editor = self.review.editor
        if editor is None:
            return
        picks = shown_picks(editor.picks(), self._thresholds())
        pick = step_pick(picks, self.trace.x_range(), float(self.trace.start), editor.selected_pick(), direction)
        if pick is None:
            self._status("no more picks that way", 2000)
            return
        self.go_to_pick(pick.id)

    def go_to_pick(self, pick_id: int) -> None:
        """Select a pick of the record shown and centre the view on it at a working zoom (30-60 s)."""
        editor, record = self.review.editor, self.review.record
        if editor is None:
            return
        editor.select(pick_id)
        pick = editor.selected_pick()
        if pick is not None:
            record_s = record.n_samples / record.sampling_rate
            self.trace.set_x_range(*centred_span(float(pick.time - self.trace.start), self.trace.x_range(), record_s))
        self._refresh_picks()

    def set_view_span(self, change) -> None:
        """Keyboard zoom and paging: ``change`` maps the visible span (seconds after start) to the new one."""
        self.trace.set_x_range(*change(self.trace.x_range()))

    def page(self, direction: int) -> None:
        """Page Down / Up: most of a view forward / back, stopping at the record's ends (said in the status bar)."""
        view = self.trace.x_range()
        span = paged_span(view, direction, self.trace.record_s())
        if span == view:
            self._status("the end of the record" if direction > 0 else "the start of the record", 2000)
        self.trace.set_x_range(*span)

    def edit_in_view(self, change) -> None:
        """A / R: act on the selected pick only when it is in view (a pick off screen is not judged blind)."""
        editor = self.review.editor
        if editor is not None and not in_view(editor.selected_pick(), self.trace.x_range(), float(self.trace.start)):
            self._status("the selected pick is not in view: Tab brings the next pick into view", 3000)
            return
        self.edit(change)

    def move_pick(self, pick_id: int, seconds: float) -> None:
        """A pick line dragged to ``seconds`` after the record start."""
        if self.review.record is not None:
            self.edit(lambda e: e.move(pick_id, self.review.record.start + seconds))

    def undo(self) -> None:
        """Undo the newest edit in the session; the pick it changed is selected."""
        self._history(self.review.undo, undo=True)

    def redo(self) -> None:
        """Redo the edit undone last; the pick it changed is selected."""
        self._history(self.review.redo, undo=False)

    def _history(self, step, undo: bool) -> None:
        session = self.review.session
        changed = session.history_picks(undo) if session is not None else []
        try:
            if session is not None and not step():
                self._status("nothing to undo / redo", 2000)
        except EqviewerError as exc:
            self._show_error("Cannot undo / redo", str(exc))
        else:
            self._select_changed_pick(changed)

    def _select_changed_pick(self, pick_ids: list[int]) -> None:
        """After undo / redo: select the pick it changed that is in force now, showing its record first."""
        session = self.review.session
        for pick_id in pick_ids:
            pick = session.pick(pick_id)
            if pick is None or pick.id not in {p.id for p in session.picks(record=pick.record)}:
                continue
            if self.review.editor is None or self.review.editor.record_id != pick.record:
                self.queue.select(pick.record)  # shows the record (a long one arrives later; then Tab finds it)
            if self.review.editor is not None and self.review.editor.record_id == pick.record:
                self.go_to_pick(pick.id)
            return
