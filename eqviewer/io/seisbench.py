"""SeisBench-format datasets: a folder with metadata.csv and waveforms.hdf5 (bucketed or one dataset per trace).

``trace_name`` is either a dataset name under ``data/`` or ``bucketN$i,:3,:n`` (row i of dataset
``data/bucketN``, sliced). The ``data_format`` group gives component_order (default ZNE), dimension_order
(default CW) and sampling_rate (a ``trace_sampling_rate_hz`` column overrides it per trace). Picks come from
``trace_<phase>_arrival_sample`` columns (phases starting with P or S), the split from ``split``. Traces without
a ``trace_category`` are earthquakes when they name a source (origin time or magnitude), else unlabelled.
A component order of fewer components ("Z") or with others ("Z12H": 1/2 read as N/E, a hydrophone dropped) gives
records with the missing components zero and flagged; traces whose component count does not match are skipped
with a warning.
"""

from __future__ import annotations

import os
import re

import h5py
import numpy as np
from obspy import UTCDateTime

from eqviewer.errors import ArchiveError
from eqviewer.io.archive_labels import as_text, category_of, pick_status
from eqviewer.io.csv_table import NO_TIME, MetadataTable
from eqviewer.io.hdf5_files import dataset_at, open_hdf5, sample_span, window_record
from eqviewer.io.limits import OUTSIDE_SPAN, sample_offsets_ns
from eqviewer.io.record import Record
from eqviewer.io.source import Item, Source
from eqviewer.labels import Pick

METADATA = "metadata.csv"
WAVEFORMS = "waveforms.hdf5"
PICK_COLUMN = re.compile(r"^trace_([A-Za-z0-9]+)_arrival_sample$")


def _slice_part(text: str) -> int | slice:
    """One part of a SeisBench index ("0", ":3", "10:20") as an int or slice."""
    if ":" not in text:
        return int(text)
    start, _, stop = text.partition(":")
    return slice(int(start) if start else None, int(stop) if stop else None)


def parse_trace_name(trace_name: str) -> tuple[str, tuple]:
    """``"bucket0$0,:3,:1200"`` -> ("bucket0", (0, slice(None, 3), slice(None, 1200))); a plain name -> (name, ())."""
    dataset, sep, spec = trace_name.partition("$")
    if not sep:
        return dataset, ()
    return dataset, tuple(_slice_part(part.strip()) for part in spec.split(","))


def _format_value(group: h5py.Group | None, name: str, default):
    if group is None or name not in group:
        return default
    value = group[name][()]
    return value.decode() if isinstance(value, bytes) else value


class SeisbenchSource(Source):
    """A SeisBench dataset folder (or its waveforms.hdf5 / metadata.csv)."""

    format = "seisbench"

    @staticmethod
    def folder_of(path: str) -> str:
        """The dataset folder for a folder, waveforms.hdf5 or metadata.csv path."""
        return path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))

    @classmethod
    def sniff(cls, path: str) -> bool:
        """Whether ``path`` is a SeisBench dataset: metadata.csv + waveforms.hdf5 with a data_format group or buckets."""
        folder = cls.folder_of(path)
        metadata, waveforms = os.path.join(folder, METADATA), os.path.join(folder, WAVEFORMS)
        if not (os.path.isfile(metadata) and os.path.isfile(waveforms)):
            return False
        if os.path.isfile(path) and os.path.basename(path) not in (METADATA, WAVEFORMS):
            return False
        try:
            with h5py.File(waveforms, "r") as handle:
                if "data_format" in handle:
                    return True
        except OSError:
            return False
        with open(metadata, encoding="utf-8-sig", errors="replace") as handle:
            handle.readline()
            return "$" in handle.readline()

    def __init__(self, path: str | os.PathLike, **options):
        folder = self.folder_of(os.fspath(path))
        super().__init__(folder, **options)
        self._metadata_path = os.path.join(folder, METADATA)
        self._waveforms_path = os.path.join(folder, WAVEFORMS)
        self._file = open_hdf5(self._waveforms_path)
        try:
            if "data" not in self._file:
                raise ArchiveError(self._waveforms_path, "holds no 'data' group of waveforms")
            data_format = self._file.get("data_format")
            self._component_order = str(_format_value(data_format, "component_order", "ZNE"))
            self._components_first = str(_format_value(data_format, "dimension_order", "CW")).upper().startswith("C")
            rate = _format_value(data_format, "sampling_rate", None)
            self._sampling_rate = None if rate is None else float(rate)
        except (RuntimeError, OSError, KeyError, ValueError, TypeError) as exc:  # damaged or odd data_format
            raise ArchiveError(self._waveforms_path, f"its data_format group cannot be read ({exc})") from None
        self._shapes: dict[str, tuple] = {}

    def _shape(self, dataset: str) -> tuple:
        if dataset not in self._shapes:
            self._shapes[dataset] = dataset_at(self._file, f"data/{dataset}", self._waveforms_path).shape
        return self._shapes[dataset]

    def _trace_shape(self, trace_name: str) -> tuple[int, ...]:
        dataset, index = parse_trace_name(trace_name)
        shape = self._shape(dataset)
        dims = [len(range(*part.indices(size))) for part, size in zip(index, shape) if isinstance(part, slice)]
        return tuple(dims) + tuple(shape[len(index):])

    def _list(self) -> list[Item]:
        table = MetadataTable(self._metadata_path)
        self.warnings.extend(table.warnings)
        if "trace_name" not in table.columns:
            raise ArchiveError(self._metadata_path, "has no trace_name column")
        if table.n_rows == 0:
            raise ArchiveError(self._metadata_path, "lists no traces (a header line only)")
        rates = table.floats("trace_sampling_rate_hz")
        if self._sampling_rate is None and np.isnan(rates).any():
            raise ArchiveError(self._metadata_path, "gives no sampling rate (data_format/sampling_rate or trace_sampling_rate_hz)")
        rates = np.where(np.isnan(rates), self._sampling_rate or 0.0, rates)
        start_ns = table.times_ns("trace_start_time")
        missing_start = int((start_ns == NO_TIME).sum())
        start_ns = np.where(start_ns == NO_TIME, 0, start_ns)
        picks = []  # (phase, pick times in ns or NO_TIME, statuses) per pick column
        outside = 0  # arrival samples beyond the readable span of a trace at a readable rate
        for column in table.columns:
            match = PICK_COLUMN.match(column)
            if match and match.group(1)[0] in "PpSs":
                samples = table.floats(column)
                offsets, known = sample_offsets_ns(samples, rates)  # traces at rates outside the limits are refused
                outside += int((np.isfinite(samples) & sample_offsets_ns(0.0, rates)[1] & ~known).sum())
                statuses = [pick_status(v) for v in table.text(f"trace_{match.group(1)}_status")]
                picks.append((match.group(1)[0].upper(), np.where(known, start_ns + offsets, NO_TIME), statuses))
        if "trace_category" in table.columns:
            categories = [category_of(v) for v in table.columns["trace_category"]]
        else:  # a trace that names its source records an earthquake
            sourced = np.isfinite(table.floats("source_magnitude")) | (np.array(table.text("source_origin_time")) != "")
            categories = ["earthquake" if flag else None for flag in sourced]
        codes = zip(*(table.text(c) for c in ("station_network_code", "station_code", "station_location_code", "trace_channel")))
        station_ids = [".".join(as_text(code) for code in row) for row in codes]
        splits = table.columns.get("split")
        order = self.component_order or self._component_order
        items, bad_shapes = [], []
        for index, trace_name in enumerate(table.columns["trace_name"]):
            try:
                shape = self._trace_shape(trace_name)
            except (ValueError, IndexError) as exc:
                raise ArchiveError(self._metadata_path, f"line {index + 2}: bad trace_name {trace_name!r} ({exc})") from None
            if len(shape) != 2 or shape[0 if self._components_first else 1] != len(order):
                bad_shapes.append(f"trace {trace_name} has shape {shape}; expected {len(order)} components ({order})")
                continue
            station_id, record_id = station_ids[index], f"{self.path}#{trace_name}"
            labels = [
                Pick(station_id=station_id, phase=phase, time=UTCDateTime(ns=int(times[index])), record=record_id,
                     status=statuses[index])
                for phase, times, statuses in picks
                if times[index] != NO_TIME
            ]
            items.append(
                Item(
                    key=trace_name,
                    station_id=station_id,
                    start=UTCDateTime(ns=int(start_ns[index])),
                    sampling_rate=float(rates[index]),
                    n_samples=shape[1] if self._components_first else shape[0],
                    category=categories[index],
                    labels=labels,
                    extra={"split": splits[index]} if splits is not None else {},
                )
            )
        if bad_shapes:
            if not items:
                raise ArchiveError(self._waveforms_path, bad_shapes[0])
            self.warnings.append(f"skipped {len(bad_shapes)} traces of the wrong shape: " + "; ".join(bad_shapes[:5]))
        if outside:
            self.warnings.append(f"{outside} {OUTSIDE_SPAN}")
        if missing_start:
            self.warnings.append(f"{missing_start} traces have no trace_start_time; times count from 1970-01-01")
        return items

    def _read(self, item: Item, starttime: UTCDateTime | None, endtime: UTCDateTime | None) -> Record:
        if not self._file.id.valid:
            self._file = open_hdf5(self._waveforms_path)
        dataset, index = parse_trace_name(item.key)
        member = dataset_at(self._file, f"data/{dataset}", self._waveforms_path)
        try:
            selection, n, first = self._sample_selection(member.shape, index)
            span = sample_span(item, starttime, endtime, n, self.path)
            selection[self._sample_axis(selection)] = slice(first + span[0], first + span[1])
            with np.errstate(over="ignore"):  # float64 beyond float32 becomes inf, then zero (flagged) in window_record
                raw = np.array(member[tuple(selection)], dtype=np.float32)
        except (IndexError, ValueError, TypeError, OSError) as exc:
            raise ArchiveError(self._waveforms_path, f"trace {item.key} cannot be read ({exc})") from None
        data = raw if self._components_first else raw.T
        order = self.component_order or self._component_order
        return window_record(self, item, data, span, n, order, self._waveforms_path, item.extra)

    def _sample_axis(self, selection: list) -> int:
        """The dataset axis that holds a trace's samples: of the axes a selection keeps (slices), the second for
        components-first traces, else the first."""
        kept = [axis for axis, part in enumerate(selection) if isinstance(part, slice)]
        return kept[1 if self._components_first else 0]

    def _sample_selection(self, shape: tuple, index: tuple) -> tuple[list, int, int]:
        """The trace's selection in its dataset (one part per axis), its number of samples and the dataset index of
        its first sample, so that reading a time slice reads only that slice's samples."""
        selection = list(index) + [slice(None)] * (len(shape) - len(index))
        axis = self._sample_axis(selection)
        first, stop, step = selection[axis].indices(shape[axis])
        if step != 1:
            raise ValueError("a trace_name sample range with a step is not supported")
        return selection, max(0, stop - first), first

    def close(self) -> None:
        """Close the HDF5 file."""
        if self._file.id.valid:
            self._file.close()
