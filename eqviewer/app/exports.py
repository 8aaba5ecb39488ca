"""Exporting a session's labels for other tools: the one workflow ``eqviewer export`` and the window's
File > Export share. Outputs are written to a temporary file and renamed into place; no export writes over the
session or the archives it reviews (:mod:`eqviewer.review.export`)."""

from __future__ import annotations

import os

from eqviewer.labels import REVIEWED_STATUSES
from eqviewer.review import EXPORTERS, TRAINING_FORMATS, export_session, export_summary

__all__ = ["EXPORT_FORMATS", "REVIEWED_STATUSES", "TRAINING_FORMATS", "export_labels"]

# The formats a session exports to, in the order the window lists them.
EXPORT_FORMATS: tuple[str, ...] = tuple(EXPORTERS)


def export_labels(session, fmt: str, out_path: str | os.PathLike,
                  statuses: tuple[str, ...] | list[str] = REVIEWED_STATUSES,
                  include_partial: bool = False) -> list[str]:
    """Write the session's picks with ``statuses`` in format ``fmt`` at ``out_path``; what was written and what
    was left out, as lines to show the analyst.

    ``include_partial``: training formats (:data:`TRAINING_FORMATS`) also export partly reviewed records, their
    unjudged phases marked unknown. ExportError for an unknown format or status, or an output that would
    overwrite an input or cannot be written.
    """
    written = export_session(session, fmt, out_path, statuses=statuses, include_partial=include_partial)
    return export_summary(session, fmt, out_path, statuses, written, include_partial)
