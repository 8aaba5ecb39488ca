"""The review store's data-access layer: the schema and every SQL statement, in one place.

Only this module talks SQL. It runs on the standard library's ``sqlite3`` (WAL mode, one transaction per edit).
The statements keep to SQL that PostgreSQL also runs (``ON CONFLICT ... DO UPDATE``, ``RETURNING id``, correlated
sub-queries, ``BIGINT``/``DOUBLE PRECISION`` columns), so the shared PostgreSQL backend runs the same
statements: a :class:`~eqviewer.review.dialects.Dialect` only respells ``?`` parameters, ``INTEGER PRIMARY KEY``
ids and ``BLOB``, and says how a write transaction starts. :meth:`Store.insert_rows` relies on one writer at a time
getting consecutive ids: SQLite's ``BEGIN IMMEDIATE`` and PostgreSQL's advisory write lock both give that.

Rows are never deleted: a label that is removed, replaced or undone is switched to ``active = 0``. Every edit is
journalled as a list of changes, each "set these columns of the rows ``first_id..last_id`` of one table from
``old`` to ``new``", which undo and redo replay in either direction. Per-record summaries (``record``) and the
counts by phase and status (``pick_count``) are kept up to date by :meth:`Store.apply_change`, so the queries the
GUI needs read a few indexed rows instead of scanning every pick.
"""

from __future__ import annotations

import heapq
import itertools
import json
import os
import sqlite3
import threading
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from eqviewer.errors import SessionError
from eqviewer.review.dialects import SQLITE, Dialect

SCHEMA_VERSION = 7
FORMAT_NAME = "eqviewer-review"
CACHE_KIB = 65536  # page cache per connection: keeps index inserts of a million-pick bulk edit in memory

# Tables whose rows an edit may change, and the columns a journalled change may set.
EDITABLE_COLUMNS = {
    "pick": {
        "phase", "time_ns", "probability", "uncertainty_s", "onset", "polarity", "status", "author",
        "modified_ns", "active",
    },
    "window_label": {"category", "status", "author", "modified_ns", "active"},
    "origin": {
        "active", "time_ns", "latitude", "longitude", "depth_km", "time_error_s", "horizontal_error_km",
        "depth_error_km", "rms_s", "n_picks", "depth_fixed", "azimuthal_gap_deg", "event_type", "evaluation_status",
        "velocity_model",
    },
    "arrival": {"active", "used"},
    # a relocation recomputes an event's station magnitudes at their new distances, undone with it
    "amplitude": {"distance_km", "station_magnitude", "used",
                  # the analyst's review: the window moved, the peak re-picked, accepted, rejected, excluded
                  "amplitude_m", "period_s", "time_ns", "window_start_ns", "window_end_ns", "waveform_id", "status"},
    "magnitude": {"value", "uncertainty", "station_count"},
}
# The column a journalled change's ids name, where it is not ``id`` (a magnitude is kept per origin).
KEY_COLUMNS = {"magnitude": "origin_id"}
# Tables whose rows belong to a record (their changes refresh the record summaries).
RECORD_TABLES = ("pick", "window_label")

PICK_COLUMNS = (
    "id", "record_id", "station_id", "phase", "time_ns", "probability", "uncertainty_s", "onset", "polarity",
    "status", "origin_id", "model", "author", "run_id", "created_ns", "modified_ns", "active",
)
LABEL_COLUMNS = (
    "id", "record_id", "category", "status", "station_id", "start_ns", "end_ns", "probability", "model", "author",
    "run_id", "extra", "created_ns", "modified_ns", "active",
)

# Station coordinates, located events (origins) and the picks each one explains (arrivals): schema version 2.
# An association is one edit: its origins and arrivals are inserted inactive and switched on, the earlier ones off.
EVENT_SCHEMA = (
    "CREATE TABLE station (station_key TEXT PRIMARY KEY, latitude DOUBLE PRECISION NOT NULL,"
    " longitude DOUBLE PRECISION NOT NULL, elevation_m DOUBLE PRECISION NOT NULL, channels TEXT NOT NULL,"
    " source TEXT NOT NULL)",
    "CREATE TABLE origin (id INTEGER PRIMARY KEY, time_ns BIGINT NOT NULL, latitude DOUBLE PRECISION NOT NULL,"
    " longitude DOUBLE PRECISION NOT NULL, depth_km DOUBLE PRECISION NOT NULL, time_error_s DOUBLE PRECISION,"
    " horizontal_error_km DOUBLE PRECISION, depth_error_km DOUBLE PRECISION, rms_s DOUBLE PRECISION,"
    " n_picks INTEGER NOT NULL, method TEXT NOT NULL, velocity_model TEXT NOT NULL, author TEXT,"
    " created_ns BIGINT NOT NULL, active INTEGER NOT NULL)",
    "CREATE TABLE arrival (id INTEGER PRIMARY KEY, origin_id INTEGER NOT NULL REFERENCES origin (id),"
    " pick_id INTEGER NOT NULL REFERENCES pick (id), phase TEXT NOT NULL, residual_s DOUBLE PRECISION,"
    " distance_km DOUBLE PRECISION, azimuth_deg DOUBLE PRECISION, active INTEGER NOT NULL)",
    "CREATE INDEX origin_by_time ON origin (active, time_ns)",
    "CREATE INDEX arrival_by_origin ON arrival (origin_id, active)",
    "CREATE INDEX arrival_by_pick ON arrival (pick_id, active)",
)
# What reviewing an event adds (schema version 4), by table: column, its declaration, and the value a session of
# version 3 (opened read-only, so not migrated) reads in its place. ``used``: 0 when the analyst excluded the
# arrival from the location (the pick itself stands); ``weight``: its weight in the location (0 when not used).
EVENT_REVIEW_COLUMNS = {
    "origin": (("depth_fixed", "INTEGER NOT NULL DEFAULT 0", "0"),
               ("azimuthal_gap_deg", "DOUBLE PRECISION", "NULL"),
               ("event_type", "TEXT", "NULL")),
    "arrival": (("used", "INTEGER NOT NULL DEFAULT 1", "1"), ("weight", "DOUBLE PRECISION", "NULL")),
}
EVENT_REVIEW_SCHEMA = tuple(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}"
                            for table, columns in EVENT_REVIEW_COLUMNS.items() for name, declaration, _ in columns)
# The amplitudes measured for an event, their station magnitudes and the event's magnitude (schema version 5).
# Derived values, not edits: measuring an event again replaces its rows; they follow the origin they belong to.
MAGNITUDE_SCHEMA = (
    "CREATE TABLE amplitude (id INTEGER PRIMARY KEY, origin_id INTEGER NOT NULL REFERENCES origin (id),"
    " station_key TEXT NOT NULL, waveform_id TEXT NOT NULL, amplitude_m DOUBLE PRECISION NOT NULL,"
    " period_s DOUBLE PRECISION, time_ns BIGINT NOT NULL, window_start_ns BIGINT NOT NULL,"
    " window_end_ns BIGINT NOT NULL, distance_km DOUBLE PRECISION NOT NULL, status TEXT NOT NULL,"
    " station_magnitude DOUBLE PRECISION, correction DOUBLE PRECISION NOT NULL, used INTEGER NOT NULL,"
    " created_ns BIGINT NOT NULL)",
    "CREATE TABLE magnitude (origin_id INTEGER PRIMARY KEY REFERENCES origin (id), kind TEXT NOT NULL,"
    " value DOUBLE PRECISION NOT NULL, uncertainty DOUBLE PRECISION, station_count INTEGER NOT NULL,"
    " method TEXT NOT NULL, created_ns BIGINT NOT NULL)",
    "CREATE INDEX amplitude_by_origin ON amplitude (origin_id, station_key)",
)
# Committing an event (schema version 6): its QuakeML evaluation status ("final" once committed; NULL: not set).
COMMIT_COLUMNS = {"origin": (("evaluation_status", "TEXT", "NULL"),)}
COMMIT_SCHEMA = tuple(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}"
                      for table, columns in COMMIT_COLUMNS.items() for name, declaration, _ in columns)
# The velocity model fitted to reviewed events (schema version 7), not an edit: each value with its spread and the
# count it came from, by name ("vp/vs", or "P NET.STA.LOC" / "S NET.STA.LOC" for a station's delay, s).
MODEL_FIT_SCHEMA = (
    "CREATE TABLE model_fit (name TEXT PRIMARY KEY, value DOUBLE PRECISION NOT NULL, spread DOUBLE PRECISION,"
    " count INTEGER NOT NULL, created_ns BIGINT NOT NULL)",
)
MODEL_FIT_COLUMNS = ("name", "value", "spread", "count", "created_ns")
AMPLITUDE_COLUMNS = (
    "origin_id", "station_key", "waveform_id", "amplitude_m", "period_s", "time_ns", "window_start_ns",
    "window_end_ns", "distance_km", "status", "station_magnitude", "correction", "used", "created_ns",
)
MAGNITUDE_COLUMNS = ("origin_id", "kind", "value", "uncertainty", "station_count", "method", "created_ns")
ORIGIN_COLUMNS = (
    "id", "time_ns", "latitude", "longitude", "depth_km", "time_error_s", "horizontal_error_km", "depth_error_km",
    "rms_s", "n_picks", "method", "velocity_model", "author", "created_ns", "active",
    *(name for name, _, _ in EVENT_REVIEW_COLUMNS["origin"]), *(name for name, _, _ in COMMIT_COLUMNS["origin"]),
)
ARRIVAL_COLUMNS = ("id", "origin_id", "pick_id", "phase", "residual_s", "distance_km", "azimuth_deg", "active",
                   *(name for name, _, _ in EVENT_REVIEW_COLUMNS["arrival"]))
STATION_COLUMNS = ("station_key", "latitude", "longitude", "elevation_m", "channels", "source")

SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE archive (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size BIGINT NOT NULL,"
    " checksum TEXT NOT NULL, format TEXT NOT NULL, added_ns BIGINT NOT NULL)",
    "CREATE TABLE run (id INTEGER PRIMARY KEY, info TEXT NOT NULL, created_ns BIGINT NOT NULL)",
    # state: 0 unreviewed, 1 in progress, 2 done; peak: highest model probability among the record's labels.
    "CREATE TABLE record (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, station_id TEXT NOT NULL,"
    " n_automatic INTEGER NOT NULL DEFAULT 0, n_reviewed INTEGER NOT NULL DEFAULT 0,"
    " n_labels INTEGER NOT NULL DEFAULT 0, peak DOUBLE PRECISION, state INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE pick (id INTEGER PRIMARY KEY, record_id INTEGER NOT NULL REFERENCES record (id),"
    " station_id TEXT NOT NULL, phase TEXT NOT NULL, time_ns BIGINT NOT NULL, probability DOUBLE PRECISION,"
    " uncertainty_s DOUBLE PRECISION, onset TEXT, polarity TEXT, status TEXT NOT NULL, origin_id INTEGER,"
    " model TEXT, author TEXT, run_id INTEGER, created_ns BIGINT NOT NULL, modified_ns BIGINT NOT NULL,"
    " active INTEGER NOT NULL)",
    "CREATE TABLE window_label (id INTEGER PRIMARY KEY, record_id INTEGER NOT NULL REFERENCES record (id),"
    " category TEXT NOT NULL, status TEXT NOT NULL, station_id TEXT NOT NULL, start_ns BIGINT, end_ns BIGINT,"
    " probability DOUBLE PRECISION, model TEXT, author TEXT, run_id INTEGER, extra TEXT NOT NULL,"
    " created_ns BIGINT NOT NULL, modified_ns BIGINT NOT NULL, active INTEGER NOT NULL)",
    "CREATE TABLE curve (record_id INTEGER NOT NULL REFERENCES record (id), name TEXT NOT NULL,"
    " start_ns BIGINT NOT NULL, sampling_rate DOUBLE PRECISION NOT NULL, n_samples INTEGER NOT NULL,"
    " data BLOB NOT NULL, encoding TEXT NOT NULL DEFAULT 'f4', PRIMARY KEY (record_id, name))",
    "CREATE TABLE pick_count (phase TEXT NOT NULL, status TEXT NOT NULL, n BIGINT NOT NULL,"
    " PRIMARY KEY (phase, status))",
    # state: done, undone, or discarded (undone, then a new edit was made: it can no longer be redone).
    "CREATE TABLE edit (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, author TEXT, created_ns BIGINT NOT NULL,"
    " state TEXT NOT NULL)",
    "CREATE TABLE edit_change (edit_id INTEGER NOT NULL REFERENCES edit (id), seq INTEGER NOT NULL,"
    " tbl TEXT NOT NULL, first_id BIGINT NOT NULL, last_id BIGINT NOT NULL, old_values TEXT NOT NULL,"
    " new_values TEXT NOT NULL, PRIMARY KEY (edit_id, seq))",
    *EVENT_SCHEMA,
    *EVENT_REVIEW_SCHEMA,
    *MAGNITUDE_SCHEMA,
    *COMMIT_SCHEMA,
    *MODEL_FIT_SCHEMA,
    "CREATE INDEX pick_by_record ON pick (record_id, active, time_ns)",
    "CREATE INDEX pick_by_station ON pick (station_id, time_ns)",
    "CREATE INDEX pick_by_status ON pick (status, phase)",
    "CREATE INDEX label_by_record ON window_label (record_id, active)",
    "CREATE INDEX record_by_state ON record (state, name)",
    "CREATE INDEX record_by_peak ON record (peak, state, name)",
    "CREATE INDEX edit_by_state ON edit (state, id)",
)

_REFRESH_RECORDS = (
    "UPDATE record SET"
    " n_automatic = (SELECT COUNT(*) FROM pick p WHERE p.record_id = record.id AND p.active = 1"
    "  AND p.status = 'automatic'),"
    " n_reviewed = (SELECT COUNT(*) FROM pick p WHERE p.record_id = record.id AND p.active = 1"
    "  AND p.status <> 'automatic'),"
    " n_labels = (SELECT COUNT(*) FROM window_label w WHERE w.record_id = record.id AND w.active = 1"
    "  AND w.status <> 'automatic'),"
    " peak = (SELECT MAX(u.x) FROM (SELECT p.probability AS x FROM pick p WHERE p.record_id = record.id"
    "  AND p.active = 1 UNION ALL SELECT w.probability AS x FROM window_label w"
    "  WHERE w.record_id = record.id AND w.active = 1) u)"
    " WHERE id IN ({ids})"
)
_REFRESH_STATE = (
    "UPDATE record SET state = CASE WHEN n_reviewed + n_labels = 0 THEN 0 WHEN n_automatic > 0 THEN 1 ELSE 2 END"
    " WHERE id IN ({ids})"
)
_CHUNK = 500
MIGRATIONS = {
    # 2: curves stored compactly (eqviewer.review.curve_codec); the curves already stored keep float32 ("f4").
    2: ("ALTER TABLE curve ADD COLUMN encoding TEXT NOT NULL DEFAULT 'f4'",),
    # 3: station coordinates, located events and their arrivals.
    3: EVENT_SCHEMA,
    # 4: reviewing events: arrivals excluded from the location and their weights, fixed depths, azimuthal gaps and
    # event types.
    4: EVENT_REVIEW_SCHEMA,
    # 5: amplitudes and local magnitudes of events.
    5: MAGNITUDE_SCHEMA,
    # 6: committed events (their evaluation status).
    6: COMMIT_SCHEMA,
    # 7: the velocity model fitted to reviewed events (vp/vs, station delays).
    7: MODEL_FIT_SCHEMA,
}
"""The statements that bring a session to each schema version from the one before it."""


@dataclass(frozen=True)
class Change:
    """One journalled change: columns of rows ``first_id..last_id`` of ``table`` go from ``old`` to ``new``."""

    table: str
    first_id: int
    last_id: int
    old: dict
    new: dict


class Store:
    """The SQL side of a session: one DB-API connection and the statements the session needs.

    ``dialect`` spells the statements for the database (SQLite, or PostgreSQL through
    :mod:`eqviewer.review.backend_postgres`); the connection is in autocommit mode and transactions are explicit.
    """

    def __init__(self, connection, dialect: Dialect = SQLITE, path: str | None = None):
        self.connection = connection
        self.dialect = dialect
        self.path = path  # the SQLite file, named in the SessionError a damaged or full file gives
        self._lock = threading.RLock()  # one transaction at a time when a GUI worker thread shares the session

    @classmethod
    def connect_sqlite(cls, path: str, read_only: bool, only_reads: bool = False) -> "Store":
        """Open an existing SQLite file (a missing one is not created); ``read_only`` refuses every write (until
        :meth:`allow_writes`), else it is in WAL mode with full fsync on commit. ``only_reads`` opens it read-only
        for good: closing it then never checkpoints nor removes the ``-wal``/``-shm`` files a writer left.

        Text that is not valid UTF-8 (a damaged file) is read with replacement characters instead of failing.
        SessionError when the file cannot be opened as a database.
        """
        store = cls(sqlite_connection(path, only_reads, timeout=10.0), path=path)
        store.connection.text_factory = lenient_text
        with store.sqlite_errors():
            store.connection.execute("PRAGMA foreign_keys = ON")
            store.connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            store.connection.execute("PRAGMA query_only = ON")
        if not read_only:
            store.allow_writes()
        return store

    def allow_writes(self) -> None:
        """Let a SQLite connection opened read-only write: WAL mode, full fsync on commit (the first statements
        that may change the file, so a connection can check what the file is before it changes it)."""
        with self.sqlite_errors():
            self.connection.execute("PRAGMA query_only = OFF")
            self.connection.execute("PRAGMA journal_mode = WAL")
            self.connection.execute("PRAGMA synchronous = FULL")

    @contextmanager
    def sqlite_errors(self) -> Iterator[None]:
        """Turn SQLite's errors about the file (damaged, not a database, disk full, busy) into a SessionError."""
        try:
            yield
        except sqlite3.IntegrityError:
            raise  # a broken rule of the schema is a programming error, not a problem of the file
        except sqlite3.DatabaseError as exc:
            raise SessionError(self.path, sqlite_problem(exc)) from exc
        except UnicodeDecodeError as exc:  # a table or column name of a damaged schema
            raise SessionError(self.path, f"damaged: its schema holds text that is not UTF-8 ({exc.reason})") from exc

    def close(self, leave_wal: bool = False) -> None:
        """Close the connection; ``leave_wal`` folds the WAL back into the file (all of it when no one else has it
        open, else what no reader still needs).

        A file at rest in rollback-journal mode can be read where no ``-wal``/``-shm`` files can be made (a
        read-only folder or medium). With other connections open the switch is skipped at once (no waiting).
        """
        if leave_wal and self.dialect is SQLITE:
            try:
                self.connection.execute("PRAGMA busy_timeout = 0")
                self.connection.execute("PRAGMA journal_mode = DELETE")
            except sqlite3.DatabaseError:
                # another process still reads the session: it stays in WAL mode, which is just as sound, and
                # the pages no reader needs are copied into the session file
                try:
                    self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.DatabaseError:
                    pass  # a damaged file: nothing more can be done here, and closing must not fail
        self.connection.close()

    # -- transactions ------------------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken at once (no upgrade dead-lock); committed on success, else rolled back."""
        with self._lock:
            with self.sqlite_errors():
                for statement in self.dialect.begin:
                    self.connection.execute(statement)
            try:
                yield
            except BaseException:
                if getattr(self.connection, "in_transaction", True):
                    self.connection.execute("ROLLBACK")
                raise
            with self.sqlite_errors():
                self.connection.execute("COMMIT")
            self.checkpoint()

    def checkpoint(self) -> None:
        """Copy the committed pages of the ``-wal`` file into the SQLite file itself, so that the session file
        alone holds every edit (a copy of it, or what is left after a crash).

        Done after every commit: an edit took 16-22 ms instead of 5-8 ms on the development machine (measured by
        benchmarks/session_edits.py), unnoticeable at an analyst's pace.
        PASSIVE: it never waits for readers; pages a reader still needs are copied at a later checkpoint.
        """
        if self.dialect is SQLITE:
            with self.sqlite_errors():
                self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def execute(self, sql: str, params: Sequence = ()) -> "Rows":
        """Run one statement; the rows it returns (all fetched, so a damaged page is met here)."""
        with self.sqlite_errors():
            cursor = self.connection.execute(self.dialect.sql(sql), params)
            return Rows(cursor.fetchall() if cursor.description else ())

    def executemany(self, sql: str, rows: Iterable[Sequence]) -> None:
        """Run one statement for each row of parameters (rows may be a generator)."""
        with self.sqlite_errors():
            self.connection.cursor().executemany(self.dialect.sql(sql), rows)

    def scalar(self, sql: str, params: Sequence = ()):
        """The first column of the first row, or None."""
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    # -- schema and metadata -----------------------------------------------------------------------------------
    def create_schema(self, created_ns: int) -> None:
        """Create every table and index of an empty session."""
        with self.transaction():
            for statement in SCHEMA:
                self.execute(self.dialect.ddl(statement))
            for key, value in (("format", FORMAT_NAME), ("schema_version", str(SCHEMA_VERSION)),
                               ("created_ns", str(created_ns))):
                self.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))

    def check_format(self, label: str, not_a_session: str) -> None:
        """SessionError naming ``label`` unless this is a review session this version can read (``not_a_session``
        says what to do when it is none at all); reads only."""
        fmt, version = self.meta("format"), self.meta("schema_version")
        if fmt != FORMAT_NAME or version is None:
            raise SessionError(label, not_a_session)
        if not version.isdigit():
            raise SessionError(label, f"damaged: schema version {version[:20]!r} is not a number")
        if int(version) > SCHEMA_VERSION:
            raise SessionError(label, f"made by a newer eqviewer (schema {version}); update eqviewer to open it")

    def meta(self, key: str) -> str | None:
        """A value of the meta table, or None (also when the table does not exist)."""
        try:
            return self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        except (SessionError, *self.dialect.errors):
            return None

    def migrate(self) -> None:
        """Bring a session made by an older eqviewer up to :data:`SCHEMA_VERSION` (new tables only; every
        existing row stays as it is)."""
        version = int(self.meta("schema_version") or SCHEMA_VERSION)
        if version >= SCHEMA_VERSION:
            return
        with self.transaction():
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS.get(target, ()):
                    self.execute(self.dialect.ddl(statement))
            self.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))

    def has_events(self) -> bool:
        """Whether the session has the station, origin and arrival tables (a read-only older session may not)."""
        return int(self.meta("schema_version") or 0) >= 3

    def integrity_errors(self) -> list[str]:
        """What ``PRAGMA integrity_check`` reports, empty when the file is sound (a server checks itself)."""
        if self.dialect is not SQLITE:
            return []
        rows = [r[0] for r in self.execute("PRAGMA integrity_check").fetchall()]
        return [] if rows == ["ok"] else rows

    # -- archives and runs -------------------------------------------------------------------------------------
    def add_archive(self, path: str, size: int, checksum: str, fmt: str, added_ns: int) -> None:
        """List an archive (or refresh its size and checksum when it is listed already)."""
        self.execute(
            "INSERT INTO archive (path, size, checksum, format, added_ns) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (path) DO UPDATE SET size = excluded.size, checksum = excluded.checksum,"
            " format = excluded.format",
            (path, size, checksum, fmt, added_ns),
        )

    def archives(self) -> list[tuple]:
        """(path, size, checksum, format) of every listed archive, in the order they were added."""
        return self.execute("SELECT path, size, checksum, format FROM archive ORDER BY id").fetchall()

    def add_run(self, info: dict, created_ns: int) -> int:
        """Store a detection run's description; its id."""
        return self.scalar("INSERT INTO run (info, created_ns) VALUES (?, ?) RETURNING id",
                           (json.dumps(info, default=str), created_ns))

    def runs(self) -> list[tuple[int, str, int]]:
        """(id, info JSON, created_ns) of every stored detection run, oldest first."""
        return self.execute("SELECT id, info, created_ns FROM run ORDER BY id").fetchall()

    # -- records -----------------------------------------------------------------------------------------------
    def record_ids(self, names_and_stations: dict[str, str]) -> dict[str, int]:
        """Ids of the named records, creating the missing ones (with the given station ids)."""
        self.executemany(
            "INSERT INTO record (name, station_id) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            list(names_and_stations.items()),
        )
        ids: dict[str, int] = {}
        names = list(names_and_stations)
        for i in range(0, len(names), _CHUNK):
            chunk = names[i:i + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            ids.update(self.execute(f"SELECT name, id FROM record WHERE name IN ({marks})", chunk).fetchall())
        return ids

    def record_id(self, name: str) -> int | None:
        """The id of a record, or None when the session knows nothing of it."""
        return self.scalar("SELECT id FROM record WHERE name = ?", (name,))

    def record_state(self, name: str) -> int | None:
        """0 unreviewed, 1 in progress, 2 done; None for an unknown record."""
        return self.scalar("SELECT state FROM record WHERE name = ?", (name,))

    def record_names(self) -> list[str]:
        """Every record's name, sorted."""
        return [r[0] for r in self.execute("SELECT name FROM record ORDER BY name")]

    def next_record_not_done(self, after: str | None) -> str | None:
        """The first record (by name, after ``after``) that is not done."""
        best = None
        for state in (0, 1):
            sql = "SELECT name FROM record WHERE state = ?" + (" AND name > ?" if after is not None else "")
            sql += " ORDER BY name LIMIT 1"
            name = self.scalar(sql, (state, after) if after is not None else (state,))
            if name is not None and (best is None or name < best):
                best = name
        return best

    def records_near_peak(self, threshold: float, limit: int | None) -> list[str]:
        """Names of records not done, those whose peak probability is closest to ``threshold`` first.

        Two index range scans (peaks above and below the threshold, each already in order of distance) merged.
        """
        tail = "" if limit is None else f" LIMIT {int(limit)}"
        above = self.execute("SELECT peak - ?, name FROM record WHERE peak >= ? AND state < 2 ORDER BY peak" + tail,
                             (threshold, threshold))
        below = self.execute("SELECT ? - peak, name FROM record WHERE peak < ? AND state < 2 ORDER BY peak DESC"
                             + tail, (threshold, threshold))
        merged = (name for _, name in heapq.merge(above.fetchall(), below.fetchall()))
        return list(merged if limit is None else itertools.islice(merged, limit))

    def rebuild_summaries(self) -> None:
        """Recompute every record summary and the pick counts from the rows (after rows were salvaged)."""
        every = "SELECT id FROM record"
        self.execute(_REFRESH_RECORDS.format(ids=every))
        self.execute(_REFRESH_STATE.format(ids=every))
        self.execute("DELETE FROM pick_count")
        self._account_picks(0, self.max_id("pick"), +1)

    def refresh_records(self, table: str, first_id: int, last_id: int) -> None:
        """Recompute the summaries of the records that rows ``first_id..last_id`` of ``table`` belong to."""
        ids = f"SELECT record_id FROM {table} WHERE id BETWEEN ? AND ?"
        self.execute(_REFRESH_RECORDS.format(ids=ids), (first_id, last_id))
        self.execute(_REFRESH_STATE.format(ids=ids), (first_id, last_id))

    # -- labels ------------------------------------------------------------------------------------------------
    def max_id(self, table: str) -> int:
        """The highest row id of a table (0 when empty)."""
        return int(self.scalar(f"SELECT MAX(id) FROM {_table(table)}") or 0)

    def insert_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> tuple[int, int]:
        """Insert rows in order; the (first, last) ids they got (first > last when there were none).

        The caller holds the write transaction, so the new ids are exactly those above the previous maximum.
        """
        before = self.max_id(table)
        marks = ", ".join("?" * len(columns))
        self.executemany(f"INSERT INTO {_table(table)} ({', '.join(columns)}) VALUES ({marks})", rows)
        return before + 1, self.max_id(table)

    def row(self, table: str, row_id: int) -> dict | None:
        """One row of ``pick`` or ``window_label`` as a dict with the record's name under ``record``."""
        rows = self.select(table, {"id": row_id}, active_only=False)
        return rows[0] if rows else None

    def select(
        self,
        table: str,
        equal: Mapping[str, object] | None = None,
        *,
        within: tuple[str, int, int] | None = None,
        active_only: bool = True,
        order: Sequence[str] | None = None,
    ) -> list[dict]:
        """Rows of ``pick`` or ``window_label`` as dicts with the record's name under ``record``: those whose
        columns equal the values of ``equal`` (None matches NULL), whose column ``within[0]`` lies in
        [``within[1]``, ``within[2]``), and (``active_only``) that are active, sorted by the ``order`` columns
        (default: by time, then id)."""
        columns = PICK_COLUMNS if table == "pick" else LABEL_COLUMNS
        order = order or ("time_ns" if table == "pick" else "start_ns", "id")
        named = [*(equal or {}), *(within[:1] if within else ()), *order]
        unknown = [c for c in named if c not in columns]
        if unknown:
            raise ValueError(f"table {table} has no column {', '.join(unknown)}")
        clauses, params = [], []
        for column, value in (equal or {}).items():
            clauses.append(f"t.{column} IS NULL" if value is None else f"t.{column} = ?")
            params += [] if value is None else [value]
        if within is not None:
            clauses.append(f"t.{within[0]} >= ? AND t.{within[0]} < ?")
            params += [within[1], within[2]]
        if active_only:
            clauses.append("t.active = 1")
        sql = (f"SELECT {', '.join('t.' + c for c in columns)}, r.name FROM {_table(table)} t"
               f" JOIN record r ON r.id = t.record_id")
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY " + ", ".join(f"t.{c}" for c in order)
        keys = (*columns, "record")
        return [dict(zip(keys, row)) for row in self.execute(sql, params)]

    def counts(self) -> dict[tuple[str, str], int]:
        """Active picks by (phase, status)."""
        return {(p, s): n for p, s, n in self.execute("SELECT phase, status, n FROM pick_count WHERE n > 0")}

    def _account_picks(self, first_id: int, last_id: int, sign: int) -> None:
        rows = self.execute(
            "SELECT phase, status, COUNT(*) FROM pick WHERE id BETWEEN ? AND ? AND active = 1 GROUP BY phase, status",
            (first_id, last_id),
        ).fetchall()
        self.executemany(
            "INSERT INTO pick_count (phase, status, n) VALUES (?, ?, ?)"
            " ON CONFLICT (phase, status) DO UPDATE SET n = pick_count.n + excluded.n",
            [(phase, status, sign * n) for phase, status, n in rows],
        )

    def apply_change(self, change: Change, values: dict) -> None:
        """Set ``values`` (the change's old or new values) on its rows, keeping counts and summaries right."""
        table = _table(change.table)
        bad = set(values) - EDITABLE_COLUMNS[table]
        if bad:
            raise ValueError(f"columns {sorted(bad)} of {table} cannot be edited")
        if table == "pick":
            self._account_picks(change.first_id, change.last_id, -1)
        if values:
            assignments = ", ".join(f"{column} = ?" for column in values)
            self.execute(f"UPDATE {table} SET {assignments} WHERE {KEY_COLUMNS.get(table, 'id')} BETWEEN ? AND ?",
                         (*values.values(), change.first_id, change.last_id))
        if table == "pick":
            self._account_picks(change.first_id, change.last_id, +1)
        if table in RECORD_TABLES:
            self.refresh_records(table, change.first_id, change.last_id)

    def account_new_rows(self, table: str, first_id: int, last_id: int) -> None:
        """Count freshly inserted active rows into the counts and record summaries."""
        if table == "pick":
            self._account_picks(first_id, last_id, +1)
        if table in RECORD_TABLES:
            self.refresh_records(table, first_id, last_id)

    # -- journal -----------------------------------------------------------------------------------------------
    def journal(self, kind: str, author: str | None, created_ns: int, changes: Sequence[Change],
                own_history: bool = False) -> int:
        """Record a new edit (dropping what could still be redone: the author's own undone edits only when
        ``own_history``, as in a shared session where each analyst undoes their own edits); its id."""
        if own_history:
            self.execute("UPDATE edit SET state = 'discarded' WHERE state = 'undone' AND author = ?", (author,))
        else:
            self.execute("UPDATE edit SET state = 'discarded' WHERE state = 'undone'")
        edit_id = self.scalar("INSERT INTO edit (kind, author, created_ns, state) VALUES (?, ?, ?, 'done') RETURNING id",
                              (kind, author, created_ns))
        self._journal_changes(edit_id, 0, changes)
        return edit_id

    def extend_edit(self, edit_id: int, changes: Sequence[Change]) -> None:
        """Apply ``changes`` and add them to the end of the edit ``edit_id`` (undone and redone with it)."""
        seq = int(self.scalar("SELECT COALESCE(MAX(seq), -1) FROM edit_change WHERE edit_id = ?", (edit_id,)))
        for change in changes:
            self.apply_change(change, change.new)
        self._journal_changes(edit_id, seq + 1, changes)

    def _journal_changes(self, edit_id: int, first_seq: int, changes: Sequence[Change]) -> None:
        self.executemany(
            "INSERT INTO edit_change (edit_id, seq, tbl, first_id, last_id, old_values, new_values)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(edit_id, first_seq + n, c.table, c.first_id, c.last_id, json.dumps(c.old), json.dumps(c.new))
             for n, c in enumerate(changes)],
        )

    def last_edit(self, state: str, author: str | None = None) -> int | None:
        """The newest 'done' edit (to undo) or the oldest 'undone' one (to redo); only ``author``'s when given."""
        order = "DESC" if state == "done" else "ASC"
        if author is None:
            return self.scalar(f"SELECT id FROM edit WHERE state = ? ORDER BY id {order} LIMIT 1", (state,))
        return self.scalar(f"SELECT id FROM edit WHERE state = ? AND author = ? ORDER BY id {order} LIMIT 1",
                           (state, author))

    def journal_token(self) -> tuple[int, int]:
        """(newest edit id, sum of the ids of edits in force): it changes with every edit, undo and redo, so a
        viewer polling it sees when another analyst changed a shared session."""
        row = self.execute("SELECT MAX(id), SUM(CASE WHEN state = 'done' THEN id ELSE 0 END) FROM edit").fetchone()
        return int(row[0] or 0), int(row[1] or 0)

    def edit_changes(self, edit_id: int) -> list[Change]:
        """The changes of an edit, in the order they were made."""
        rows = self.execute("SELECT tbl, first_id, last_id, old_values, new_values FROM edit_change"
                            " WHERE edit_id = ? ORDER BY seq", (edit_id,))
        return [Change(t, a, b, json.loads(old), json.loads(new)) for t, a, b, old, new in rows]

    def later_authors(self, edit_id: int, author: str | None) -> list[str]:
        """Authors other than ``author`` of edits in force, newer than ``edit_id``, that changed rows it changed."""
        rows = self.execute(
            "SELECT DISTINCT e.author FROM edit_change c JOIN edit e ON e.id = c.edit_id"
            " JOIN edit_change o ON o.edit_id = ? AND o.tbl = c.tbl AND o.first_id <= c.last_id AND c.first_id <= o.last_id"
            " WHERE e.id > ? AND e.state = 'done' AND e.author IS DISTINCT FROM ? ORDER BY e.author",
            (edit_id, edit_id, author),
        )
        return [row[0] or "someone" for row in rows]

    def set_edit_state(self, edit_id: int, state: str) -> None:
        """Mark an edit done or undone."""
        self.execute("UPDATE edit SET state = ? WHERE id = ?", (state, edit_id))

    # -- stations, origins and arrivals --------------------------------------------------------------------------
    def put_stations(self, rows: Sequence[Sequence]) -> None:
        """Store or replace station coordinates, rows in :data:`STATION_COLUMNS` order (not undoable: metadata)."""
        marks = ", ".join("?" * len(STATION_COLUMNS))
        updates = ", ".join(f"{c} = excluded.{c}" for c in STATION_COLUMNS[1:])
        self.executemany(f"INSERT INTO station ({', '.join(STATION_COLUMNS)}) VALUES ({marks})"
                         f" ON CONFLICT (station_key) DO UPDATE SET {updates}", rows)

    def stations(self) -> list[dict]:
        """Every stored station as a dict of :data:`STATION_COLUMNS`, by key."""
        if not self.has_events():
            return []
        sql = f"SELECT {', '.join(STATION_COLUMNS)} FROM station ORDER BY station_key"
        return [dict(zip(STATION_COLUMNS, row)) for row in self.execute(sql)]

    def insert_origin(self, values: dict) -> int:
        """Insert one origin (inactive until its edit switches it on); its id."""
        first, _ = self._insert("origin", values)
        return first

    def insert_arrivals(self, rows: Iterable[Sequence]) -> tuple[int, int]:
        """Insert arrival rows (ARRIVAL_COLUMNS without id); the (first, last) ids."""
        before = self.max_id("arrival")
        marks = ", ".join("?" * (len(ARRIVAL_COLUMNS) - 1))
        self.executemany(f"INSERT INTO arrival ({', '.join(ARRIVAL_COLUMNS[1:])}) VALUES ({marks})", rows)
        return before + 1, self.max_id("arrival")

    def _insert(self, table: str, values: dict) -> tuple[int, int]:
        return self.insert_rows(table, tuple(values), [tuple(values.values())])

    def active_ids(self, table: str) -> list[int]:
        """Ids of the active rows of ``origin`` or ``arrival``, ascending."""
        if table not in ("origin", "arrival"):
            raise ValueError(f"not an event table: {table}")
        if not self.has_events():
            return []
        return [r[0] for r in self.execute(f"SELECT id FROM {table} WHERE active = 1 ORDER BY id")]

    def origins(self, where: str = "", params: Sequence = ()) -> list[dict]:
        """Active origins (aliased ``o``) matching ``where``, in time order, as dicts of :data:`ORIGIN_COLUMNS`."""
        if not self.has_events():
            return []
        sql = f"SELECT {self._event_columns('origin', ORIGIN_COLUMNS, 'o.')} FROM origin o WHERE o.active = 1"
        sql += f" AND {where}" if where else ""
        return [dict(zip(ORIGIN_COLUMNS, row)) for row in self.execute(sql + " ORDER BY o.time_ns, o.id", params)]

    def arrivals(self, origin_id: int | None = None) -> list[dict]:
        """Active arrivals (of one origin, or all), as dicts of :data:`ARRIVAL_COLUMNS`, by origin then pick."""
        if not self.has_events():
            return []
        sql = f"SELECT {self._event_columns('arrival', ARRIVAL_COLUMNS)} FROM arrival WHERE active = 1"
        params: tuple = ()
        if origin_id is not None:
            sql, params = sql + " AND origin_id = ?", (origin_id,)
        return [dict(zip(ARRIVAL_COLUMNS, row)) for row in self.execute(sql + " ORDER BY origin_id, pick_id", params)]

    def _event_columns(self, table: str, columns: Sequence[str], alias: str = "") -> str:
        """The select list of ``columns`` of an event table; a session of schema 3 (read-only, not migrated) reads
        the defaults of the columns reviewing added, one older than schema 6 those committing added."""
        version = int(self.meta("schema_version") or 0)
        missing = {} if version >= 4 else {name: default for name, _, default in EVENT_REVIEW_COLUMNS[table]}
        if version < 6:
            missing |= {name: default for name, _, default in COMMIT_COLUMNS.get(table, ())}
        return ", ".join(f"{missing[c]} AS {c}" if c in missing else alias + c for c in columns)

    def corrections(self, pick_ids: Iterable[int]) -> dict[int, int]:
        """The active pick that corrects each of ``pick_ids`` (a moved or re-phased machine pick), by its id."""
        ids = [int(i) for i in pick_ids]
        found: dict[int, int] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            rows = self.execute(f"SELECT origin_id, id FROM pick WHERE active = 1 AND origin_id IN"
                                f" ({', '.join('?' * len(chunk))})", chunk)
            found.update({int(a): int(b) for a, b in rows})
        return found

    def unassociated_pick_ids(self) -> list[int]:
        """Active P and S picks, not rejected, that no active arrival explains (likely noise once an association
        has run)."""
        if not self.has_events():
            return []
        return [r[0] for r in self.execute(
            "SELECT p.id FROM pick p WHERE p.active = 1 AND p.phase IN ('P', 'S') AND p.status <> 'rejected'"
            " AND NOT EXISTS"
            " (SELECT 1 FROM arrival a WHERE a.pick_id = p.id AND a.active = 1) ORDER BY p.time_ns, p.id")]

    # -- amplitudes and magnitudes ----------------------------------------------------------------------------
    def has_magnitudes(self) -> bool:
        """Whether the session has the amplitude and magnitude tables (a read-only older session may not)."""
        return int(self.meta("schema_version") or 0) >= 5

    def put_magnitude(self, origin_id: int, amplitudes: Sequence[Sequence], magnitude: Sequence | None) -> None:
        """Replace an origin's amplitudes (rows in :data:`AMPLITUDE_COLUMNS` order) and its magnitude (a row in
        :data:`MAGNITUDE_COLUMNS` order, or None for none); inside the caller's transaction."""
        self.execute("DELETE FROM amplitude WHERE origin_id = ?", (origin_id,))
        self.execute("DELETE FROM magnitude WHERE origin_id = ?", (origin_id,))
        marks = ", ".join("?" * len(AMPLITUDE_COLUMNS))
        self.executemany(f"INSERT INTO amplitude ({', '.join(AMPLITUDE_COLUMNS)}) VALUES ({marks})", amplitudes)
        if magnitude is not None:
            marks = ", ".join("?" * len(MAGNITUDE_COLUMNS))
            self.execute(f"INSERT INTO magnitude ({', '.join(MAGNITUDE_COLUMNS)}) VALUES ({marks})", magnitude)

    def amplitudes(self, origin_id: int) -> list[dict]:
        """An origin's amplitudes as dicts of :data:`AMPLITUDE_COLUMNS` and ``id``, by station."""
        if not self.has_magnitudes():
            return []
        sql = (f"SELECT id, {', '.join(AMPLITUDE_COLUMNS)} FROM amplitude WHERE origin_id = ?"
               " ORDER BY station_key, id")
        return [dict(zip(("id", *AMPLITUDE_COLUMNS), row)) for row in self.execute(sql, (origin_id,))]

    def magnitude(self, origin_id: int) -> dict | None:
        """An origin's magnitude as a dict of :data:`MAGNITUDE_COLUMNS`, or None."""
        if not self.has_magnitudes():
            return None
        row = self.execute(f"SELECT {', '.join(MAGNITUDE_COLUMNS)} FROM magnitude WHERE origin_id = ?",
                           (origin_id,)).fetchone()
        return None if row is None else dict(zip(MAGNITUDE_COLUMNS, row))

    # -- the fitted velocity model ----------------------------------------------------------------------------
    def put_model_fit(self, rows: Sequence[Sequence]) -> None:
        """Replace the fitted model's values by ``rows`` in :data:`MODEL_FIT_COLUMNS` order (empty: no fit);
        inside the caller's transaction."""
        self.execute("DELETE FROM model_fit")
        marks = ", ".join("?" * len(MODEL_FIT_COLUMNS))
        self.executemany(f"INSERT INTO model_fit ({', '.join(MODEL_FIT_COLUMNS)}) VALUES ({marks})", rows)

    def model_fit(self) -> list[dict]:
        """The fitted model's values as dicts of :data:`MODEL_FIT_COLUMNS`, by name (none in an older session)."""
        if int(self.meta("schema_version") or 0) < 7:
            return []
        sql = f"SELECT {', '.join(MODEL_FIT_COLUMNS)} FROM model_fit ORDER BY name"
        return [dict(zip(MODEL_FIT_COLUMNS, row)) for row in self.execute(sql)]

    # -- curves ------------------------------------------------------------------------------------------------
    def put_curves(self, record_id: int, start_ns: int, curves: dict[str, tuple[float, int, str, bytes]]) -> None:
        """Replace a record's stored curves by (rate, n_samples, encoding, encoded bytes) per name."""
        self.execute("DELETE FROM curve WHERE record_id = ?", (record_id,))
        self.executemany(
            "INSERT INTO curve (record_id, name, start_ns, sampling_rate, n_samples, encoding, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(record_id, name, start_ns, rate, n, encoding, data)
             for name, (rate, n, encoding, data) in curves.items()],
        )

    def curve_timing(self, record_id: int) -> tuple[int, float] | None:
        """(start_ns, highest rate) of a record's stored curves, without reading them; None when there are none."""
        return self.execute("SELECT start_ns, sampling_rate FROM curve WHERE record_id = ?"
                            " ORDER BY sampling_rate DESC, name LIMIT 1", (record_id,)).fetchone()

    def curve_rates(self, record_id: int) -> dict[str, float]:
        """The rate each of a record's curves is stored at, without reading them."""
        rows = self.execute("SELECT name, sampling_rate FROM curve WHERE record_id = ?", (record_id,)).fetchall()
        return {name: float(rate) for name, rate in rows}

    def get_curves(self, record_id: int) -> list[tuple[str, int, float, int, str, bytes]]:
        """(name, start_ns, rate, n_samples, encoding, data) of a record's stored curves."""
        legacy = int(self.meta("schema_version") or SCHEMA_VERSION) < 2  # a schema-1 session opened read-only
        encoding = "'f4'" if legacy else "encoding"
        return self.execute(f"SELECT name, start_ns, sampling_rate, n_samples, {encoding}, data FROM curve"
                            " WHERE record_id = ? ORDER BY name", (record_id,)).fetchall()


class Rows(list):
    """The rows a statement returned, with the two cursor methods callers use."""

    def fetchall(self) -> list:
        """Every row."""
        return list(self)

    def fetchone(self):
        """The first row, or None."""
        return self[0] if self else None


def sqlite_connection(path: str, only_reads: bool, **options) -> sqlite3.Connection:
    """An autocommit connection to the existing SQLite file at ``path``, read-only for good with ``only_reads``
    (then closing it changes nothing on disk); sqlite3's errors when it cannot be opened."""
    uri = f"file:{urllib.parse.quote(os.fsencode(path))}?mode={'ro' if only_reads else 'rw'}"
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, **options)


def sqlite_problem(exc: sqlite3.DatabaseError) -> str:
    """What a SQLite error says about the file, in words: damaged, not a session, disk full, busy or unreadable."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_FULL"):
        return f"cannot write: the disk is full ({exc}); edits committed before are kept"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return f"busy: another process holds the file ({exc}); try again"
    if name.startswith("SQLITE_NOTADB"):
        return f"not a review session ({exc})"
    if name.startswith("SQLITE_CORRUPT"):
        return f"damaged: {exc}; `eqviewer session check` says what can be recovered"
    if name.startswith("SQLITE_IOERR"):
        return f"cannot read or write the file ({exc}): the disk may be full or failing"
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        return f"cannot open or write the file ({exc})"
    return f"not a review session, or damaged: {exc}; `eqviewer session check` says what can be recovered"


def lenient_text(data: bytes) -> str:
    """Text read from the file: UTF-8, with replacement characters where a damaged file holds other bytes."""
    return data.decode("utf-8", errors="replace")


def _table(name: str) -> str:
    """Only the tables edits change may be named from outside; anything else is a programming error."""
    if name not in EDITABLE_COLUMNS:
        raise ValueError(f"no such label table: {name}")
    return name
