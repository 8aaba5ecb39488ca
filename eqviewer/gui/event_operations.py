"""Events ▸ operations on the event shown in the Event tab: delete it, set its type, hold its depth fixed at a
value (it is relocated then, and keeps the depth held), commit it ("final"); regroup picks
(:mod:`eqviewer.app.event_operations`): merge another event into it, split the arrivals selected in the arrivals
table off into a new event, move the selected pick to another event. The other event is the one also selected in
the event list (Ctrl+click), else the one chosen in a dialog (nearest in time first). Each is one undoable edit."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtWidgets import QInputDialog, QWidget

from eqviewer.app.event_operations import merge_events, move_arrival, split_event
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
MERGE_KEY, SPLIT_KEY, MOVE_KEY = "Ctrl+Shift+M", "Ctrl+Shift+S", "Ctrl+Shift+V"
REGROUP_GROUP = "3_regroup"
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
                Action("delete_event", "Delete the event", self.delete, EVENTS_MENU, GROUP, shortcut=DELETE_KEY),
                Action("merge_events", "Merge another event into this one…", self.merge, EVENTS_MENU, REGROUP_GROUP,
                       shortcut=MERGE_KEY),
                Action("split_event", "Split the selected arrivals off into a new event", self.split, EVENTS_MENU,
                       REGROUP_GROUP, shortcut=SPLIT_KEY),
                Action("move_pick", "Move the selected pick to another event…", self.move, EVENTS_MENU,
                       REGROUP_GROUP, shortcut=MOVE_KEY)]

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

    def merge(self, other_id: int | None = None) -> None:
        """Merge ``other_id`` (None: the other event selected in the list, else one asked for) into the shown
        event, which keeps its id and is relocated."""
        other_id = self._other_event("Merge events", "Merge into the shown event:") if other_id is None else other_id
        if other_id is None:
            return
        merged = self._edit("Cannot merge the events", lambda s, o: merge_events(s, o.id, other_id))
        if merged is not None:
            self._regrouped(merged.id, f"event {other_id} merged into event {merged.id} (undo separates them)")

    def split(self) -> None:
        """Split the arrivals selected in the arrivals table (else the pick selected in the section) off into a
        new event; both are relocated."""
        ids = self.view.arrivals.selected_pick_ids()
        if not ids and self.view.editor is not None and self.view.editor.selected is not None:
            ids = [self.view.editor.selected]
        if not ids:
            self._status("select the arrivals to split off in the arrivals table (Ctrl/Shift+click)", STATUS_MS)
            return
        parts = self._edit("Cannot split the event", lambda s, o: split_event(s, o.id, ids))
        if parts is not None:
            kept, new = parts
            self._regrouped(kept.id, f"{len(ids)} picks split off event {kept.id} into event {new.id}")

    def move(self, target_id: int | None = None) -> None:
        """Move the pick selected in the section to ``target_id`` (None: the other event selected in the list,
        else one asked for); both events are relocated."""
        editor = self.view.editor
        if editor is None or editor.selected is None:
            self._status("select the pick to move in the section or the arrivals table", STATUS_MS)
            return
        pick_id = editor.selected
        target_id = self._other_event("Move the pick", "Move the selected pick to:") if target_id is None \
            else target_id
        if target_id is None:
            return
        moved = self._edit("Cannot move the pick", lambda s, o: move_arrival(s, pick_id, target_id))
        if moved is not None:
            self._regrouped(moved[0].id, f"pick moved from event {moved[0].id} to event {target_id}")

    def _other_event(self, title: str, label: str) -> int | None:
        """The other event of a regrouping: the one also selected in the event list, else the one the analyst
        picks from the other events, nearest in time to the shown one first (None: cancelled, or none)."""
        origin = self.view.origin
        if origin is None:
            return None
        marked = self.view.other_selected_events()
        if marked:
            return marked[0]
        others = sorted((o for o in self.view.origins if o.id != origin.id), key=lambda o: abs(o.time - origin.time))
        if not others:
            self._status("no other event in the session", STATUS_MS)
            return None
        texts = [f"event {o.id}  {o.time.strftime('%Y-%m-%d %H:%M:%S')}  ({o.time - origin.time:+.0f} s, "
                 f"{o.n_picks} picks)" for o in others]
        text, ok = QInputDialog.getItem(self.parent, title, label, texts, 0, False)
        return others[texts.index(text)].id if ok and text in texts else None

    def _regrouped(self, shown_id: int, message: str) -> None:
        """Redraw the event list, the section and the arrivals after a regrouping, showing ``shown_id``."""
        self.view.refresh()
        self.view.select_event(shown_id)
        self._status(message, STATUS_MS)

    def _edit(self, title: str, change: Callable[[object, object], object]):
        """Apply ``change(session, origin)`` to the shown event; what it returned (the origin when that is None),
        or None (nothing shown, an error)."""
        session, origin = self.view.session, self.view.origin
        if session is None or origin is None:
            return None
        try:
            result = change(session, origin)
        except EqviewerError as exc:
            self._show_error(title, str(exc))
            return None
        return origin if result is None else result
