"""Reviewing one located event: the current picks of its arrivals, excluding an arrival from the location,
storing a relocation in place (the event keeps its id), joining a new pick to it, setting its type, committing it
("final") and deleting it, and regrouping picks between events (merge, split, moving an arrival); each one
undoable edit.

A relocation that follows an analyst's edit (a pick moved, an arrival excluded) joins that edit, so one undo takes
back both.
"""

from __future__ import annotations

from collections.abc import Sequence

from obspy.core.event.header import EventType

from eqviewer.errors import SessionError
from eqviewer.labels import Pick
from eqviewer.origins import Arrival, Origin
from eqviewer.review.session_base import ACTIVATE, DEACTIVATE, id_ranges, now_ns
from eqviewer.review.session_network import SessionNetwork, arrival_rows
from eqviewer.review.store import Change

EVENT_TYPES = tuple(str(t) for t in EventType)
"""The event types an event may be given (QuakeML's)."""
EVALUATION_STATUSES = ("preliminary", "confirmed", "reviewed", "final", "rejected")
"""The evaluation statuses an event may be given (QuakeML's); committing an event makes it "final"."""


class SessionEventReview(SessionNetwork):
    """Edits of one located event and its arrivals."""

    def event_picks(self, origin_id: int) -> list[tuple[Arrival, Pick]]:
        """Each arrival of an event with the current pick that stands for it (the pick that corrects it, when it
        was moved or re-phased); arrivals whose pick is no longer current (undone) are left out."""
        origin = self._event(origin_id)
        corrections = self._store.corrections(a.pick_id for a in origin.arrivals)
        pairs = []
        for arrival in origin.arrivals:
            pick_id = corrections.get(arrival.pick_id, arrival.pick_id)
            row = self._store.row("pick", pick_id)
            if row is not None and row["active"]:
                pairs.append((arrival, self.pick(pick_id)))
        return pairs

    def set_arrival_used(self, origin_id: int, pick_id: int, used: bool) -> bool:
        """Exclude the arrival of ``pick_id`` (or of the pick it corrects) from the event's location, or use it
        again; the pick itself is not changed. Whether anything changed."""
        store = self._writable()
        with store.transaction():
            arrivals = store.arrivals(self._origin_row(origin_id)["id"])
            corrections = store.corrections(r["pick_id"] for r in arrivals)
            rows = [r for r in arrivals if pick_id in (r["pick_id"], corrections.get(r["pick_id"]))]
            if not rows:
                raise SessionError(self.path, f"pick {pick_id} is not an arrival of event {origin_id}")
            changes = [Change("arrival", r["id"], r["id"], {"used": r["used"]}, {"used": int(used)})
                       for r in rows if bool(r["used"]) != used]
            if changes:
                self._edit("exclude arrival" if not used else "use arrival", changes)
        return bool(changes)

    def update_event(self, origin: Origin, follows: int | None = None) -> None:
        """Store a new location of the event ``origin.id`` in place, with its arrivals. When ``follows`` is the
        newest edit in force (the analyst's edit that made the relocation necessary), the change joins it, so
        undo takes both back; otherwise it is an edit of its own."""
        if origin.id is None:
            raise SessionError(self.path, "an event to update needs its id")
        store = self._writable()
        with store.transaction():
            changes = self._relocation_changes(origin)
            if follows is not None and follows == store.last_edit("done", self._undo_author):
                store.extend_edit(follows, changes)
            else:
                self._edit("relocate", changes)

    def rearrange_events(self, kind: str, updated: Sequence[Origin] = (), added: Sequence[Origin] = (),
                         deleted: Sequence[int] = ()) -> list[int]:
        """One undoable edit ``kind`` ("merge events", "split event", "move arrival") that regroups picks between
        events: each of ``updated`` stored in place of the event of its id (location and arrivals, the id kept),
        each of ``added`` stored as a new event, and the events ``deleted`` retired with their arrivals (their
        picks stay). The new events' ids. SessionError when an updated or deleted event does not exist, or an
        event to update has no id."""
        store = self._writable()
        now = now_ns()
        with store.transaction():
            changes: list[Change] = []
            for origin in updated:
                if origin.id is None:
                    raise SessionError(self.path, "an event to update needs its id")
                changes += self._relocation_changes(origin)
            for origin_id in deleted:
                row = self._origin_row(origin_id)
                arrivals = [r["id"] for r in store.arrivals(row["id"])]
                changes += [Change("arrival", a, b, *DEACTIVATE) for a, b in id_ranges(arrivals)]
                changes.append(Change("origin", row["id"], row["id"], *DEACTIVATE))
            ids = []
            for origin in added:
                origin_id, switched_on = self._insert_event(origin, now)
                changes += switched_on
                ids.append(origin_id)
            self._edit(kind, changes)
        return ids

    def set_event_type(self, origin_id: int, event_type: str) -> None:
        """Give an event a QuakeML event type ("earthquake", "quarry blast", ...)."""
        if event_type not in EVENT_TYPES:
            raise SessionError(self.path, f"unknown event type {event_type!r}")
        store = self._writable()
        with store.transaction():
            row = self._origin_row(origin_id)
            if row["event_type"] != event_type:
                self._edit("set event type", [Change("origin", row["id"], row["id"], {"event_type": row["event_type"]},
                                                     {"event_type": event_type})])

    def set_evaluation_status(self, origin_id: int, status: str | None) -> None:
        """Give an event a QuakeML evaluation status ("final": committed; None: none)."""
        if status is not None and status not in EVALUATION_STATUSES:
            raise SessionError(self.path, f"unknown evaluation status {status!r}")
        store = self._writable()
        with store.transaction():
            row = self._origin_row(origin_id)
            if row["evaluation_status"] != status:
                self._edit("commit event" if status == "final" else "set evaluation status",
                           [Change("origin", row["id"], row["id"], {"evaluation_status": row["evaluation_status"]},
                                   {"evaluation_status": status})])

    def add_arrival(self, origin_id: int, pick: Pick, follows: int | None = None) -> None:
        """Join ``pick`` (a current pick) to an event as an arrival the location uses, not yet located (no residual
        or distance: the event needs relocating). It joins the edit ``follows`` when that is still the newest one
        (the analyst's new pick), else it is an edit of its own."""
        store = self._writable()
        with store.transaction():
            row = self._origin_row(origin_id)
            first, last = store.insert_arrivals(arrival_rows(row["id"], [Arrival(int(pick.id), pick.phase)]))
            changes = [Change("arrival", first, last, *ACTIVATE)]
            if follows is not None and follows == store.last_edit("done", self._undo_author):
                store.extend_edit(follows, changes)
            else:
                self._edit("add arrival", changes)

    def delete_event(self, origin_id: int) -> None:
        """Delete an event and its arrivals (their picks stay, unassociated)."""
        store = self._writable()
        with store.transaction():
            row = self._origin_row(origin_id)
            arrivals = [r["id"] for r in store.arrivals(row["id"])]
            changes = [Change("arrival", a, b, *DEACTIVATE) for a, b in id_ranges(arrivals)]
            self._edit("delete event", [*changes, Change("origin", row["id"], row["id"], *DEACTIVATE)])

    def newest_edit(self) -> int | None:
        """The id of the newest edit in force (this analyst's in a shared session), for :meth:`update_event`."""
        return self._store.last_edit("done", self._undo_author)

    def _event(self, origin_id: int) -> Origin:
        origin = self.event(origin_id)
        if origin is None:
            raise SessionError(self.path, f"no event {origin_id} (it may have been deleted or re-associated)")
        return origin

    def _origin_row(self, origin_id: int) -> dict:
        rows = self._store.origins("o.id = ?", (int(origin_id),))
        if not rows:
            raise SessionError(self.path, f"no event {origin_id} (it may have been deleted or re-associated)")
        return rows[0]
