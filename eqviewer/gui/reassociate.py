"""Re-associating the session's picks from the window (Events ▸ Re-associate, Ctrl+Shift+A): PyOcto runs in the
window's job runner (:func:`eqviewer.app.association.prepare_reassociation`, the workflow `eqviewer associate`
shares) on the picks and stations read in the GUI thread, and the events' local magnitudes are measured there too
when a station came from station metadata; the events (one undoable edit) and their magnitudes are stored back in
the GUI thread (:func:`~eqviewer.app.association.store_association`), and the event view redraws."""

from __future__ import annotations

from collections.abc import Callable

from eqviewer.app.association import prepare_reassociation, store_association
from eqviewer.errors import EqviewerError
from eqviewer.gui.run_control import RunControl
from eqviewer.gui.worker import Worker


def reassociate(session, run_control: RunControl, stored: Callable[[], None], status: Callable[[str, int], None],
                show_error: Callable[[str, str], object]) -> Worker | None:
    """Start re-associating ``session`` in ``run_control`` with the velocity model of its current events (or the
    default homogeneous one); ``stored()`` is called once the events are stored, errors become message boxes.
    The worker, or None when nothing was started (also while another job runs)."""
    if session is None or run_control.runs.busy:
        return None
    if session.read_only:
        show_error("Cannot re-associate", f"{session.path}: {session.read_only_reason}")
        return None
    try:
        plan = prepare_reassociation(session)
    except EqviewerError as exc:
        show_error("Cannot re-associate", str(exc))
        return None

    def on_result(outcome) -> None:
        try:
            summary, magnitudes = store_association(session, outcome)
        except EqviewerError as exc:
            show_error("Cannot store the events", str(exc))
            return
        left_out = (f"; {summary.picks_without_coordinates} picks left out, their stations have no coordinates"
                    if summary.picks_without_coordinates else "")
        measured = sum(m.magnitude is not None for m in magnitudes)
        ml = f", ML of {measured}" if plan.magnitudes is not None else ""
        status(f"{summary.events} events from {summary.associated} of {summary.picks} picks (model {plan.model.name})"
               + ml + left_out, 8000)
        stored()

    status(f"associating {len(plan.picks)} picks …", 0)
    return run_control.start(plan.job, "associating picks", "associate", on_result)
