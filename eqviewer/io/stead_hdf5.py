"""STEAD-, EqT- and TXED-layout HDF5: one 3-component dataset per trace, labels as attributes (and a CSV).

Layouts: datasets under ``earthquake/local/`` and ``non_earthquake/noise/`` (STEAD), under ``data/`` (EqT's
hdf5 maker, OBSTransformer), or top-level groups holding a ``data`` dataset with the attributes on the group
(TXED). STEAD and EqT store components E, N, Z; TXED stores Z, N, E. A ``component_order`` attribute on the
file or the container group, or the ``component_order`` option, overrides that.

Listing: when a CSV of the same name or ``metadata.csv`` lies beside the file, items are built from its rows
(whole columns parsed at once: 100,000 rows in one to two seconds; a CSV without trace_name, trace_start_time and receiver_code
columns is not used) and every item is taken to have the first dataset's length; reading
returns the true length. Without a CSV, the attributes of every dataset are read (about 0.3-1 ms each), lazily
(on first use of each item) when the file holds more than :data:`LAZY_LISTING_ABOVE` datasets.
"""

from __future__ import annotations

import os
import re
from functools import partial

import numpy as np
from obspy import UTCDateTime

from eqviewer.errors import ArchiveError
from eqviewer.io.archive_labels import as_float, as_text, category_of, pick_at_sample, pick_status
from eqviewer.io.csv_table import NO_TIME, MetadataTable
from eqviewer.io.hdf5_files import dataset_at, open_hdf5, read_attributes, sample_layout, sample_span, window_record
from eqviewer.io.limits import OUTSIDE_SPAN, check_trace, rate_problem, sample_offsets_ns
from eqviewer.io.paths import check_readable, is_hdf5
from eqviewer.io.record import SAMPLING_RATE, Record
from eqviewer.io.source import Item, LazyItem, Source
from eqviewer.io.timeparse import parse_time
from eqviewer.labels import Pick

# Container group -> (category when the trace has no trace_category, stored component order).
CONTAINERS = {
    "earthquake/local": ("earthquake", "ENZ"),
    "non_earthquake/noise": ("noise", "ENZ"),
    "data": (None, "ENZ"),
}
TXED_ORDER = "ZNE"
# Without a CSV, files with more datasets than this list keys only; each item reads its attributes when first
# used (about 1 ms each on a busy 2-core machine, so 100,000 take minutes to read eagerly).
LAZY_LISTING_ABOVE = 5000
# CSV columns without which the attributes are read instead.
CSV_REQUIRED = ("trace_name", "trace_start_time", "receiver_code")
# "109C.TA_20060723155859_EV": the start to the second; "WHAR_AG_HH_2010-08-01T...": station, network, band.
STEAD_NAME_TIME = re.compile(r"_(\d{14})_(?:EV|NO)$")
EQT_NAME = re.compile(r"^([^_]+)_([^_]+)_([A-Z0-9]{2})_")
LABEL_FIELDS = (
    "trace_name",
    "network_code",
    "receiver_code",
    "station",
    "location_code",
    "receiver_type",
    "trace_start_time",
    "trace_category",
    "p_arrival_sample",
    "s_arrival_sample",
    "p_status",
    "s_status",
    "p_arrival_time",
    "sampling_rate",
)


def _count(counts: dict[str, int], what: str) -> None:
    counts[what] = counts.get(what, 0) + 1


def _attr_text(value) -> str:
    if type(value) is str:
        return as_text(value)
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    return as_text(value)


def _station_id(network: str, station: str, location: str, band: str, name: str) -> str:
    """NET.STA.LOC.BAND; a missing band is taken from an EqT trace name ("WHAR_AG_HH_...")."""
    if not band:
        eqt_name = EQT_NAME.match(name)
        if eqt_name and eqt_name.group(1) == station:
            band = eqt_name.group(3)
    return f"{network}.{station}.{location}.{band}"


class _CsvRows:
    """The CSV columns listing needs, parsed once for all rows: start and pick times in ns, statuses, ..."""

    def __init__(self, table: MetadataTable):
        self.table = table
        self.index = {name: i for i, name in enumerate(table.columns["trace_name"])}
        rates = table.floats("sampling_rate")
        self.rate = np.where(np.isnan(rates) | (rates <= 0), SAMPLING_RATE, rates).tolist()
        self.start_ns = table.times_ns("trace_start_time")
        valid = self.start_ns != NO_TIME
        self.outside_limits = 0  # arrival samples ignored: beyond the readable span of a trace at a readable rate
        self.p_ns, self.s_ns = (self._pick_ns(table.floats(f"{phase}_arrival_sample"), valid) for phase in "ps")
        self.p_status, self.s_status = ([pick_status(v) for v in table.text(f"{phase}_status")] for phase in "ps")
        self.category = [category_of(v) for v in table.text("trace_category")]
        self._station_cache: dict[tuple[str, ...], str] = {}
        codes = zip(*(table.text(c) for c in ("network_code", "receiver_code", "location_code", "receiver_type")))
        self.station_ids = [self._station_id(row, name) for row, name in zip(codes, table.columns["trace_name"])]

    def _pick_ns(self, samples: np.ndarray, valid: np.ndarray) -> np.ndarray:
        offsets, usable = sample_offsets_ns(samples, self.rate)
        readable_rate = sample_offsets_ns(0.0, self.rate)[1]  # rows at other rates are refused when listed
        self.outside_limits += int((valid & np.isfinite(samples) & readable_rate & ~usable).sum())
        return np.where(valid & usable, self.start_ns + offsets, NO_TIME)

    def _station_id(self, codes: tuple[str, ...], name: str) -> str:
        # Rows repeat a few stations: cache by codes (not when the band comes from the trace name).
        if codes[3] and codes in self._station_cache:
            return self._station_cache[codes]
        station_id = _station_id(*(as_text(code) for code in codes), name)
        if codes[3]:
            self._station_cache[codes] = station_id
        return station_id


class SteadHdf5Source(Source):
    """A STEAD/EqT/TXED-layout HDF5 file (see the module docstring)."""

    format = "stead_hdf5"

    @staticmethod
    def hdf5_in(path: str) -> str | None:
        """The HDF5 file a path names: the file itself, or a folder's only .hdf5/.h5 file (None if none)."""
        if os.path.isfile(path):
            return path if is_hdf5(path) else None
        found = [os.path.join(path, n) for n in sorted(os.listdir(path)) if n.lower().endswith((".hdf5", ".h5"))]
        if len(found) > 1:
            raise ArchiveError(path, f"holds {len(found)} HDF5 files; open one of them")
        return found[0] if found and is_hdf5(found[0]) else None

    @classmethod
    def sniff(cls, path: str) -> bool:
        """Whether ``path`` is an HDF5 file or a folder holding exactly one (tried after SeisBench)."""
        return cls.hdf5_in(path) is not None

    def __init__(self, path: str | os.PathLike, **options):
        path = os.fspath(path)
        check_readable(path)
        super().__init__(self.hdf5_in(path) or path, **options)
        self._file = open_hdf5(self.path)
        self._entries: dict[str, tuple[str, str, str | None, str]] = {}  # key -> dataset, attrs holder, category, order
        try:
            self._find_datasets()
        except (RuntimeError, OSError, KeyError, ValueError) as exc:  # looping links, damaged groups or attributes
            raise ArchiveError(self.path, f"its HDF5 groups cannot be read ({exc})") from None

    def _find_datasets(self) -> None:
        root = self._file
        file_order = _attr_text(root.attrs.get("component_order", "")) or None
        for container, (category, order) in CONTAINERS.items():
            group = root.get(container)
            if group is None or not hasattr(group, "keys"):
                continue
            order = _attr_text(group.attrs.get("component_order", "")) or file_order or order
            for name in group.keys():
                key = f"{container}/{name}"
                self._entries[key] = (key, key, category, order)
        names = list(root.keys()) if not self._entries else []
        if names:  # TXED: decided from the first group alone (opening 300,000 groups would take seconds)
            first = root.get(names[0])
            if hasattr(first, "keys") and "data" in first and not hasattr(first["data"], "keys"):
                self._entries = {name: (f"{name}/data", name, None, file_order or TXED_ORDER) for name in names}
        if not self._entries:
            raise ArchiveError(
                self.path,
                "holds no waveform dataset (looked for earthquake/local/, non_earthquake/noise/, data/ "
                "and groups holding a 'data' dataset)",
            )

    def _metadata_csv(self) -> str | None:
        stem = os.path.splitext(self.path)[0]
        for candidate in (stem + ".csv", os.path.join(os.path.dirname(self.path), "metadata.csv")):
            if os.path.isfile(candidate):
                return candidate
        return None

    def _csv_table(self) -> MetadataTable | None:
        """The metadata CSV beside the file, when it has the columns listing needs."""
        csv_path = self._metadata_csv()
        if csv_path is None:
            return None
        table = MetadataTable(csv_path)
        self.warnings.extend(table.warnings)
        if not set(CSV_REQUIRED) <= set(table.columns):
            return None
        if table.n_rows == 0:
            self.warnings.append(f"{os.path.basename(csv_path)} lists no traces; the attributes are read instead")
            return None
        names = {key.rpartition("/")[2] for key in self._entries}
        extra = len(set(table.columns["trace_name"]) - names)
        if extra:
            self.warnings.append(f"{os.path.basename(csv_path)} lists {extra} traces this file does not hold")
        return table

    def _attributes(self, key: str) -> dict:
        holder = self._entries[key][1]
        try:
            member = self._file[holder]
        except (KeyError, RuntimeError, OSError, ValueError) as exc:
            raise ArchiveError(self.path, f"{holder} cannot be opened ({exc})") from None
        return read_attributes(member, LABEL_FIELDS, self.path)

    def _n_samples(self, key: str) -> int:
        """The stored length of an entry's dataset; ArchiveError when it is missing, damaged, outside the file or
        not of three components."""
        dataset = dataset_at(self._file, self._entries[key][0], self.path)
        try:
            return sample_layout(dataset.shape)[1]
        except ValueError as exc:
            raise ArchiveError(self.path, f"dataset {key} {exc}") from None

    def _list(self) -> list[Item]:
        table = self._csv_table()
        if table is None and len(self._entries) > LAZY_LISTING_ABOVE:
            return [LazyItem(key, partial(self._load_item, key)) for key in self._entries]
        rows = _CsvRows(table) if table is not None else None
        nominal: int | None = None
        missing: dict[str, int] = {}
        bad: list[str] = []
        items = []
        for key, (dataset_path, _holder, default_category, _order) in self._entries.items():
            name = key.rpartition("/")[2]
            index = rows.index.get(name) if rows is not None else None
            if index is not None and nominal is not None and rows.start_ns[index] != NO_TIME:
                items.append(self._item_from_csv(key, name, rows, index, nominal, default_category))
                continue
            try:
                n_samples = self._n_samples(key)
                fields = rows.table.row(index) if index is not None else self._attributes(key)
                items.append(self._item(key, name, fields, n_samples, default_category, missing))
            except ArchiveError as exc:
                bad.append(exc.reason)
                continue
            if index is not None:
                nominal = n_samples
        if bad:
            if not items:
                raise ArchiveError(self.path, bad[0])
            self.warnings.append(f"skipped {len(bad)} unreadable datasets: " + "; ".join(bad[:5]))
        for what, count in missing.items():
            self.warnings.append(f"{count} traces have {what}")
        if rows is not None and rows.outside_limits:
            self.warnings.append(f"{rows.outside_limits} {OUTSIDE_SPAN}")
        return items

    def _item_from_csv(self, key: str, name: str, rows: "_CsvRows", index: int, n_samples: int, default_category) -> Item:
        """An item from pre-parsed CSV columns (the fast path: no per-row string parsing)."""
        rate = rows.rate[index]
        station_id = rows.station_ids[index]
        start = UTCDateTime(ns=int(rows.start_ns[index]))
        record_id = f"{self.path}#{key}"
        labels = [
            Pick(station_id=station_id, phase=phase, time=UTCDateTime(ns=int(times[index])), record=record_id,
                 status=statuses[index])
            for phase, times, statuses in (("P", rows.p_ns, rows.p_status), ("S", rows.s_ns, rows.s_status))
            if times[index] != NO_TIME
        ]
        category = rows.category[index] or default_category
        return Item(key, station_id, start, rate, n_samples, category, labels, {"trace_name": name})

    def _load_item(self, key: str) -> Item:
        """One item from its dataset's shape and attributes (the lazy listing's loader)."""
        default_category = self._entries[key][2]
        return self._item(key, key.rpartition("/")[2], self._attributes(key), self._n_samples(key), default_category, {})

    def _item(self, key: str, name: str, fields: dict, n_samples: int, default_category: str | None, missing: dict) -> Item:
        rate = as_float(fields.get("sampling_rate")) or SAMPLING_RATE
        problem = rate_problem(rate)
        if problem is not None:
            raise ArchiveError(self.path, f"{key}: {problem}")
        station = _attr_text(fields.get("receiver_code")) or _attr_text(fields.get("station"))
        if not station:
            _count(missing, "no receiver_code (station code)")
        station_id = _station_id(
            _attr_text(fields.get("network_code")),
            station,
            _attr_text(fields.get("location_code")),
            _attr_text(fields.get("receiver_type")),
            name,
        )
        start = self._start(key, name, fields, rate, missing)
        record_id = f"{self.path}#{key}"
        labels = []
        for phase in ("p", "s"):
            pick = pick_at_sample(
                phase.upper(),
                fields.get(f"{phase}_arrival_sample"),
                start,
                rate,
                station_id,
                record_id,
                pick_status(fields.get(f"{phase}_status")),
            )
            if pick is not None:
                labels.append(pick)
            elif as_float(fields.get(f"{phase}_arrival_sample")) is not None:
                _count(missing, "an arrival sample beyond the readable span; its pick is ignored")
        category = category_of(_attr_text(fields.get("trace_category"))) or default_category
        return Item(key, station_id, start, rate, n_samples, category, labels, {"trace_name": name})

    def _start(self, key: str, name: str, fields: dict, rate: float, missing: dict) -> UTCDateTime:
        """The start time: trace_start_time (CSV, then attribute), the time in a STEAD trace name, or P time - P sample."""
        text = _attr_text(fields.get("trace_start_time"))
        start = parse_time(text)
        if start is None and text:
            start = parse_time(_attr_text(self._attributes(key).get("trace_start_time")))
        if start is None:
            stamp = STEAD_NAME_TIME.search(name)
            try:
                start = UTCDateTime.strptime(stamp.group(1), "%Y%m%d%H%M%S") if stamp else None
            except ValueError:
                start = None
            if start is not None and text:
                    _count(missing, "a trace_start_time without seconds; start taken from the trace name")
        if start is None:
            p_time = parse_time(_attr_text(fields.get("p_arrival_time")))
            p_sample = as_float(fields.get("p_arrival_sample"))
            offset_ns, usable = sample_offsets_ns(p_sample if p_sample is not None else np.nan, rate)
            if p_time is not None and usable:
                start = UTCDateTime(ns=p_time.ns - int(offset_ns))
        if start is None:
            _count(missing, "no trace_start_time; times count from 1970-01-01")
            start = UTCDateTime(0)
        return start

    def _read(self, item: Item, starttime: UTCDateTime | None, endtime: UTCDateTime | None) -> Record:
        if not self._file.id.valid:
            self._file = open_hdf5(self.path)
        dataset_path, _holder, _category, order = self._entries[item.key]
        dataset = dataset_at(self._file, dataset_path, self.path)
        try:
            components_first, n = sample_layout(dataset.shape)
        except ValueError as exc:
            raise ArchiveError(self.path, f"dataset {dataset_path} {exc}") from None
        check_trace(self.path, item.key, item.sampling_rate, n, item.start)  # listed from a CSV: not checked yet
        span = sample_span(item, starttime, endtime, n, self.path)
        try:
            raw = dataset[:, span[0]:span[1]] if components_first else dataset[span[0]:span[1], :].T
        except OSError as exc:  # a damaged chunk or a filter that is not installed
            raise ArchiveError(self.path, f"dataset {dataset_path} cannot be read ({exc})") from None
        return window_record(self, item, raw, span, n, self.component_order or order, self.path)

    def close(self) -> None:
        """Close the HDF5 file."""
        if self._file.id.valid:
            self._file.close()
