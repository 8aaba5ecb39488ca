"""Checks on the paths a user gives, turned into ArchiveError with a plain reason."""

from __future__ import annotations

import glob
import os

import h5py

from eqviewer.errors import ArchiveError

GLOB_CHARS = "*?["


def is_glob(path: str) -> bool:
    """Whether a path is a glob pattern (holds *, ? or [)."""
    return any(char in path for char in GLOB_CHARS)


def check_readable(path: str) -> None:
    """ArchiveError unless ``path`` exists and this process may read it (a folder: list it)."""
    if not os.path.exists(path):
        raise ArchiveError(path, "no such file or directory")
    mode = os.R_OK | os.X_OK if os.path.isdir(path) else os.R_OK
    if not os.access(path, mode):
        raise ArchiveError(path, "permission denied (no read permission)")
    if os.path.isfile(path) and os.path.getsize(path) == 0:
        raise ArchiveError(path, "empty file")


def is_utf8(text: str) -> bool:
    """Whether ``text`` (a file name) is valid UTF-8, i.e. holds no undecodable byte."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def utf8_text(text: str) -> str:
    """``text`` as valid UTF-8 text, for formats that must be UTF-8 (CSV, QuakeML): the undecodable bytes of a
    file name (which Python holds as lone surrogates) become ``\\xNN``; other text is returned unchanged."""
    if is_utf8(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def expand_glob(pattern: str) -> list[str]:
    """The files a glob pattern matches, sorted; ArchiveError if none."""
    paths = sorted(p for p in glob.glob(pattern) if os.path.isfile(p))
    if not paths:
        raise ArchiveError(pattern, "the pattern matches no file")
    return paths


def is_hdf5(path: str) -> bool:
    """Whether a file is HDF5 (its signature, after any user block)."""
    return bool(h5py.is_hdf5(path))
