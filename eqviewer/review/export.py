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


def export_session(session, fmt: str, out_path: str | os.PathLike,
                   statuses: tuple[str, ...] | list[str] = REVIEWED_STATUSES) -> int:
    """Write the session's picks with the given statuses in format ``fmt``; how many traces or picks were written."""
    if fmt not in EXPORTERS:
        raise ExportError(out_path, f"unknown export format {fmt!r}; use one of {', '.join(EXPORTERS)}")
    unknown = [s for s in statuses if s not in PICK_STATUSES]
    if unknown:
        raise ExportError(out_path, f"unknown pick status {', '.join(unknown)}; use {', '.join(PICK_STATUSES)}")
    module = importlib.import_module(EXPORTERS[fmt])
    check_target(out_path, folder=getattr(module, "WRITES_FOLDER", False))
    return module.export(session, out_path, tuple(statuses))
