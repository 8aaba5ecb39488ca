"""A session file as a whole: a safe copy, a health check, and recovery of what a damaged file still holds.

While a session is open, and after a writer was killed, committed edits may live in the ``<session>-wal`` file
beside it until they are checkpointed; copying the ``.eqreview`` file alone can then lose them. :func:`copy_session`
copies through SQLite's backup API, which reads the file and its ``-wal`` as one consistent snapshot, into a single
self-contained file. :func:`check_session` runs ``PRAGMA integrity_check`` and counts the rows of each table that
can still be read; :func:`recover_session` copies those rows into a new session file.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field

from eqviewer.atomic_files import PendingOutput
from eqviewer.errors import ExportError, SessionError
from eqviewer.review.session_sqlite import connect_checked, require_file
from eqviewer.review.store import SCHEMA, Store, lenient_text, sqlite_connection, sqlite_problem

MAX_PROBLEMS = 20  # integrity problems reported (SQLite stops looking after this many)
ROW_CHUNK = 256  # rows read per query while salvaging; a chunk that fails is retried row by row
_UNREADABLE = (sqlite3.DatabaseError, UnicodeDecodeError)  # names in a damaged schema may not be UTF-8
MAX_GAP = 4096  # rowids without a readable row after which salvaging a table whose end is damaged stops


@dataclass
class TableCheck:
    """Rows of one table that could be read, and rows whose pages could not (``unreadable_rest``: reading
    stopped at a damaged page and the rest of the table could not be reached)."""

    readable: int = 0
    unreadable: int = 0
    unreadable_rest: bool = False


@dataclass
class SessionCheck:
    """What :func:`check_session` found: ``problems`` from the integrity check (empty when the file is sound),
    and per table what can be read."""

    path: str
    problems: list[str] = field(default_factory=list)
    tables: dict[str, TableCheck] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the file passed SQLite's integrity check and every row was read."""
        return not self.problems and all(not t.unreadable and not t.unreadable_rest for t in self.tables.values())


def copy_session(source: str | os.PathLike, destination: str | os.PathLike) -> int:
    """Copy a session, with every edit committed so far (also those still in its ``-wal`` file), into one new
    self-contained file; its size in bytes. Works while another process has the session open.

    SessionError when the source is not a session or the destination exists (nothing is overwritten).
    """
    source, destination = os.fspath(source), os.fspath(destination)
    reader = connect_checked(source, only_reads=True)
    try:
        _copy(reader, destination)
    finally:
        reader.close()
    return os.path.getsize(destination)


def _copy(reader: Store, destination: str) -> None:
    """Copy what ``reader`` reads into the new file ``destination`` (SessionError when it exists)."""
    if os.path.lexists(destination):
        raise SessionError(destination, "already exists; choose another name (a copy never overwrites)")
    pending = _pending(destination)
    try:
        target = sqlite3.connect(pending.tmp, isolation_level=None)
        try:
            with reader.sqlite_errors():
                reader.connection.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        pending.commit()
    except (sqlite3.DatabaseError, OSError) as exc:
        raise SessionError(destination, f"cannot write the copy ({getattr(exc, 'strerror', None) or exc})") from exc
    finally:
        pending.discard()


def check_session(path: str | os.PathLike) -> SessionCheck:
    """SQLite's integrity check of a session file, and how many rows of each table can be read.

    The file is only read. SessionError when it is not an SQLite database at all.
    """
    path = os.fspath(path)
    store = _open_damaged(path)
    try:
        result = SessionCheck(path)
        try:
            rows = store.connection.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})").fetchall()
            lines = [line for row in rows for line in str(row[0]).splitlines() if not line.startswith("***")]
            result.problems = [] if lines == ["ok"] else lines
        except _UNREADABLE as exc:
            result.problems = [sqlite_problem(exc)]
        for table in _tables(store.connection, path):
            check = result.tables[table] = TableCheck()
            for rows in _salvage(store.connection, table, check):
                check.readable += len(rows)
        return result
    finally:
        store.close()


def recover_session(path: str | os.PathLike, destination: str | os.PathLike) -> SessionCheck:
    """Copy every readable row of a damaged session into a new session file ``destination`` (the counts and
    per-record summaries are recomputed from the rows recovered); what was read and lost, per table.

    The damaged file is only read. SessionError when ``destination`` exists or nothing can be read.
    """
    path, destination = os.fspath(path), os.fspath(destination)
    if os.path.lexists(destination):
        raise SessionError(destination, "already exists; choose another name (recovery never overwrites)")
    source = _open_damaged(path)
    pending = _pending(destination)
    try:
        result = SessionCheck(path)
        target = Store.connect_sqlite(pending.tmp, read_only=False)
        target.execute("PRAGMA foreign_keys = OFF")  # tables are filled in name order; a lost record keeps its picks
        try:
            with target.transaction():
                for statement in SCHEMA:
                    target.execute(statement)
                for table in _tables(source.connection, path):
                    if table not in _SCHEMA_TABLES:
                        continue  # only the tables this eqviewer knows can be re-created
                    columns = [row[1] for row in target.execute(f"PRAGMA table_info({table})")]
                    check = result.tables[table] = TableCheck()
                    insert = (f"INSERT OR IGNORE INTO {table} ({', '.join(columns)})"
                              f" VALUES ({', '.join('?' * len(columns))})")
                    for rows in _salvage(source.connection, table, check, columns):
                        check.readable += len(rows)
                        target.executemany(insert, rows)
                target.rebuild_summaries()
        finally:
            target.close(leave_wal=True)
        if "meta" not in result.tables or not result.tables["meta"].readable:
            raise SessionError(path, "nothing recoverable: the session's header table cannot be read")
        pending.commit()
    except OSError as exc:
        raise SessionError(destination, f"cannot write the recovered session ({exc.strerror or exc})") from exc
    finally:
        pending.discard()
        source.close()
    return result


def _open_damaged(path: str) -> Store:
    """A read-only connection that reads as much of a damaged file as SQLite can: ``writable_schema`` makes it
    use the pages there are when the header claims more (a truncated file) instead of refusing the file.

    The connection can never write: closing it leaves a killed writer's ``-wal``/``-shm`` files as they are.
    SessionError when ``path`` is not a file, cannot be opened, or is an empty database (no session at all)."""
    require_file(path)
    try:
        store = Store(sqlite_connection(path, only_reads=True), path=path)
    except sqlite3.DatabaseError as exc:
        raise SessionError(path, sqlite_problem(exc)) from exc
    store.connection.text_factory = lenient_text
    try:
        with store.sqlite_errors():
            store.connection.execute("PRAGMA query_only = ON")
            store.connection.execute("PRAGMA writable_schema = ON")  # query_only still refuses every write
        if not _tables(store.connection, path):
            raise SessionError(path, "holds no tables: not a review session (nothing to check or recover)")
    except SessionError:
        store.close()
        raise
    return store


def _pending(destination: str) -> PendingOutput:
    try:
        return PendingOutput(destination)
    except ExportError as exc:  # the folder is missing or not writable
        raise SessionError(destination, exc.reason) from exc


_SCHEMA_TABLES = {statement.split()[2] for statement in SCHEMA if statement.startswith("CREATE TABLE")}


def _tables(connection: sqlite3.Connection, path: str) -> list[str]:
    """The tables of the file (from its schema table; the known tables when that cannot be read)."""
    try:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                  " AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
        return [r[0] for r in rows]
    except _UNREADABLE as exc:
        if (getattr(exc, "sqlite_errorname", "") or "").startswith("SQLITE_NOTADB"):
            raise SessionError(path, sqlite_problem(exc)) from exc
        return sorted(_SCHEMA_TABLES)


def _salvage(connection: sqlite3.Connection, table: str, check: TableCheck, columns: list[str] | None = None):
    """Yield the readable rows of ``table`` (the named ``columns``, else all) in chunks of rowids, counting rows
    that cannot be read into ``check``.

    Rowids are read in ranges up to the table's largest rowid; a range that fails is read row by row. When the
    largest rowid cannot be read (the table's last pages are damaged), ranges are read until MAX_GAP rowids in a
    row give nothing (the session's ids have no gaps, as rows are never deleted).
    """
    quoted = _quote(table)
    selected = ", ".join(_quote(c) for c in columns) if columns else "*"
    try:
        top = connection.execute(f"SELECT MAX(rowid) FROM {quoted}").fetchone()[0] or 0
    except _UNREADABLE:
        top = None
        check.unreadable_rest = True
    start, empty, failed = 1, 0, 0
    while (start <= top) if top is not None else (empty < MAX_GAP):
        end = start + ROW_CHUNK - 1 if top is None else min(start + ROW_CHUNK - 1, top)
        try:
            rows = connection.execute(f"SELECT {selected} FROM {quoted} WHERE rowid BETWEEN ? AND ?",
                                      (start, end)).fetchall()
        except _UNREADABLE:
            rows = []
            for rowid in range(start, end + 1):
                try:
                    found = connection.execute(f"SELECT {selected} FROM {quoted} WHERE rowid = ?", (rowid,)).fetchall()
                except _UNREADABLE:
                    failed += 1
                    continue
                if found:
                    check.unreadable += failed  # rows before a readable one existed: they are lost
                    failed = 0
                rows += found
        if top is not None:
            check.unreadable += failed
            failed = 0
        empty = 0 if rows else empty + (end - start + 1)
        yield rows
        start = end + 1


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
