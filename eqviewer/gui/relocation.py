"""Relocating the event shown in the Event tab after an edit touched it: read in the GUI thread
(:func:`eqviewer.app.location.prepare_relocation`), located in the window's job runner, stored back in the GUI
thread (joined to the edit it follows when that is still the newest one)."""

from __future__ import annotations

from collections.abc import Callable

from eqviewer.app.location import location_text, needs_relocation, prepare_relocation, store_relocation
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

    def on_result(result: Origin) -> None:
        try:
            store_relocation(session, plan, result)
        except EqviewerError as exc:
            status(f"cannot store the relocation: {exc}", STATUS_MS)
            return
        status(location_text(result), STATUS_MS)
        stored()

    return run_control.start(plan.job, f"relocating event {origin.id}", "relocate", on_result)
