"""Waveform files ObsPy reads (MiniSEED, SAC, GSE2, SEG-Y, ...): one file, a list, a glob, or a folder.

Listing reads headers only. Channels are grouped into 3-C stations (NET.STA.LOC.BAND); a station's traces
form one item per stretch of data without a gap longer than :data:`MAX_MERGED_GAP_S` (so a folder of day
files gives one item per station, and a folder of event files one item per event and station).
"""

from __future__ import annotations

import os
import warnings
from collections import defaultdict
from dataclasses import dataclass

import obspy
from obspy import Stream, UTCDateTime

from eqviewer.errors import ArchiveError
from eqviewer.io.archive_labels import sac_picks, unique_picks
from eqviewer.io.channels import component_of, station_id_of
from eqviewer.io.limits import trace_problem
from eqviewer.io.paths import check_readable, expand_glob, is_glob
from eqviewer.io.record import ItemRef, Record
from eqviewer.io.source import Item, Source
from eqviewer.io.stream_record import stream_to_record, trace_station_id

# Traces of one station further apart than this are separate items.
MAX_MERGED_GAP_S = 600.0
# ObsPy detects (by unpickling) files holding this in their first 100 bytes as pickled streams.
PICKLE_MARK = b"obspy.core.stream"
# Words in ObsPy warnings that mean a file is damaged (e.g. a truncated last MiniSEED record).
_CORRUPTION_WORDS = ("corrupt", "not enough", "truncat")


@dataclass
class _TraceHeader:
    file: str
    station_id: str
    channel_id: str
    component: str | None
    start: UTCDateTime
    end: UTCDateTime
    sampling_rate: float
    file_format: str
    sac: dict | None


def read_file(path: str, *, file_format: str | None = None, headonly: bool = False, starttime=None, endtime=None) -> Stream:
    """``obspy.read`` of one file with its failures (unknown format, damage, no traces) as ArchiveError.

    Pickled ObsPy streams are refused before ObsPy sees them: its format detection would unpickle them, and
    unpickling a file can run code.
    """
    check_readable(path)
    with open(path, "rb") as handle:
        if PICKLE_MARK in handle.read(100) or (file_format or "").upper() == "PICKLE":
            raise ArchiveError(path, "is a Python pickle; not read, because unpickling a file can run code")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            stream = obspy.read(path, format=file_format, headonly=headonly, starttime=starttime, endtime=endtime)
        except TypeError as exc:
            if "Unknown format" in str(exc):
                raise ArchiveError(path, "not a waveform format ObsPy can read (unknown format)") from None
            raise ArchiveError(path, f"cannot be read: {_one_line(exc)}") from None
        except PermissionError:
            raise ArchiveError(path, "permission denied (no read permission)") from None
        except Exception as exc:  # ObsPy's readers raise many types for damaged files
            raise ArchiveError(path, f"cannot be read as {file_format or 'waveforms'}: {_one_line(exc)}") from None
    for warning in caught:
        message = str(warning.message)
        if any(word in message.lower() for word in _CORRUPTION_WORDS):
            raise ArchiveError(path, f"truncated or corrupt file: {_one_line(message)}")
    if starttime is None and endtime is None and len(stream) == 0:
        raise ArchiveError(path, "holds no traces")
    return stream


def _one_line(message: object) -> str:
    """An ObsPy message (some span several lines) as one line."""
    return " ".join(str(message).split())


def _files_in(folder: str) -> list[str]:
    """Regular, non-hidden files under a folder, sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(root, name) for name in sorted(files) if not name.startswith("."))
    return found


def _file_spans(headers: list[_TraceHeader]) -> list[tuple[str, UTCDateTime, UTCDateTime]]:
    """(file, first sample time, last sample time) of each file, so a time slice reads only the files it needs."""
    spans: dict[str, tuple[UTCDateTime, UTCDateTime]] = {}
    for header in headers:
        first, last = spans.get(header.file, (header.start, header.end))
        spans[header.file] = (min(first, header.start), max(last, header.end))
    return [(path, first, last) for path, (first, last) in sorted(spans.items())]


class ObspyFilesSource(Source):
    """Files ObsPy reads; ``file_format`` (an ObsPy format name such as "MSEED") skips auto-detection."""

    items_are_traces = False  # an item joins the traces of several files; each trace is checked when listed

    def __init__(self, path_or_paths: str | os.PathLike | list, *, file_format: str | None = None, **options):
        paths = [os.fspath(p) for p in path_or_paths] if isinstance(path_or_paths, (list, tuple)) else [os.fspath(path_or_paths)]
        if not paths:
            raise ArchiveError(None, "no path given")
        display = paths[0] if len(paths) == 1 else os.path.commonpath([os.path.abspath(p) for p in paths])
        super().__init__(display, **options)
        self.file_format = file_format
        self._format = (file_format or "").lower()
        self._paths = paths
        self._skip_bad = False
        self._files: list[str] = []
        for path in paths:
            if is_glob(path) and not os.path.exists(path):
                self._files.extend(expand_glob(path))
                self._skip_bad = True
                continue
            check_readable(path)
            if os.path.isdir(path):
                self._files.extend(_files_in(path))
                self._skip_bad = True
            else:
                self._files.append(path)
        if not self._files:
            raise ArchiveError(self.path, "the folder holds no files")

    @property
    def format(self) -> str:  # type: ignore[override]
        """The ObsPy format of the files, lower case ("mseed", "sac", ...; "mixed" for several)."""
        self.items()
        return self._format

    def _headers(self) -> list[_TraceHeader]:
        headers, skipped = [], []
        for path in self._files:
            try:
                stream = read_file(path, file_format=self.file_format, headonly=True)
            except ArchiveError as exc:
                if not self._skip_bad:
                    raise
                skipped.append(f"{os.path.basename(path)} ({exc.reason})")
                continue
            for tr in stream:
                stats = tr.stats
                problem = trace_problem(stats.sampling_rate, stats.npts, stats.starttime, max_samples=None)
                if problem is not None:
                    skipped.append(f"{os.path.basename(path)} {tr.id} ({problem})")
                    continue
                headers.append(
                    _TraceHeader(
                        file=path,
                        station_id=station_id_of(stats.network, stats.station, stats.location, stats.channel),
                        channel_id=tr.id,
                        component=component_of(stats.channel),
                        start=stats.starttime,
                        end=stats.endtime,
                        sampling_rate=float(stats.sampling_rate),
                        file_format=str(stats.get("_format", "")).lower(),
                        sac=dict(stats.sac) if "sac" in stats else None,
                    )
                )
        if not headers:
            reason = skipped[0] if skipped else "no traces"
            if len(self._files) == 1:
                raise ArchiveError(self.path, f"nothing readable as waveforms: {reason}")
            raise ArchiveError(self.path, f"nothing readable as waveforms ({len(self._files)} files tried; {reason})")
        if skipped:
            self.warnings.append(f"skipped {len(skipped)} unreadable files or traces: " + "; ".join(skipped[:10]))
        if not self._format:
            formats = sorted({h.file_format for h in headers})
            self._format = formats[0] if len(formats) == 1 else "mixed"
        return [h for h in headers if (self.start is None or h.end >= self.start) and (self.end is None or h.start <= self.end)]

    def _list(self) -> list[Item]:
        by_station: dict[str, list[_TraceHeader]] = defaultdict(list)
        for header in self._headers():
            by_station[header.station_id].append(header)
        items = []
        for station_id, headers in sorted(by_station.items()):
            usable = sorted((h for h in headers if h.component), key=lambda h: h.start)
            if not usable:
                self.unused_channels.update(h.channel_id for h in headers)
                continue
            segments: list[list[_TraceHeader]] = []
            for header in usable:
                if segments and header.start <= max(h.end for h in segments[-1]) + MAX_MERGED_GAP_S:
                    segments[-1].append(header)
                else:
                    segments.append([header])
            for segment in segments:
                items.append(self._item(station_id, segment, headers, len(segments) > 1))
        return items

    def _item(self, station_id: str, segment: list[_TraceHeader], headers: list[_TraceHeader], several: bool) -> Item:
        start = min(h.start for h in segment)
        end = max(h.end for h in segment)
        key = f"{station_id}/{start}" if several else station_id
        rates = sorted({h.sampling_rate for h in segment})
        if len(rates) > 1:
            self.warnings.append(f"{key}: sampling rate changes ({', '.join(f'{r:g}' for r in rates)} Hz); "
                                 "each stretch is resampled at its own rate")
        record_id = str(ItemRef(self.path, key))
        picks = [p for h in segment if h.sac for p in sac_picks(h.sac, h.start, station_id, record_id)]
        unused = sorted({h.channel_id for h in headers if not h.component and h.end >= start and h.start <= end})
        return Item(
            key=key,
            station_id=station_id,
            start=start,
            sampling_rate=rates[-1],
            n_samples=int(round((end - start) * rates[-1])) + 1,
            labels=unique_picks(picks),
            extra={
                "files": sorted({h.file for h in segment}),
                "file_spans": _file_spans(segment),
                "channels": sorted({h.channel_id for h in segment}),
                "unused_channels": unused,
            },
        )

    def _read(self, item: Item, starttime: UTCDateTime | None, endtime: UTCDateTime | None) -> Record:
        starttime = item.start if starttime is None else max(starttime, item.start)
        endtime = item.end if endtime is None else min(endtime, item.end)
        stream = Stream()
        files = [path for path, first, last in item.extra["file_spans"] if first <= endtime and last >= starttime]
        for path in files:
            stream += read_file(path, file_format=self.file_format, starttime=starttime, endtime=endtime)
        stream.traces = [tr for tr in stream if trace_station_id(tr) == item.station_id]
        record = stream_to_record(stream, self.ref(item), starttime=starttime, endtime=endtime)
        record.metadata["files"] = files
        record.metadata["unused_channels"] = item.extra["unused_channels"]
        return record
