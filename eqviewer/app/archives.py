"""What an archive holds, read without changing it: the workflow behind ``eqviewer info``."""

from __future__ import annotations

import os

from obspy import UTCDateTime

from eqviewer.io import open_archive


def archive_summary(path: str | os.PathLike, *, format: str | None = None, start: UTCDateTime | None = None,
                    end: UTCDateTime | None = None, component_order: str | None = None) -> dict:
    """The summary of the archive at ``path`` (file, folder, glob, SDS root, HDF5, SeisBench folder): its path and
    format, counts of traces by category and phase, stations, sampling rates, time span and warnings.

    ``format`` forces a reader, ``start``/``end`` restrict the time range, ``component_order`` overrides the
    order an HDF5 archive stores. ArchiveError naming the file when it cannot be read.
    """
    with open_archive(path, format=format, start=start, end=end, component_order=component_order) as source:
        return source.summary()
