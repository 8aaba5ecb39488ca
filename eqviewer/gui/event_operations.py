"""Events ▸ operations on the event shown in the Event tab: delete it, set its type, hold its depth fixed at a
value (it is relocated then, and keeps the depth held), commit it ("final"). Each is one undoable edit."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtWidgets import QInputDialog, QWidget

from eqviewer.errors import EqviewerError
from eqviewer.gui.actions import EVENTS_MENU, Action, Entry, Submenu
from eqviewer.gui.event_view import EventView
from eqviewer.gui.relocation import relocate_at_depth
from eqviewer.gui.run_control import RunControl

GROUP = "2_event"
TYPE_MENU = "event_type"
EVENT_TYPES = ("earthquake", "not existing", "explosion", "quarry blast", "other event")
"""The types the menu offers (QuakeML's names)."""
DELETE_KEY, FIX_DEPTH_KEY, COMMIT_KEY = "Ctrl+Shift+Del", "Ctrl+Shift+D", "Ctrl+Shift+C"
MAX_DEPTH_KM = 700.0
STATUS_MS = 5000


class EventOperations:
    """The Events-menu operations on ``view``'s shown event; ``status(text, ms)`` and ``show_error(title, text)``
    report, ``parent`` owns the depth dialog."""

    def __init__(self, view: EventView, run_control: RunControl, parent: QWidget,
                 status: Callable[[str, int], None], show_error: Callable[[str, str], object]):
        self.view, self.run_control, self.parent = view, run_control, parent
        self._status, self._show_error = status, show_error

    def actions(self) -> list[Entry]:
        """Delete, the event type submenu, hold the depth, commit."""
        types = [Action(f"event_type_{name.replace(' ', '_')}", name, lambda n=name: self.set_type(n), TYPE_MENU)
                 for name in EVENT_TYPES]
        return [Submenu(TYPE_MENU, "Event &type", EVENTS_MENU, GROUP), *types,
                Action("fix_depth", "Hold the depth fixed at…", self.fix_depth, EVENTS_MENU, GROUP,
                       shortcut=FIX_DEPTH_KEY),
                Action("commit_event", "Commit the event (final)", self.commit, EVENTS_MENU, GROUP,
                       shortcut=COMMIT_KEY),
                Action("delete_event", "Delete the event", self.delete, EVENTS_MENU, GROUP, shortcut=DELETE_KEY)]

    def delete(self) -> None:
        """Delete the shown event (its picks stay, unassociated)."""
        origin = self._edit("Cannot delete the event", lambda s, o: s.delete_event(o.id))
        if origin is not None:
            self.view.refresh()
            self._status(f"event {origin.id} deleted (undo brings it back)", STATUS_MS)

    def set_type(self, event_type: str) -> None:
        """Give the shown event a QuakeML event type."""
        origin = self._edit("Cannot set the event type", lambda s, o: s.set_event_type(o.id, event_type))
        if origin is not None:
            self._status(f"event {origin.id}: {event_type}", STATUS_MS)

    def commit(self) -> None:
        """Commit the shown event: its evaluation status becomes "final"."""
        origin = self._edit("Cannot commit the event", lambda s, o: s.set_evaluation_status(o.id, "final"))
        if origin is not None:
            self.view.refresh()
            self._status(f"event {origin.id} committed (final)", STATUS_MS)

    def fix_depth(self, depth_km: float | None = None) -> None:
        """Hold the shown event's depth at ``depth_km`` (asked for when None) and relocate it in the job runner."""
        session, origin = self.view.session, self.view.origin
        if session is None or origin is None:
            return
        if depth_km is None:
            depth_km, ok = QInputDialog.getDouble(self.parent, "Hold the depth fixed", "Depth (km below sea level):",
                                                  origin.depth_km, -10.0, MAX_DEPTH_KM, 1)
            if not ok:
                return
        relocate_at_depth(session, origin, depth_km, self.run_control, self.view.refresh, self._status)

    def _edit(self, title: str, change: Callable[[object, object], object]):
        """Apply ``change(session, origin)`` to the shown event; the origin, or None (nothing shown, an error)."""
        session, origin = self.view.session, self.view.origin
        if session is None or origin is None:
            return None
        try:
            change(session, origin)
        except EqviewerError as exc:
            self._show_error(title, str(exc))
            return None
        return origin
