"""A review session: the archives under review, every label, and an edit journal that undo and redo replay.

A session is a SQLite file (``*.eqreview``, with ``-wal``/``-shm`` files beside it while in use). Each edit is its
own transaction, committed before the call returns (WAL mode, full fsync), so killing the process never loses a
committed edit nor corrupts the file. Edits are first written to ``<session>-wal``; the writer copies them into
the session file after each commit (unless a reader still needs the old pages), on opening and on closing, and
:func:`eqviewer.review.session_file.copy_session` makes a complete copy at any time. Undo and redo work at edit
level, any number of steps, and survive closing and reopening. Only one handle writes at a time, whatever path or
link it is opened by (see :mod:`eqviewer.review.lock`); any other opener gets a read-only
view and ``read_only_reason`` says why.

A session may also live in a PostgreSQL database (``postgresql://user@host/db``) that a team edits at once, through
the same store: see :mod:`eqviewer.review.backend_postgres` for who wins when two analysts edit one pick.

How the code is laid out: :class:`Session` is one object to its callers, put together from one class per thing
a session stores, each in its own module and each a subclass of
:class:`~eqviewer.review.session_base.SessionBase` (the open store, the author, read-only checks, closing and the
journal every undoable edit goes through):

- :mod:`~eqviewer.review.session_archives`: the archives listed;
- :mod:`~eqviewer.review.session_labels`: reading picks, window labels and records' review states;
- :mod:`~eqviewer.review.session_edits`: an analyst's edits of picks and labels;
- :mod:`~eqviewer.review.session_results`: detector results and imported labels, in bulk;
- :mod:`~eqviewer.review.session_curves`: probability curves;
- :mod:`~eqviewer.review.session_network`: stations, events (origins) and their arrivals;
- :mod:`~eqviewer.review.session_event_review`: reviewing one event (excluded arrivals, relocation, type, deletion);
- :mod:`~eqviewer.review.session_amplitudes`: where stations' metadata came from (their responses), and the
  amplitudes and magnitudes of events;
- :mod:`~eqviewer.review.session_history`: undo and redo.

The parts share nothing but the base's state, and only this module knows them all. Opening, creating and locking
are below the parts: :mod:`eqviewer.review.session_path` says what a session path names and opens it on one
connection (a file through :mod:`eqviewer.review.session_sqlite`, a database through
:mod:`eqviewer.review.backend_postgres`); only the SQL store (:mod:`eqviewer.review.store`) talks to the database.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable

from eqviewer.review.archives import ArchiveEntry
from eqviewer.review.session_amplitudes import SessionAmplitudes
from eqviewer.review.session_archives import SessionArchives
from eqviewer.review.session_base import now_ns
from eqviewer.review.session_curves import CurveInfo, SessionCurves
from eqviewer.review.session_edits import SessionEdits
from eqviewer.review.session_history import SessionHistory
from eqviewer.review.session_labels import REVIEW_STATES
from eqviewer.review.session_event_review import SessionEventReview
from eqviewer.review.session_path import locate
from eqviewer.review.session_results import SessionResults


class Session(SessionArchives, SessionResults, SessionEdits, SessionCurves, SessionEventReview, SessionAmplitudes,
              SessionHistory):
    """An open review session. Use :meth:`create` or :meth:`open`, and :meth:`close` (or ``with``) when done."""

    @classmethod
    def create(cls, path: str | os.PathLike, archives: Iterable[str | os.PathLike] = (),
               author: str | None = None) -> "Session":
        """Create a new session file listing ``archives`` and open it for writing.

        The file is built under a temporary name and renamed into place, so a failure leaves nothing behind (and
        what a killed creation left is removed by the next one).
        ``path`` may also be a ``postgresql://user@host/db`` URL: the session's tables are made in that (empty)
        database, which several analysts can then open at once (see :mod:`eqviewer.review.backend_postgres`).
        """
        opened = locate(path).create([os.fspath(a) for a in archives], now_ns())
        return cls(opened, author or _default_author())

    @classmethod
    def open(cls, path: str | os.PathLike, read_only: bool = False, author: str | None = None) -> "Session":
        """Open a session; when another handle is writing it, open a read-only view (``read_only`` is then True).

        A ``postgresql://`` URL opens a shared session: any number of handles write it at once.
        """
        return cls(locate(path).open(read_only), author or _default_author())

    @staticmethod
    def exists(path: str | os.PathLike) -> bool:
        """Whether a session file, or a database holding a session, is there to open."""
        return locate(path).exists()


def _default_author() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


__all__ = ["Session", "CurveInfo", "ArchiveEntry", "REVIEW_STATES"]
