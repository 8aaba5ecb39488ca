"""What a session path is: a session file (``*.eqreview``) or a PostgreSQL database URL, whether it exists yet
or not."""

from __future__ import annotations

import os

from eqviewer.review.backend_postgres import is_database_url

SESSION_SUFFIX = ".eqreview"


def is_session_path(path: str | os.PathLike) -> bool:
    """Whether ``path`` names a review session (a *.eqreview file or a PostgreSQL URL) rather than an archive."""
    path = os.fspath(path)
    return path.endswith(SESSION_SUFFIX) or is_database_url(path)


__all__ = ["SESSION_SUFFIX", "is_database_url", "is_session_path"]
