"""A review session's reviewed labels as an archive the training and calibration code reads."""

from __future__ import annotations

import os

from eqviewer.errors import EqviewerError
from eqviewer.review.session_path import is_session_path as is_session  # noqa: F401  (what calibration reads)


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

