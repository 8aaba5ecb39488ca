"""A review session: the archives under review, every label, and an edit journal that undo and redo replay.

A session is a SQLite file (``*.eqreview``, with ``-wal``/``-shm`` files beside it while in use). Each edit is its
own transaction, committed before the call returns (WAL mode, full fsync), so killing the process never loses a
committed edit nor corrupts the file. Edits are first written to ``<session>-wal``; the writer copies them into
the session file after each commit (unless a reader still needs the old pages), on opening and on closing, and
:func:`eqviewer.review.session_file.copy_session` makes a complete copy at any time. Undo and redo work at edit
level, any number of steps, and survive closing and reopening. Only one handle writes at a time, whatever path or
link it is opened by (see :mod:`eqviewer.review.lock`); any other opener gets a read-only
view and ``read_only_reason`` says why.

Edits keep history instead of overwriting it: moving an automatic pick makes a new ``corrected`` pick whose
``origin_id`` is the automatic one, which is kept (inactive) for exports and provenance.

A session may also live in a PostgreSQL database (``postgresql://user@host/db``) that a team edits at once, through
the same store: see :mod:`eqviewer.review.backend_postgres` for who wins when two analysts edit one pick.
"""

from __future__ import annotations

import getpass
import itertools
import json
import os
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from obspy import UTCDateTime

from eqviewer.atomic_files import PendingOutput
from eqviewer.errors import EqviewerError, ExportError, SessionError
from eqviewer.io.inventory import StationCoordinates
from eqviewer.io.paths import is_utf8
from eqviewer.labels import CATEGORIES, ONSETS, POLARITIES, Pick, WindowLabel
from eqviewer.origins import Arrival, Origin
from eqviewer.review import backend_postgres, curve_codec
from eqviewer.review.archives import ArchiveEntry, fingerprint, guess_format, is_changed
from eqviewer.review.lock import SessionLock
from eqviewer.review.pick_dedup import without_reviewed_duplicates
from eqviewer.review.store import FORMAT_NAME, SCHEMA_VERSION, Change, Store

REVIEW_STATES = ("unreviewed", "in progress", "done")
# Statuses of picks an analyst has not made: changing their time or phase makes a new, linked "corrected" pick.
_MACHINE_STATUSES = ("automatic", "accepted", "rejected")
_EDITABLE_FIELDS = {"phase", "time", "onset", "polarity", "uncertainty_s", "probability"}
_PICK_INSERT_COLUMNS = (
    "record_id", "station_id", "phase", "time_ns", "probability", "uncertainty_s", "onset", "polarity", "status",
    "origin_id", "model", "author", "run_id", "created_ns", "modified_ns", "active",
)
_LABEL_INSERT_COLUMNS = (
    "record_id", "category", "status", "station_id", "start_ns", "end_ns", "probability", "model", "author",
    "run_id", "extra", "created_ns", "modified_ns", "active",
)
_ACTIVATE = ({"active": 0}, {"active": 1})
_DEACTIVATE = ({"active": 1}, {"active": 0})


@dataclass(frozen=True)
class CurveInfo:
    """When a record's stored probability curves start and their sampling rate."""

    start: UTCDateTime
    sampling_rate: float


def _now_ns() -> int:
    return UTCDateTime().ns


def _ns(time: UTCDateTime | None) -> int | None:
    if time is None:
        return None
    return time.ns if isinstance(time, UTCDateTime) else UTCDateTime(time).ns


def _time(ns: int | None) -> UTCDateTime | None:
    return None if ns is None else UTCDateTime(ns=int(ns))


def _pick_from_row(row: dict) -> Pick:
    return Pick(
        station_id=row["station_id"], phase=row["phase"], time=_time(row["time_ns"]), record=row["record"],
        probability=row["probability"], uncertainty_s=row["uncertainty_s"], onset=row["onset"],
        polarity=row["polarity"], status=row["status"], origin_id=row["origin_id"], model=row["model"],
        author=row["author"], created=_time(row["created_ns"]), modified=_time(row["modified_ns"]), id=row["id"],
    )


def _label_from_row(row: dict) -> WindowLabel:
    return WindowLabel(
        record=row["record"], category=row["category"], status=row["status"], station_id=row["station_id"],
        start=_time(row["start_ns"]), end=_time(row["end_ns"]), probability=row["probability"], model=row["model"],
        author=row["author"], created=_time(row["created_ns"]), modified=_time(row["modified_ns"]), id=row["id"],
        extra=json.loads(row["extra"]),
    )


def _default_author() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


class Session:
    """An open review session. Use :meth:`create` or :meth:`open`, and :meth:`close` (or ``with``) when done."""

    def __init__(self, path: str, store: Store, lock: SessionLock | None, author: str | None,
                 read_only_reason: str | None, shared: bool = False):
        self.path = path
        self.author = author
        self.read_only_reason = read_only_reason
        self.shared = shared  # a PostgreSQL session several analysts edit at once (undo acts on one's own edits)
        self._undo_author = author if shared else None
        self._store = store
        self._lock = lock
        self._closed = False

    # -- opening and closing -----------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike, archives: Iterable[str | os.PathLike] = (),
               author: str | None = None) -> "Session":
        """Create a new session file listing ``archives`` and open it for writing.

        The file is built under a temporary name and renamed into place, so a failure leaves nothing behind (and
        what a killed creation left is removed by the next one).
        ``path`` may also be a ``postgresql://user@host/db`` URL: the session's tables are made in that (empty)
        database, which several analysts can then open at once (see :mod:`eqviewer.review.backend_postgres`).
        """
        path = os.fspath(path)
        if backend_postgres.is_database_url(path):
            store = backend_postgres.connect(path, create=True, created_ns=_now_ns())
            session = cls(backend_postgres.redacted(path), store, None, author or _default_author(), None, True)
            for archive in archives:
                session.add_archive(archive)
            return session
        if os.path.exists(path):
            raise SessionError(path, "already exists; open it instead, or choose another name")
        archives = [os.path.abspath(os.fspath(a)) for a in archives]
        for archive in archives:
            if not os.path.exists(archive):
                raise SessionError(archive, "archive not found")
            _check_storable(archive)
        try:
            pending = PendingOutput(path)
        except ExportError as exc:
            raise SessionError(path, f"cannot create the session file: {exc.reason}") from exc
        tmp = pending.tmp
        store = None
        try:
            store = Store.connect_sqlite(tmp, read_only=False)
            store.create_schema(_now_ns())
            with store.transaction():
                for archive in archives:
                    size, checksum = fingerprint(archive)
                    store.add_archive(archive, size, checksum, guess_format(archive), _now_ns())
            store.close(leave_wal=True)  # fold the WAL in before the rename
            store = None
            pending.commit()
        except (SessionError, ExportError, OSError) as exc:  # a full disk, an unreadable archive
            reason = exc.reason if isinstance(exc, EqviewerError) else f"{exc.strerror or exc} ({exc.filename or tmp})"
            raise SessionError(path, f"cannot create the session file: {reason}") from exc
        finally:
            if store is not None:
                store.connection.close()
            pending.discard()
            for leftover in (tmp + "-wal", tmp + "-shm"):
                if os.path.exists(leftover):
                    os.remove(leftover)
        return cls.open(path, author=author)

    @classmethod
    def open(cls, path: str | os.PathLike, read_only: bool = False, author: str | None = None) -> "Session":
        """Open a session; when another handle is writing it, open a read-only view (``read_only`` is then True).

        A ``postgresql://`` URL opens a shared session: any number of handles write it at once.
        """
        path = os.fspath(path)
        if backend_postgres.is_database_url(path):
            store = backend_postgres.connect(path, create=False, read_only=read_only)
            reason = "opened read-only on request" if read_only else None
            return cls(backend_postgres.redacted(path), store, None, author or _default_author(), reason, True)
        if not os.path.isfile(path):
            raise SessionError(path, "no such review session")
        check_format(path)  # before any lock or PRAGMA of the writer can touch a file that is not a session
        lock = None
        reason = "opened read-only on request" if read_only else None
        if not read_only:
            if not os.access(path, os.W_OK) or not os.access(os.path.dirname(os.path.abspath(path)), os.W_OK):
                reason = "the file or its folder is not writable: opened read-only"
            else:
                lock = SessionLock(path)
                if not lock.acquire():
                    reason = f"in use by {lock.holder()}: opened read-only"
                    lock = None
        try:
            store = Store.connect_sqlite(path, read_only=reason is not None)
            if lock:
                store.migrate()  # a session of an older eqviewer, brought up to this schema
                store.checkpoint()  # edits a killed writer left in the -wal file go into the session file now
        except (SessionError, sqlite3.DatabaseError) as exc:
            if lock:
                lock.release()
            if isinstance(exc, SessionError):
                raise
            raise SessionError(path, f"cannot open the review session ({exc})") from exc
        return cls(path, store, lock, author or _default_author(), reason)

    @staticmethod
    def exists(path: str | os.PathLike) -> bool:
        """Whether a session file, or a database holding a session, is there to open."""
        path = os.fspath(path)
        return backend_postgres.exists(path) if backend_postgres.is_database_url(path) else os.path.exists(path)

    def change_token(self) -> tuple[int, int]:
        """A value that changes with every edit, undo or redo by anyone: a viewer of a shared session polls it and
        redraws when it differs from the last one it saw."""
        return self._store.journal_token()

    @property
    def read_only(self) -> bool:
        """True when this handle may not edit (another process writes, or read-only was asked for)."""
        return self.read_only_reason is not None

    def close(self) -> None:
        """Close the file and give the write lock back (closing twice does nothing)."""
        if self._closed:
            return
        self._closed = True
        self._store.close(leave_wal=not self.read_only)
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _writable(self) -> Store:
        if self.read_only:
            raise SessionError(self.path, f"cannot edit: {self.read_only_reason}")
        return self._store

    def integrity_errors(self) -> list[str]:
        """What SQLite's integrity check finds wrong with the file (empty when sound)."""
        return self._store.integrity_errors()

    # -- archives ----------------------------------------------------------------------------------------------
    def add_archive(self, path: str | os.PathLike) -> None:
        """List an archive with its size and header checksum (refreshing them when it is listed already)."""
        store = self._writable()
        path = os.path.abspath(os.fspath(path))
        _check_storable(path)
        try:
            size, checksum = fingerprint(path)
        except OSError as exc:
            raise SessionError(path, f"cannot read the archive: {exc.strerror}") from exc
        with store.transaction():
            store.add_archive(path, size, checksum, guess_format(path), _now_ns())

    def archives(self) -> list[ArchiveEntry]:
        """The listed archives; ``changed`` says which are missing or differ from when they were added."""
        return [ArchiveEntry(p, s, c, f, is_changed(p, s, c)) for p, s, c, f in self._store.archives()]

    # -- bulk results ------------------------------------------------------------------------------------------
    def add_automatic(self, picks: Iterable[Pick], window_labels: Iterable[WindowLabel] = (),
                      run_info: dict | None = None, replace_records: Iterable[str] = (),
                      replace_span: tuple[UTCDateTime, UTCDateTime] | None = None) -> list[int]:
        """Store a detector's picks (status "automatic") and window labels as one undoable edit; the pick ids.

        ``replace_records``: records the model ran on again; their earlier picks and window labels that are still
        "automatic" are retired in the same edit (reviewed ones, also rejected picks, stay), so a re-run does not
        duplicate them. ``replace_span`` = (t1, t2): the run covered only [t1, t2) of them (a station-day of a
        distributed run); only picks, and window labels starting, in that span are retired.
        Picks on an arrival the analyst has reviewed already are not added
        (:func:`eqviewer.review.pick_dedup.without_reviewed_duplicates`), so a finished record stays finished.
        """
        picks = list(picks)
        reviewed = [p for record in {p.record for p in picks} for p in self.picks(record=record)
                    if p.status != "automatic"]
        picks = without_reviewed_duplicates(picks, reviewed)
        return self._add_bulk("add automatic", picks, window_labels, "automatic", run_info,
                              replace_records=replace_records, replace_span=replace_span)

    def import_labels(self, picks: Iterable[Pick], window_labels: Iterable[WindowLabel] = (),
                      author: str | None = None) -> list[int]:
        """Store labels an archive already holds as manual labels, as one undoable edit; the pick ids."""
        return self._add_bulk("import labels", picks, window_labels, "manual", None, author)

    def _add_bulk(self, kind: str, picks: Iterable[Pick], window_labels: Iterable[WindowLabel], status: str,
                  run_info: dict | None, author: str | None = None, replace_records: Iterable[str] = (),
                  replace_span: tuple[UTCDateTime, UTCDateTime] | None = None) -> list[int]:
        store = self._writable()
        picks, window_labels = list(picks), list(window_labels)
        now = _now_ns()
        with store.transaction():
            changes = self._retire_automatic(replace_records, replace_span)
            run_id = store.add_run(run_info, now) if run_info is not None else None
            stations = {p.record: p.station_id for p in picks}
            for label in window_labels:
                stations.setdefault(label.record, label.station_id)
            ids = store.record_ids(stations)
            pick_rows = (
                (ids[p.record], p.station_id, p.phase, _ns(p.time), p.probability, p.uncertainty_s, p.onset,
                 p.polarity, status, p.origin_id, p.model, author or p.author, run_id, now, now, 1)
                for p in picks
            )
            first, last = store.insert_rows("pick", _PICK_INSERT_COLUMNS, pick_rows)
            label_rows = (
                (ids[w.record], w.category, status, w.station_id, _ns(w.start), _ns(w.end), w.probability, w.model,
                 author or w.author, run_id, json.dumps(w.extra, default=str), now, now, 1)
                for w in window_labels
            )
            first_label, last_label = store.insert_rows("window_label", _LABEL_INSERT_COLUMNS, label_rows)
            if last >= first:
                store.account_new_rows("pick", first, last)
                changes.append(Change("pick", first, last, *_ACTIVATE))
            if last_label >= first_label:
                store.account_new_rows("window_label", first_label, last_label)
                changes.append(Change("window_label", first_label, last_label, *_ACTIVATE))
            if changes:
                store.journal(kind, author or self.author, now, changes, own_history=self.shared)
        return list(range(first, last + 1))

    def _retire_automatic(self, records: Iterable[str],
                          span: tuple[UTCDateTime, UTCDateTime] | None = None) -> list[Change]:
        """Deactivate the still-automatic picks and window labels of ``records`` (only those in ``span`` when given);
        the changes, for the journal."""
        changes = []
        for record in dict.fromkeys(records):
            record_id = self._store.record_id(record)
            if record_id is None:
                continue
            for table, column in (("pick", "time_ns"), ("window_label", "start_ns")):
                within = None if span is None else (column, _ns(span[0]), _ns(span[1]))
                equal = {"record_id": record_id, "status": "automatic"}
                rows = self._store.select(table, equal, within=within, order=("id",))
                for first, last in _id_ranges([row["id"] for row in rows]):
                    change = Change(table, first, last, *_DEACTIVATE)
                    self._store.apply_change(change, change.new)
                    changes.append(change)
        return changes

    def runs(self) -> list[dict]:
        """The ``run_info`` of every :meth:`add_automatic` call that gave one, with its ``id`` and ``created`` time."""
        return [json.loads(info) | {"id": run_id, "created": _time(created)}
                for run_id, info, created in self._store.runs()]

    def store_curves(self, record: str, start: UTCDateTime, sampling_rate: float,
                     curves: dict[str, np.ndarray]) -> None:
        """Keep a record's probability curves (replacing earlier ones) compactly, as
        :mod:`eqviewer.review.curve_codec` says; not part of the undo history."""
        self.store_encoded_curves(record, start, curve_codec.encode_all(curves, float(sampling_rate)))

    def store_encoded_curves(self, record: str, start: UTCDateTime,
                             encoded: dict[str, tuple[float, int, str, bytes]]) -> None:
        """:meth:`store_curves` of curves :func:`eqviewer.review.curve_codec.encode_all` has encoded already."""
        store = self._writable()
        with store.transaction():
            record_id = store.record_ids({record: ""})[record]
            store.put_curves(record_id, _ns(start), encoded)

    def curves(self, record: str) -> dict[str, np.ndarray] | None:
        """A record's stored probability curves by name (each at its :meth:`curve_rates` rate), or None."""
        record_id = self._store.record_id(record)
        rows = self._store.get_curves(record_id) if record_id is not None else []
        if not rows:
            return None
        try:
            return {name: curve_codec.decode(encoding, data) for name, _, _, _, encoding, data in rows}
        except (ValueError, zlib.error) as exc:
            raise SessionError(self.path, f"damaged curves of {record}: {exc}") from exc

    def curve_rates(self, record: str) -> dict[str, float]:
        """The sampling rate of each stored curve of a record (attention maps are stored at a lower rate)."""
        record_id = self._store.record_id(record)
        return self._store.curve_rates(record_id) if record_id is not None else {}

    def curve_info(self, record: str) -> CurveInfo | None:
        """Start time and sampling rate of a record's stored curves, or None."""
        record_id = self._store.record_id(record)
        timing = self._store.curve_timing(record_id) if record_id is not None else None
        return CurveInfo(_time(timing[0]), timing[1]) if timing else None

    # -- stations and events -----------------------------------------------------------------------------------
    def set_stations(self, stations: Iterable[StationCoordinates], source: str) -> int:
        """Store station coordinates (replacing those of the same NET.STA.LOC); ``source`` names where they came
        from. Station metadata is not an edit: it is not undone. How many stations were stored."""
        store = self._writable()
        rows = [(s.key, s.latitude, s.longitude, s.elevation_m, ",".join(s.channels), source) for s in stations]
        with store.transaction():
            store.put_stations(rows)
        return len(rows)

    def stations(self) -> dict[str, StationCoordinates]:
        """The stored station coordinates by NET.STA.LOC."""
        return {row["station_key"]: StationCoordinates(row["station_key"], row["latitude"], row["longitude"],
                                                       row["elevation_m"], tuple(filter(None, row["channels"].split(","))))
                for row in self._store.stations()}

    def replace_events(self, origins: Iterable[Origin], kind: str = "associate") -> list[int]:
        """Store located events with their arrivals in place of every current one, as one undoable edit; their ids.

        Undo brings the earlier events back; the picks themselves are not changed.
        """
        store = self._writable()
        now = _now_ns()
        with store.transaction():
            changes = [Change(table, first, last, *_DEACTIVATE)
                       for table in ("arrival", "origin") for first, last in _id_ranges(store.active_ids(table))]
            ids = []
            for origin in origins:
                origin_id = store.insert_origin({
                    "time_ns": _ns(origin.time), "latitude": origin.latitude, "longitude": origin.longitude,
                    "depth_km": origin.depth_km, "time_error_s": origin.time_error_s,
                    "horizontal_error_km": origin.horizontal_error_km, "depth_error_km": origin.depth_error_km,
                    "rms_s": origin.rms_s, "n_picks": origin.n_picks, "method": origin.method,
                    "velocity_model": origin.velocity_model, "author": origin.author or self.author,
                    "created_ns": now, "active": 0})
                first, last = store.insert_arrivals(
                    (origin_id, a.pick_id, a.phase, a.residual_s, a.distance_km, a.azimuth_deg, 0)
                    for a in origin.arrivals)
                changes.append(Change("origin", origin_id, origin_id, *_ACTIVATE))
                if last >= first:
                    changes.append(Change("arrival", first, last, *_ACTIVATE))
                ids.append(origin_id)
            self._edit(kind, changes)
        return ids

    def events(self) -> list[Origin]:
        """The current located events in time order, each with its arrivals."""
        by_origin: dict[int, list[Arrival]] = {}
        for row in self._store.arrivals():
            by_origin.setdefault(row["origin_id"], []).append(_arrival_from_row(row))
        return [_origin_from_row(row, by_origin.get(row["id"], [])) for row in self._store.origins()]

    def event(self, origin_id: int) -> Origin | None:
        """One current located event by id, with its arrivals (None when there is none with that id)."""
        rows = self._store.origins("o.id = ?", (int(origin_id),))
        if not rows:
            return None
        return _origin_from_row(rows[0], [_arrival_from_row(r) for r in self._store.arrivals(int(origin_id))])

    def event_of_picks(self) -> dict[int, int]:
        """The current event id of every associated pick, by pick id."""
        return {row["pick_id"]: row["origin_id"] for row in self._store.arrivals()}

    def unassociated_picks(self) -> list[Pick]:
        """Current P and S picks, not rejected, that no current event explains: likely noise once an association
        has run."""
        ids = set(self._store.unassociated_pick_ids())
        return [p for p in self.picks() if p.id in ids]

    # -- analyst edits -----------------------------------------------------------------------------------------
    def _edit(self, kind: str, changes: list[Change]) -> None:
        store = self._store
        for change in changes:
            store.apply_change(change, change.new)
        store.journal(kind, self.author, _now_ns(), changes, own_history=self.shared)

    def _active_pick(self, pick_id: int) -> dict:
        row = self._store.row("pick", int(pick_id))
        if row is None or not row["active"]:
            raise SessionError(self.path, f"no pick {pick_id} (it may have been replaced or undone)")
        return row

    def _insert_pick(self, values: dict) -> int:
        columns = tuple(values)
        first, _ = self._store.insert_rows("pick", columns, [tuple(values.values())])
        return first

    def add_pick(self, pick: Pick) -> int:
        """Add an analyst's pick (status "manual"); its id."""
        _check_pick_fields(self.path, phase=pick.phase, onset=pick.onset, polarity=pick.polarity)
        store = self._writable()
        now = _now_ns()
        with store.transaction():
            record_id = store.record_ids({pick.record: pick.station_id})[pick.record]
            new_id = self._insert_pick({
                "record_id": record_id, "station_id": pick.station_id, "phase": pick.phase, "time_ns": _ns(pick.time),
                "probability": pick.probability, "uncertainty_s": pick.uncertainty_s, "onset": pick.onset,
                "polarity": pick.polarity, "status": "manual", "origin_id": None, "model": pick.model,
                "author": self.author, "run_id": None, "created_ns": now, "modified_ns": now, "active": 0,
            })
            self._edit("add pick", [Change("pick", new_id, new_id, *_ACTIVATE)])
        return new_id

    def _set_status(self, kind: str, pick_id: int, status: str, keep: tuple[str, ...]) -> int:
        store = self._writable()
        with store.transaction():
            row = self._active_pick(pick_id)
            if row["status"] in keep:
                return row["id"]
            old = {"status": row["status"], "author": row["author"], "modified_ns": row["modified_ns"]}
            new = {"status": status, "author": self.author, "modified_ns": _now_ns()}
            self._edit(kind, [Change("pick", row["id"], row["id"], old, new)])
        return row["id"]

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
        values = {("time_ns" if k == "time" else k): (_ns(v) if k == "time" else v) for k, v in fields.items()}
        store = self._writable()
        now = _now_ns()
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
                self._edit("correct pick", [Change("pick", row["id"], row["id"], {"active": 1}, {"active": 0}),
                                            Change("pick", new_id, new_id, *_ACTIVATE)])
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
        now = _now_ns()
        with store.transaction():
            record_id = store.record_ids({record: station_id})[record]
            equal = {"record_id": record_id, "station_id": station_id, "start_ns": _ns(start), "end_ns": _ns(end)}
            same = store.select("window_label", equal, order=("id",))
            for row in same:
                if row["category"] == category and row["status"] == "manual":
                    return row["id"]
            first, _ = store.insert_rows("window_label", _LABEL_INSERT_COLUMNS, [(
                record_id, category, "manual", station_id, _ns(start), _ns(end), None, None, self.author, None,
                "{}", now, now, 0)])
            changes = [Change("window_label", row["id"], row["id"], {"active": 1}, {"active": 0}) for row in same]
            self._edit("set label", [*changes, Change("window_label", first, first, *_ACTIVATE)])
        return first

    # -- undo and redo -----------------------------------------------------------------------------------------
    def undo(self) -> bool:
        """Undo the newest edit not yet undone; False when there is none.

        In a shared session, an analyst's own newest edit; SessionError when another analyst has since changed
        the same labels (their later edit stands: change it instead of undoing).
        """
        store = self._writable()
        with store.transaction():
            edit_id = store.last_edit("done", self._undo_author)
            if edit_id is None:
                return False
            others = store.later_authors(edit_id, self.author) if self.shared else []
            if others:
                raise SessionError(self.path, f"cannot undo: {', '.join(others)} changed the same labels since")
            for change in reversed(store.edit_changes(edit_id)):
                store.apply_change(change, change.old)
            store.set_edit_state(edit_id, "undone")
        return True

    def redo(self) -> bool:
        """Redo the oldest undone edit; False when there is none (or a new edit was made since the undo)."""
        store = self._writable()
        with store.transaction():
            edit_id = store.last_edit("undone", self._undo_author)
            if edit_id is None:
                return False
            for change in store.edit_changes(edit_id):
                store.apply_change(change, change.new)
            store.set_edit_state(edit_id, "done")
        return True

    def history_picks(self, undo: bool = True, limit: int = 100) -> list[int]:
        """Ids of the pick rows (at most ``limit``) the next undo (or redo) changes, so a viewer can select the
        changed pick afterwards; empty when there is nothing to undo (redo) or it changes no pick."""
        edit_id = self._store.last_edit("done" if undo else "undone", self._undo_author)
        if edit_id is None:
            return []
        changes = [c for c in self._store.edit_changes(edit_id) if c.table == "pick"]
        ids = (i for c in changes for i in range(c.first_id, c.last_id + 1))
        return list(itertools.islice(ids, limit))

    @property
    def can_undo(self) -> bool:
        """Whether there is an edit to undo."""
        return self._store.last_edit("done", self._undo_author) is not None

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone edit to redo."""
        return self._store.last_edit("undone", self._undo_author) is not None

    # -- queries -----------------------------------------------------------------------------------------------
    def pick(self, pick_id: int) -> Pick | None:
        """Any pick by id, also one that was replaced or undone (None when the id is unknown)."""
        row = self._store.row("pick", int(pick_id))
        return None if row is None else _pick_from_row(row)

    def picks(self, record: str | None = None, station_id: str | None = None, status: str | None = None,
              phase: str | None = None) -> list[Pick]:
        """The current picks matching every filter given, in time order."""
        equal = {}
        if record is not None:
            equal["record_id"] = self._store.record_id(record)
            if equal["record_id"] is None:
                return []
        for column, value in (("station_id", station_id), ("status", status), ("phase", phase)):
            if value is not None:
                equal[column] = value
        return [_pick_from_row(r) for r in self._store.select("pick", equal)]

    def picks_in_span(self, start: UTCDateTime, end: UTCDateTime) -> list[Pick]:
        """The current picks of every station between ``start`` and ``end`` (inclusive), in time order."""
        rows = self._store.select("pick", within=("time_ns", _ns(start), _ns(end) + 1))  # end included
        return [_pick_from_row(r) for r in rows]

    def window_labels(self, record: str | None = None) -> list[WindowLabel]:
        """The current window and record labels (of one record, or all)."""
        equal = {}
        if record is not None:
            equal["record_id"] = self._store.record_id(record)
            if equal["record_id"] is None:
                return []
        rows = self._store.select("window_label", equal)
        return [_label_from_row(r) for r in rows]

    def records(self) -> list[str]:
        """Every record the session holds labels or curves for, sorted."""
        return self._store.record_names()

    def counts(self) -> dict[tuple[str, str], int]:
        """Current picks counted by (phase, status)."""
        return self._store.counts()

    def review_state(self, record: str) -> str:
        """"unreviewed" (no analyst label yet), "in progress" (automatic picks remain) or "done"."""
        state = self._store.record_state(record)
        return REVIEW_STATES[state or 0]

    def next_unreviewed(self, after_record: str | None = None) -> str | None:
        """The next record (in name order, after ``after_record``) that is not done, or None."""
        return self._store.next_record_not_done(after_record)

    def records_by_uncertainty(self, threshold: float = 0.5, limit: int | None = None) -> list[str]:
        """Records not done whose highest model probability is closest to ``threshold`` first (active learning)."""
        return self._store.records_near_peak(threshold, limit)


def _origin_from_row(row: dict, arrivals: list[Arrival]) -> Origin:
    return Origin(
        time=_time(row["time_ns"]), latitude=row["latitude"], longitude=row["longitude"], depth_km=row["depth_km"],
        time_error_s=row["time_error_s"], horizontal_error_km=row["horizontal_error_km"],
        depth_error_km=row["depth_error_km"], rms_s=row["rms_s"], method=row["method"],
        velocity_model=row["velocity_model"], arrivals=tuple(arrivals), author=row["author"], id=row["id"],
    )


def _arrival_from_row(row: dict) -> Arrival:
    return Arrival(pick_id=row["pick_id"], phase=row["phase"], residual_s=row["residual_s"],
                   distance_km=row["distance_km"], azimuth_deg=row["azimuth_deg"])


def _id_ranges(ids: list[int]) -> list[tuple[int, int]]:
    """Sorted ids as (first, last) runs of consecutive ids."""
    ranges: list[tuple[int, int]] = []
    for row_id in ids:
        if ranges and row_id == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], row_id)
        else:
            ranges.append((row_id, row_id))
    return ranges


def check_format(path: str) -> None:
    """SessionError unless the file is a review session this version can read (checked without writing)."""
    try:
        probe = Store.connect_sqlite(path, read_only=True)
    except (SessionError, sqlite3.DatabaseError) as exc:
        raise SessionError(path, f"not a review session, or damaged ({getattr(exc, 'reason', exc)})") from exc
    try:
        fmt, version = probe.meta("format"), probe.meta("schema_version")
    finally:
        probe.close()
    if fmt != FORMAT_NAME or version is None:
        raise SessionError(path, "not a review session (or its header is damaged: `eqviewer session check` says"
                                 " what can be recovered)")
    if not version.isdigit():
        raise SessionError(path, f"damaged: schema version {version[:20]!r} is not a number")
    if int(version) > SCHEMA_VERSION:
        raise SessionError(path, f"made by a newer eqviewer (schema {version}); update eqviewer to open it")


def _check_pick_fields(path: str, **fields) -> None:
    allowed = {"onset": ONSETS, "polarity": POLARITIES}
    for name, value in fields.items():
        if name == "phase" and not value:
            raise SessionError(path, "a pick needs a phase name")
        if name in allowed and value is not None and value not in allowed[name]:
            raise SessionError(path, f"unknown {name} {value!r}; use one of {', '.join(allowed[name])}")


def _check_storable(archive: str) -> None:
    """SessionError for an archive whose name is not UTF-8: a session stores names as text and reopens the archive
    by its name, which a name with undecodable bytes cannot round-trip through."""
    if not is_utf8(archive):
        raise SessionError(archive, "the file name is not valid UTF-8, so a session cannot record it; rename the file "
                                    "(e.g. with convmv) and try again")


__all__ = ["Session", "CurveInfo", "ArchiveEntry", "REVIEW_STATES"]

