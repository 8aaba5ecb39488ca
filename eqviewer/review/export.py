"""Export a session's labels: one module per format, registered here by name.

Each format module has ``export(session, out_path, statuses) -> int`` (the number of traces or picks written),
writes through :func:`eqviewer.review.atomic.atomic_output`, and sets ``WRITES_FOLDER = True`` when its output is
a folder.
"""

from __future__ import annotations

import importlib
import os

from eqviewer.errors import ExportError
from eqviewer.labels import PICK_STATUSES, REVIEWED_STATUSES
from eqviewer.review.atomic import check_target

# format name -> module implementing it
EXPORTERS = {
    "seisbench": "eqviewer.review.export_seisbench",
    "stead": "eqviewer.review.export_stead",
    "quakeml": "eqviewer.review.export_quakeml",
    "nlloc": "eqviewer.review.export_nlloc",
    "csv": "eqviewer.review.export_csv",
}


TRAINING_FORMATS = ("seisbench", "stead")  # formats of cut training windows (they take ``include_partial``)


def export_session(session, fmt: str, out_path: str | os.PathLike,
                   statuses: tuple[str, ...] | list[str] = REVIEWED_STATUSES, include_partial: bool = False) -> int:
    """Write the session's picks with the given statuses in format ``fmt``; how many traces or picks were written.

    ``include_partial``: training formats also export partly reviewed records, their unjudged phases marked unknown
    (:mod:`eqviewer.review.training_windows`); by default those records are left out."""
    if fmt not in EXPORTERS:
        raise ExportError(out_path, f"unknown export format {fmt!r}; use one of {', '.join(EXPORTERS)}")
    unknown = [s for s in statuses if s not in PICK_STATUSES]
    if unknown:
        raise ExportError(out_path, f"unknown pick status {', '.join(unknown)}; use {', '.join(PICK_STATUSES)}")
    if include_partial and fmt not in TRAINING_FORMATS:
        raise ExportError(out_path, f"--include-partial applies to {' and '.join(TRAINING_FORMATS)} only")
    module = importlib.import_module(EXPORTERS[fmt])
    check_target(out_path, folder=getattr(module, "WRITES_FOLDER", False))
    options = {"include_partial": True} if include_partial else {}
    return module.export(session, out_path, tuple(statuses), **options)
