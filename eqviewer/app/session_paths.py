"""Where sessions live and what counts as one: the paths the window and the CLI share."""

from __future__ import annotations

import hashlib
import os
import re

from eqviewer.review import SESSION_SUFFIX, is_session_path

__all__ = ["SESSION_SUFFIX", "default_session_path", "is_session_path", "retrain_name"]


def default_session_path(archive_paths: list[str], data_folder: str) -> str:
    """Where a session for these archives lives when the user names none: ``data_folder``/sessions, one file per
    set of archives (so reopening the same archives finds the same edits). Creates the sessions folder."""
    folder = os.path.join(data_folder, "sessions")
    os.makedirs(folder, exist_ok=True)
    absolute = sorted(os.path.abspath(p) for p in archive_paths)
    digest = hashlib.sha1("\n".join(absolute).encode()).hexdigest()[:10]
    stem = os.path.basename(os.path.normpath(absolute[0])) if absolute else "session"
    return os.path.join(folder, f"{stem}-{digest}{SESSION_SUFFIX}")


def retrain_name(session_path: str, taken: set[str]) -> str:
    """A registry name for a model retrained on the session at ``session_path`` that is not ``taken`` yet."""
    stem = os.path.splitext(os.path.basename(session_path.rstrip("/")))[0] or "session"
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")[:50] or "session"
    number = 1
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
