"""What the HDF5 readers share: opening read-only with clear errors, the sample layout of a dataset, and turning
the stored samples of one windowed trace (or a time slice of it) into a Record."""

from __future__ import annotations

import h5py
import numpy as np
from obspy import UTCDateTime

from eqviewer.errors import ArchiveError, NoDataError
from eqviewer.io.paths import check_readable
from eqviewer.io.record import MISSING_FLAGS, SAMPLING_RATE, Record
from eqviewer.io.samples import resample_rows, to_zne, zero_nonfinite
from eqviewer.io.source import Item


def open_hdf5(path: str) -> h5py.File:
    """An HDF5 file opened read-only; ArchiveError (naming the file) if it is not readable HDF5."""
    check_readable(path)
    try:
        return h5py.File(path, "r")
    except PermissionError:
        raise ArchiveError(path, "permission denied (no read permission)") from None
    except OSError as exc:
        raise ArchiveError(path, f"not a readable HDF5 file ({exc})") from None


def dataset_at(handle: h5py.File, name: str, path: str) -> h5py.Dataset:
    """The dataset ``name`` of an open HDF5 file, with its storage inside the file.

    ArchiveError naming ``path`` when ``name`` is missing, is not a dataset, is a broken or looping link, cannot
    be opened (damage), or keeps its samples outside the file: external storage and virtual datasets can make an
    archive read any local file, so they are refused.
    """
    try:
        member = handle.get(name)
    except (KeyError, RuntimeError, OSError, ValueError) as exc:  # looping or dangling links, damaged headers
        raise ArchiveError(path, f"{name} cannot be opened ({exc})") from None
    if member is None:
        raise ArchiveError(path, f"holds no dataset {name}")
    if not isinstance(member, h5py.Dataset):
        raise ArchiveError(path, f"{name} is not a dataset")
    try:
        outside = bool(member.external) or member.is_virtual
    except (RuntimeError, OSError) as exc:
        raise ArchiveError(path, f"{name} cannot be opened ({exc})") from None
    if outside:
        raise ArchiveError(path, f"{name} keeps its samples outside the file (external storage or a virtual dataset);"
                                 " not read")
    return member


def read_attributes(holder: h5py.HLObject, names: tuple[str, ...], path: str) -> dict:
    """The attributes ``names`` that ``holder`` (a dataset or group) has; ArchiveError naming ``path`` when they
    cannot be read (a damaged attribute)."""
    try:
        attrs = holder.attrs
        present = set(attrs.keys())  # one call; a missing attribute costs an exception in attrs.get
        return {name: attrs[name] for name in names if name in present}
    except (OSError, RuntimeError, KeyError, ValueError, TypeError) as exc:
        raise ArchiveError(path, f"{holder.name}: attributes cannot be read ({exc})") from None


def sample_layout(shape: tuple[int, ...]) -> tuple[bool, int]:
    """(components first?, number of samples) of a 3-component dataset shape; ValueError saying what is wrong.

    (n, 3) is samples-first as STEAD stores it, (3, n) components-first as SeisBench stores it.
    """
    if len(shape) != 2 or 3 not in shape:
        raise ValueError(f"has shape {tuple(shape)}; expected (n, 3) or (3, n) for three components")
    if shape[1] == 3:
        return False, int(shape[0])
    return True, int(shape[1])


def sample_span(item: Item, starttime: UTCDateTime | None, endtime: UTCDateTime | None, n: int,
                path: str) -> tuple[int, int]:
    """(first, last + 1) stored sample of ``item`` (``n`` samples) inside [starttime, endtime]; None means the
    item's own bounds. NoDataError (naming ``path``) when the span holds no sample."""
    rate = item.sampling_rate
    first = 0 if starttime is None else max(0, int(np.floor((starttime - item.start) * rate)))
    last = n if endtime is None else min(n, int(np.ceil((endtime - item.start) * rate)) + 1)
    if first >= last:
        raise NoDataError(path, f"{item.key} has no samples between {starttime} and {endtime}")
    return first, last


def window_record(source, item: Item, raw: np.ndarray, span: tuple[int, int], n: int, order: str, path: str,
                  metadata: dict | None = None) -> Record:
    """The Record of stored samples ``raw`` (C, m) in ``order`` (e.g. "ENZ", "Z") of ``item``'s samples
    span[0]:span[1] out of ``n``: Z/N/E (a missing component zeros, flagged), non-finite samples zeroed (flagged,
    with a warning), resampled to 100 Hz, and the item's labels that fall inside a partial span. ArchiveError
    naming ``path`` for a component order that does not fit the samples."""
    first, last = span
    rate = item.sampling_rate
    try:
        data, missing = to_zne(np.array(raw, dtype=np.float32), order)
    except ValueError as exc:
        raise ArchiveError(path, f"trace {item.key}: {exc}") from None
    flags: set[str] = {MISSING_FLAGS[component] for component in missing}
    warnings: list[str] = []
    zero_nonfinite(data, flags, warnings, item.key)
    data = resample_rows(data, rate, flags)
    start = item.start + first / rate
    end = start + (data.shape[1] - 1) / SAMPLING_RATE
    partial = first > 0 or last < n
    return Record(
        data=data,
        start=start,
        station_id=item.station_id,
        ref=source.ref(item),
        flags=flags,
        labels=[p for p in item.labels if start <= p.time <= end] if partial else list(item.labels),
        category=item.category,
        metadata={"component_order": order.upper(), "original_sampling_rate": rate, **(metadata or {})},
        warnings=warnings,
    )
