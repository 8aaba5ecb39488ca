"""An analyst's edits of picks and labels, each one undoable edit.

Edits keep history instead of overwriting it: moving an automatic pick makes a new ``corrected`` pick whose
``origin_id`` is the automatic one, which is kept (inactive) for exports and provenance.
"""

from __future__ import annotations

from obspy import UTCDateTime

from eqviewer.errors import SessionError
from eqviewer.labels import CATEGORIES, ONSETS, POLARITIES, Pick
from eqviewer.review.session_base import ACTIVATE, DEACTIVATE, SessionBase, now_ns, to_ns
from eqviewer.review.store import Change

LABEL_INSERT_COLUMNS = (
    "record_id", "category", "status", "station_id", "start_ns", "end_ns", "probability", "model", "author",
    "run_id", "extra", "created_ns", "modified_ns", "active",
)
# Statuses of picks an analyst has not made: changing their time or phase makes a new, linked "corrected" pick.
_MACHINE_STATUSES = ("automatic", "accepted", "rejected")
_EDITABLE_FIELDS = {"phase", "time", "onset", "polarity", "uncertainty_s", "probability"}


class SessionEdits(SessionBase):
    """Adding, accepting, rejecting, moving and changing picks; labelling records."""

    def add_pick(self, pick: Pick) -> int:
        """Add an analyst's pick (status "manual"); its id."""
        _check_pick_fields(self.path, phase=pick.phase, onset=pick.onset, polarity=pick.polarity)
        store = self._writable()
        now = now_ns()
        with store.transaction():
            record_id = store.record_ids({pick.record: pick.station_id})[pick.record]
            new_id = self._insert_pick({
                "record_id": record_id, "station_id": pick.station_id, "phase": pick.phase,
                "time_ns": to_ns(pick.time), "probability": pick.probability, "uncertainty_s": pick.uncertainty_s,
                "onset": pick.onset, "polarity": pick.polarity, "status": "manual", "origin_id": None,
                "model": pick.model, "author": self.author, "run_id": None, "created_ns": now, "modified_ns": now,
                "active": 0,
            })
            self._edit("add pick", [Change("pick", new_id, new_id, *ACTIVATE)])
        return new_id

    def accept(self, pick_id: int) -> int:
        """Confirm an automatic (or rejected) pick; picks an analyst made or corrected stay as they are."""
        return self._set_status("accept", pick_id, "accepted", keep=("accepted", "corrected", "manual"))

    def reject(self, pick_id: int) -> int:
        """Mark a pick wrong; it stays in the session (rejected automatic picks become noise examples)."""
        return self._set_status("reject", pick_id, "rejected", keep=("rejected",))

    def move_pick(self, pick_id: int, time: UTCDateTime) -> int:
        """Move a pick; an automatic one becomes a new "corrected" pick linked to it by ``origin_id``."""
        return self.update_pick(pick_id, time=time)

    def update_pick(self, pick_id: int, **fields) -> int:
        """Change a pick's phase, time, onset, polarity, uncertainty_s or probability; the id that now stands for it.

        Changing the time or phase of a pick the analyst did not make (automatic, accepted, rejected) makes a new
        "corrected" pick linked to the original; other changes are made in place.
        """
        unknown = set(fields) - _EDITABLE_FIELDS
        if unknown:
            raise SessionError(self.path, f"cannot change {', '.join(sorted(unknown))} of a pick")
        _check_pick_fields(self.path, **{k: v for k, v in fields.items() if k in ("phase", "onset", "polarity")})
        values = {("time_ns" if k == "time" else k): (to_ns(v) if k == "time" else v) for k, v in fields.items()}
        store = self._writable()
        now = now_ns()
        with store.transaction():
            row = self._active_pick(pick_id)
            values = {k: v for k, v in values.items() if row[k] != v}
            if not values:
                return row["id"]
            if row["status"] in _MACHINE_STATUSES and ({"time_ns", "phase"} & set(values)):
                copy = {c: row[c] for c in ("record_id", "station_id", "phase", "time_ns", "probability",
                                            "uncertainty_s", "onset", "polarity", "model", "run_id")}
                copy.update(values)
                copy.update(status="corrected", origin_id=row["id"], author=self.author, created_ns=now,
                            modified_ns=now, active=0)
                new_id = self._insert_pick(copy)
                self._edit("correct pick", [Change("pick", row["id"], row["id"], *DEACTIVATE),
                                            Change("pick", new_id, new_id, *ACTIVATE)])
                return new_id
            old = {k: row[k] for k in values} | {"author": row["author"], "modified_ns": row["modified_ns"]}
            new = values | {"author": self.author, "modified_ns": now}
            self._edit("change pick", [Change("pick", row["id"], row["id"], old, new)])
        return row["id"]

    def set_label(self, record: str, category: str, station_id: str = "", start: UTCDateTime | None = None,
                  end: UTCDateTime | None = None) -> int:
        """Label a record (or the interval start..end of it) earthquake, noise or unsure; the label's id.

        The new manual label replaces every active label of the same record, station and interval.
        """
        if category not in CATEGORIES:
            raise SessionError(self.path, f"unknown label {category!r}; use one of {', '.join(CATEGORIES)}")
        store = self._writable()
        now = now_ns()
        with store.transaction():
            record_id = store.record_ids({record: station_id})[record]
            equal = {"record_id": record_id, "station_id": station_id, "start_ns": to_ns(start), "end_ns": to_ns(end)}
            same = store.select("window_label", equal, order=("id",))
            for row in same:
                if row["category"] == category and row["status"] == "manual":
                    return row["id"]
            first, _ = store.insert_rows("window_label", LABEL_INSERT_COLUMNS, [(
                record_id, category, "manual", station_id, to_ns(start), to_ns(end), None, None, self.author, None,
                "{}", now, now, 0)])
            changes = [Change("window_label", row["id"], row["id"], *DEACTIVATE) for row in same]
            self._edit("set label", [*changes, Change("window_label", first, first, *ACTIVATE)])
        return first

    def _set_status(self, kind: str, pick_id: int, status: str, keep: tuple[str, ...]) -> int:
        store = self._writable()
        with store.transaction():
            row = self._active_pick(pick_id)
            if row["status"] in keep:
                return row["id"]
            old = {"status": row["status"], "author": row["author"], "modified_ns": row["modified_ns"]}
            new = {"status": status, "author": self.author, "modified_ns": now_ns()}
            self._edit(kind, [Change("pick", row["id"], row["id"], old, new)])
        return row["id"]

    def _active_pick(self, pick_id: int) -> dict:
        row = self._store.row("pick", int(pick_id))
        if row is None or not row["active"]:
            raise SessionError(self.path, f"no pick {pick_id} (it may have been replaced or undone)")
        return row

    def _insert_pick(self, values: dict) -> int:
        first, _ = self._store.insert_rows("pick", tuple(values), [tuple(values.values())])
        return first


def _check_pick_fields(path: str, **fields) -> None:
    allowed = {"onset": ONSETS, "polarity": POLARITIES}
    for name, value in fields.items():
        if name == "phase" and not value:
            raise SessionError(path, "a pick needs a phase name")
        if name in allowed and value is not None and value not in allowed[name]:
            raise SessionError(path, f"unknown {name} {value!r}; use one of {', '.join(allowed[name])}")
