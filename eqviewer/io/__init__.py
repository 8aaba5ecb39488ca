"""Waveform sources: open any archive an analyst brings and read its items as :class:`Record`.

``open_archive(path)`` picks the reader from what the path holds (or ``format=``); the source lists its
items without reading samples and reads one item (or a time slice of it) into a float32 (3, n) Z, N, E
record at 100 Hz. A new format is one module with a :class:`Source` subclass (with ``format`` and
``sniff(path)``) plus one line in :data:`SOURCES`.
"""

from __future__ import annotations

import os

from obspy import UTCDateTime

from eqviewer.errors import ArchiveError
from eqviewer.io.obspy_files import ObspyFilesSource
from eqviewer.io.paths import check_readable, is_glob, is_hdf5
from eqviewer.io.record import ItemRef, Record
from eqviewer.io.sds import SdsSource
from eqviewer.io.seisbench import SeisbenchSource
from eqviewer.io.source import Item, Source
from eqviewer.io.stead_hdf5 import SteadHdf5Source
from eqviewer.io.stream_record import stream_to_record

# Archive formats, tried in this order by open_archive; anything else goes to ObsPy (MiniSEED, SAC, ...).
SOURCES: dict[str, type[Source]] = {
    SeisbenchSource.format: SeisbenchSource,
    SdsSource.format: SdsSource,
    SteadHdf5Source.format: SteadHdf5Source,
}

__all__ = ["Item", "ItemRef", "Record", "Source", "SOURCES", "open_archive", "stream_to_record"]


def _sniff_hdf5(path: str) -> str | None:
    """"stead_hdf5" for an HDF5 file or a folder whose only HDF5 file is not SeisBench, else None."""
    if os.path.isfile(path):
        return SteadHdf5Source.format if is_hdf5(path) else None
    candidates = [os.path.join(path, n) for n in sorted(os.listdir(path)) if n.lower().endswith((".hdf5", ".h5"))]
    if len(candidates) > 1:
        raise ArchiveError(path, f"holds {len(candidates)} HDF5 files; open one of them")
    return SteadHdf5Source.format if candidates and is_hdf5(candidates[0]) else None


def _hdf5_in(path: str) -> str:
    if os.path.isfile(path):
        return path
    return next(os.path.join(path, n) for n in sorted(os.listdir(path)) if n.lower().endswith((".hdf5", ".h5")))


def open_archive(
    path_or_paths: str | os.PathLike | list,
    *,
    format: str | None = None,
    start: UTCDateTime | str | None = None,
    end: UTCDateTime | str | None = None,
    component_order: str | None = None,
) -> Source:
    """Open an archive (file, folder, glob, SDS root, HDF5, SeisBench folder; or a list of files) as a Source.

    ``format`` forces a reader: "stead_hdf5", "seisbench", "sds", or an ObsPy format name ("mseed", "sac",
    ...). ``start``/``end`` restrict the time range; ``component_order`` (e.g. "ENZ") overrides the order an
    HDF5 archive stores its components in. Bad input raises :class:`ArchiveError` naming the file.
    """
    options = {
        "start": None if start is None else UTCDateTime(start),
        "end": None if end is None else UTCDateTime(end),
        "component_order": component_order,
    }
    if isinstance(path_or_paths, (list, tuple)):
        if len(path_or_paths) != 1:
            return ObspyFilesSource(path_or_paths, file_format=format, **options)
        path_or_paths = path_or_paths[0]
    path = os.fspath(path_or_paths)
    if format is None and is_glob(path) and not os.path.exists(path):
        return ObspyFilesSource(path, **options)
    check_readable(path)
    if format is None:
        if SeisbenchSource.sniff(path):
            format = SeisbenchSource.format
        elif SdsSource.sniff(path):
            format = SdsSource.format
        else:
            format = _sniff_hdf5(path)
    if format == SteadHdf5Source.format:
        return SteadHdf5Source(_hdf5_in(path), **options)
    if format in SOURCES:
        return SOURCES[format](path, **options)
    return ObspyFilesSource(path, file_format=format.upper() if format else None, **options)
