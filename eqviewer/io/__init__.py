"""Waveform sources: open any archive an analyst brings and read its items as :class:`Record`.

``open_archive(path)`` picks the reader from what the path holds (or ``format=``); the source lists its
items without reading samples and reads one item (or a time slice of it) into a float32 (3, n) Z, N, E
record at 100 Hz. A new format is one module with a :class:`Source` subclass (with ``format`` and
``sniff(path)``) plus one line in :data:`SOURCES`; whatever no source claims goes to ObsPy.

Other packages import only the names in ``__all__``: the sources and records, station inventories,
coordinates and instrument responses, the HDF5 window helpers, path checks, and the text rules of the export
formats.
"""

from __future__ import annotations

import os

from obspy import UTCDateTime
from obspy.core.util.base import ENTRY_POINTS

from eqviewer.errors import ArchiveError
from eqviewer.io.hdf5_files import sample_span, window_record
from eqviewer.io.inventory import coordinates_from_dataset, read_inventory
from eqviewer.io.obspy_files import ObspyFilesSource
from eqviewer.io.paths import check_readable, is_glob, is_utf8, utf8_text
from eqviewer.io.record import SAMPLING_RATE, ItemRef, Record
from eqviewer.io.responses import ResponseReader
from eqviewer.io.sds import SdsSource
from eqviewer.io.seisbench import SeisbenchSource
from eqviewer.io.source import Item, Source
from eqviewer.io.station_coordinates import StationChange, StationCoordinates, coordinate_problem, station_key
from eqviewer.io.stead_hdf5 import SteadHdf5Source
from eqviewer.io.stream_record import stream_to_record
from eqviewer.io.text_fields import (QUAKEML_ID_PREFIX, check_nlloc_field, csv_text, csv_writer, quakeml_id,
                                     write_quakeml)

# Archive formats, tried in this order by open_archive; anything else goes to ObsPy (MiniSEED, SAC, ...).
SOURCES: dict[str, type[Source]] = {
    SeisbenchSource.format: SeisbenchSource,
    SdsSource.format: SdsSource,
    SteadHdf5Source.format: SteadHdf5Source,
}

__all__ = [
    # sources and records
    "Item", "ItemRef", "Record", "SAMPLING_RATE", "SOURCES", "Source", "open_archive", "sample_span",
    "stream_to_record", "window_record",
    # stations
    "ResponseReader", "StationChange", "StationCoordinates", "coordinate_problem", "coordinates_from_dataset",
    "read_inventory", "station_key",
    # paths and text
    "QUAKEML_ID_PREFIX", "check_nlloc_field", "csv_text", "csv_writer", "is_utf8", "quakeml_id", "utf8_text",
    "write_quakeml",
]


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
    if format is not None and format not in SOURCES and format.upper() not in ENTRY_POINTS["waveform"]:
        known = ", ".join([*SOURCES, *(name.lower() for name in sorted(ENTRY_POINTS["waveform"]))])
        raise ArchiveError(os.fspath(path_or_paths) if not isinstance(path_or_paths, (list, tuple)) else None,
                           f"unknown format {format!r} (known: {known})")
    options = {
        "start": None if start is None else UTCDateTime(start),
        "end": None if end is None else UTCDateTime(end),
        "component_order": component_order,
    }
    if isinstance(path_or_paths, (list, tuple)):
        if len(path_or_paths) != 1:
            return ObspyFilesSource(path_or_paths, file_format=format.upper() if format else None, **options)
        path_or_paths = path_or_paths[0]
    path = os.fspath(path_or_paths)
    if is_glob(path) and not os.path.exists(path):
        return ObspyFilesSource(path, file_format=format.upper() if format else None, **options)
    check_readable(path)
    if format is None:
        format = next((name for name, source in SOURCES.items() if source.sniff(path)), None)
    if format in SOURCES:
        return SOURCES[format](path, **options)
    return ObspyFilesSource(path, file_format=format.upper() if format else None, **options)
