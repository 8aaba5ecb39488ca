"""What the HDF5 readers share: opening read-only with clear errors, the sample layout of a dataset."""

from __future__ import annotations

import h5py

from eqviewer.errors import ArchiveError
from eqviewer.io.paths import check_readable


def open_hdf5(path: str) -> h5py.File:
    """An HDF5 file opened read-only; ArchiveError (naming the file) if it is not readable HDF5."""
    check_readable(path)
    try:
        return h5py.File(path, "r")
    except PermissionError:
        raise ArchiveError(path, "permission denied (no read permission)") from None
    except OSError as exc:
        raise ArchiveError(path, f"not a readable HDF5 file ({exc})") from None


def sample_layout(shape: tuple[int, ...]) -> tuple[bool, int]:
    """(components first?, number of samples) of a 3-component dataset shape; ValueError saying what is wrong.

    (n, 3) is samples-first as STEAD stores it, (3, n) components-first as SeisBench stores it.
    """
    if len(shape) != 2 or 3 not in shape:
        raise ValueError(f"has shape {tuple(shape)}; expected (n, 3) or (3, n) for three components")
    if shape[1] == 3:
        return False, int(shape[0])
    return True, int(shape[1])
