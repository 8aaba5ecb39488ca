"""A review session in a PostgreSQL database (``postgresql://user@host[:port]/db``), shared by a team.

The same :class:`~eqviewer.review.store.Store` and statements as a session file, through psycopg 3 and the
PostgreSQL dialect. Several analysts may write at once: every write transaction takes the session's advisory
lock, so edits are applied one after the other, each on what the ones before it left. Conflicts resolve by that
order: **the later edit wins and the earlier one stays in the journal** (edit rows name their author; a pick an
analyst corrects keeps the automatic original). An edit aimed at a pick another analyst has meanwhile replaced
(moved, or undone) fails with a SessionError saying the pick is gone, and the GUI then redraws from the session.
Undo and redo act on the analyst's own edits only.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from eqviewer.errors import SessionError
from eqviewer.review.dialects import postgres_dialect
from eqviewer.review.store import Store

URL_SCHEMES = ("postgresql", "postgres")
CONNECT_TIMEOUT_S = 10


def is_database_url(path) -> bool:
    """Whether a --session argument names a PostgreSQL database rather than a session file."""
    return isinstance(path, str) and urlsplit(path).scheme in URL_SCHEMES


def redacted(url: str) -> str:
    """The URL without its password (for messages and ``Session.path``)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def connect(url: str, *, create: bool, read_only: bool = False, created_ns: int | None = None) -> Store:
    """A Store on the session in the database at ``url``.

    ``create`` makes the session's tables in an empty database (SessionError when the database already holds a
    session); otherwise the database must hold a session this version can read. ``read_only`` opens a
    connection whose transactions refuse writes.
    """
    import psycopg

    label = redacted(url)
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as exc:
        raise SessionError(label, f"cannot connect to the database ({_first_line(exc)})") from None
    if read_only:
        connection.execute("SET default_transaction_read_only = on")
    store = Store(connection, postgres_dialect())
    if create:
        if store.meta("format") is not None:
            store.close()
            raise SessionError(label, "already holds a review session; open it instead")
        try:
            store.create_schema(created_ns)
        except psycopg.Error as exc:
            store.close()
            raise SessionError(label, f"cannot create the session's tables ({_first_line(exc)})") from None
        return store
    try:
        store.check_format(label, "holds no review session (create one with: eqviewer session new URL)")
    except SessionError:
        store.close()
        raise
    if not read_only:
        store.migrate()
    return store


def exists(url: str) -> bool:
    """Whether the database at ``url`` holds a review session (False also when it cannot be reached)."""
    try:
        connect(url, create=False, read_only=True).close()
    except SessionError:
        return False
    return True


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
