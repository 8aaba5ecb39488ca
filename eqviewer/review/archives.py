"""The archives a session reviews, with what is needed to notice a moved or changed file."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

HEADER_BYTES = 1 << 20  # the checksum covers the first MiB (HDF5 superblock and object headers, first records)

_FORMATS_BY_SUFFIX = {
    ".h5": "hdf5", ".hdf5": "hdf5", ".hdf": "hdf5", ".mseed": "mseed", ".miniseed": "mseed", ".ms": "mseed",
    ".sac": "sac", ".csv": "csv",
}


@dataclass(frozen=True)
class ArchiveEntry:
    """An archive listed in a session: ``changed`` is True when the file is gone or differs from when it was added."""

    path: str
    size: int
    checksum: str
    format: str
    changed: bool


def fingerprint(path: str) -> tuple[int, str]:
    """(size, sha256 of the header) of a file; for a folder (an SDS tree), the count and names of its entries."""
    if os.path.isdir(path):
        names = sorted(os.listdir(path))
        return len(names), hashlib.sha256("\n".join(names).encode()).hexdigest()
    with open(path, "rb") as handle:
        header = handle.read(HEADER_BYTES)
    return os.path.getsize(path), hashlib.sha256(header).hexdigest()


def guess_format(path: str) -> str:
    """A short name of the archive's format from its suffix ('sds' for a folder, 'unknown' otherwise)."""
    if os.path.isdir(path):
        return "sds"
    return _FORMATS_BY_SUFFIX.get(os.path.splitext(path)[1].lower(), "unknown")


def is_changed(path: str, size: int, checksum: str) -> bool:
    """Whether the archive is missing or its size or header checksum differ from those stored."""
    try:
        return fingerprint(path) != (size, checksum)
    except OSError:
        return True
