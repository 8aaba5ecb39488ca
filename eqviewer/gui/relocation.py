"""Relocating the event shown in the Event tab after an edit touched it: read in the GUI thread
(:func:`eqviewer.app.location.prepare_relocation`), located in the window's job runner, stored back in the GUI
thread (joined to the edit it follows when that is still the newest one). Holding the event's depth fixed at a
value relocates it likewise, as an edit of its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from eqviewer.app.location import (
    Relocation, location_text, needs_relocation, prepare_relocation, store_relocation,
)
from eqviewer.errors import EqviewerError
from eqviewer.gui.run_control import RunControl
from eqviewer.gui.worker import Worker
from eqviewer.origins import Origin

STATUS_MS = 6000


def relocate_shown(session, origin: Origin | None, run_control: RunControl, stored: Callable[[], None],
                   status: Callable[[str, int], None]) -> Worker | None:
    """Start relocating ``origin`` when its stored location no longer matches its picks; ``stored()`` once the
    new location is stored. Problems (too few used picks) go to the status bar. The worker, or None."""
    if session is None or origin is None or session.read_only or run_control.runs.busy:
        return None
    try:
        if session.event(origin.id) is None or not needs_relocation(session, origin.id):
            return None
        plan = prepare_relocation(session, origin.id)
    except EqviewerError as exc:
        status(f"cannot relocate: {exc}", STATUS_MS)
        return None
    return _start(session, plan, run_control, stored, status)


def relocate_at_depth(session, origin: Origin | None, depth_km: float, run_control: RunControl,
                      stored: Callable[[], None], status: Callable[[str, int], None]) -> Worker | None:
    """Relocate ``origin`` with its depth held at ``depth_km`` (one undoable edit of its own; the event keeps the
    depth held when relocated later); ``stored()`` once stored. The worker, or None (the reason in the status)."""
    if session is None or origin is None or session.read_only:
        return None
    if run_control.runs.busy:
        status("cannot relocate now: a job is running", STATUS_MS)
        return None
    try:
        plan = replace(prepare_relocation(session, origin.id, depth_km), follows=None)
    except EqviewerError as exc:
        status(f"cannot relocate: {exc}", STATUS_MS)
        return None
    return _start(session, plan, run_control, stored, status)


def _start(session, plan: Relocation, run_control: RunControl, stored: Callable[[], None],
           status: Callable[[str, int], None]) -> Worker | None:
    def on_result(result: Origin) -> None:
        try:
            store_relocation(session, plan, result)
        except EqviewerError as exc:
            status(f"cannot store the relocation: {exc}", STATUS_MS)
            return
        status(location_text(result), STATUS_MS)
        stored()

    return run_control.start(plan.job, f"relocating event {plan.origin.id}", "relocate", on_result)
