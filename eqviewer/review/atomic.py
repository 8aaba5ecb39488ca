"""Writing an export so that an existing output is never half-overwritten: build it aside, then rename it in."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from eqviewer.errors import ExportError


@contextmanager
def atomic_output(out_path: str | os.PathLike, folder: bool = False) -> Iterator[str]:
    """Yield a temporary path beside ``out_path`` (a file, or an empty folder); on success it replaces ``out_path``.

    On failure the temporary output is removed and ``out_path`` is left as it was.
    """
    out_path = check_target(out_path, folder)
    parent = os.path.dirname(out_path)
    prefix = "." + os.path.basename(out_path) + "."
    try:
        tmp = tempfile.mkdtemp(prefix=prefix, dir=parent) if folder else tempfile.mkstemp(prefix=prefix, dir=parent)[1]
    except OSError as exc:
        raise ExportError(out_path, f"cannot write here: {exc.strerror}") from exc
    try:
        yield tmp
        if folder:
            _replace_folder(tmp, out_path)
        else:
            os.replace(tmp, out_path)
    finally:
        if os.path.isdir(tmp):
            shutil.rmtree(tmp, ignore_errors=True)
        elif os.path.exists(tmp):
            os.remove(tmp)


def check_target(out_path: str | os.PathLike, folder: bool = False) -> str:
    """The absolute output path; ExportError when its folder is missing or it exists as the wrong kind."""
    out_path = os.path.abspath(os.fspath(out_path))
    if not os.path.isdir(os.path.dirname(out_path)):
        raise ExportError(out_path, "the folder to write into does not exist")
    if os.path.exists(out_path) and os.path.isdir(out_path) != folder:
        kind = "a folder" if folder else "a file"
        raise ExportError(out_path, f"exists and is not {kind}; choose another output path")
    return out_path


def _replace_folder(new: str, out_path: str) -> None:
    """Swap a finished folder in: the old output is renamed away first, and removed once the new one is in place."""
    if not os.path.exists(out_path):
        os.replace(new, out_path)
        return
    old = tempfile.mkdtemp(prefix="." + os.path.basename(out_path) + ".old.", dir=os.path.dirname(out_path))
    os.rmdir(old)
    os.replace(out_path, old)
    os.replace(new, out_path)
    shutil.rmtree(old, ignore_errors=True)
