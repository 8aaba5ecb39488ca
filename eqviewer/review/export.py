"""Export a session's labels: one module per format, registered here by name.

Each format module has ``export(session, out_path, statuses) -> int`` (the number of traces or picks written),
writes through :func:`eqviewer.atomic_files.atomic_output`, sets ``WRITES_FOLDER = True`` when its output is
a folder, and has ``output_paths(out_path)`` when it writes more than ``out_path`` itself.

No export writes over its inputs: the session file (and its ``-wal``/``-shm`` files), an archive the session
reviews, the files read with an archive (the CSV of a STEAD-layout HDF5 file, a SeisBench folder's
``metadata.csv`` and ``waveforms.hdf5``), anything inside an archive folder, nor a folder that holds any of them.
Paths are compared by file identity too, so a hard link or symlink to an input is refused as well.
"""

from __future__ import annotations

import importlib
import os

from eqviewer.errors import ExportError
from eqviewer.labels import PICK_STATUSES, REVIEWED_STATUSES
from eqviewer.atomic_files import check_target

# format name -> module implementing it
EXPORTERS = {
    "seisbench": "eqviewer.review.export_seisbench",
    "stead": "eqviewer.review.export_stead",
    "quakeml": "eqviewer.review.export_quakeml",
    "nlloc": "eqviewer.review.export_nlloc",
    "csv": "eqviewer.review.export_csv",
    "events-csv": "eqviewer.review.export_events",
}


TRAINING_FORMATS = ("seisbench", "stead")  # formats of cut training windows (they take ``include_partial``)
EVENT_FORMATS = ("events-csv",)  # formats of one row per event (pick statuses do not apply)


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
    output_paths = getattr(module, "output_paths", lambda path: [os.fspath(path)])
    refuse_inputs(output_paths(out_path), input_paths(session))
    options = {"include_partial": True} if include_partial else {}
    return module.export(session, out_path, tuple(statuses), **options)


def export_summary(session, fmt: str, out_path: str | os.PathLike, statuses: tuple[str, ...] | list[str],
                   written: int, include_partial: bool = False) -> list[str]:
    """What an export of ``session`` wrote (``written``, as :func:`export_session` returned it) and what it left
    out, as lines to show the analyst (the command line prints them, the window shows them)."""
    from eqviewer.review.training_windows import partial_records

    training = fmt in TRAINING_FORMATS
    if fmt in EVENT_FORMATS:
        return [f"{os.fspath(out_path)}: wrote {written} events ({fmt})"]
    lines = [f"{os.fspath(out_path)}: wrote {written} {'traces' if training else 'picks'} ({fmt}, status "
             f"{','.join(statuses)})"]
    partial = len(partial_records(session)) if training else 0
    if partial:
        lines.append(f"{partial} partly reviewed record(s) (unreviewed picks left) "
                     + ("exported with their unjudged phases marked unknown" if include_partial
                        else "left out; review them, or include partly reviewed records (--include-partial)"))
    return lines


def input_paths(session) -> list[str]:
    """The files and folders an export must not write over (see the module's docstring)."""
    paths = [session.path, session.path + "-wal", session.path + "-shm"]
    for archive in session.archives():
        paths.append(archive.path)
        if not os.path.isdir(archive.path):
            folder = os.path.dirname(archive.path)
            paths += [os.path.splitext(archive.path)[0] + ".csv", os.path.join(folder, "metadata.csv"),
                      os.path.join(folder, "waveforms.hdf5")]
    return paths


def refuse_inputs(targets: list[str], inputs: list[str]) -> None:
    """ExportError when a target is one of ``inputs`` (by path or file identity), lies inside an input folder, or
    is a folder holding an input."""
    for target in targets:
        real_target = os.path.realpath(target)
        for path in inputs:
            real_input = os.path.realpath(path)
            same = real_target == real_input or _same_file(real_target, real_input)
            inside = os.path.isdir(real_input) and _is_within(real_target, real_input)
            holds = os.path.isdir(real_target) and _is_within(real_input, real_target)
            if same or inside or holds:
                what = "is" if same else ("lies inside" if inside else "holds")
                raise ExportError(target, f"{what} an input of this export ({path}); choose another output path")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _is_within(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder
