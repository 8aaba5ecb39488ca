"""A review session's reviewed labels as an archive the training and calibration code reads."""

from __future__ import annotations

import os

from eqviewer.errors import EqviewerError


def export_reviewed(session_path: str | os.PathLike, fmt: str, folder: str | os.PathLike) -> str:
    """Export the session's reviewed labels (earthquake windows around reviewed picks; noise windows around rejected
    picks and over intervals labelled noise) into ``folder``; returns the path to read back. Raises
    :class:`EqviewerError` when the session holds nothing reviewed."""
    from eqviewer.review.export import export_session
    from eqviewer.review.session import Session

    target = os.path.join(folder, "session" if fmt == "seisbench" else "session.hdf5")
    with Session.open(session_path, read_only=True) as session:
        written = export_session(session, fmt, target)
    if written == 0:
        raise EqviewerError(session_path, "the session holds no reviewed labels to train on: accept, correct or "
                                          "add picks, or import the archives' labels, first")
    return target


SESSION_SUFFIX = ".eqreview"


def is_session(path: str | os.PathLike) -> bool:
    """Whether ``path`` names a review session (a *.eqreview file or a PostgreSQL URL) rather than an archive."""
    from eqviewer.review import backend_postgres

    path = os.fspath(path)
    return path.endswith(SESSION_SUFFIX) or backend_postgres.is_database_url(path)
