"""The base class every waveform source derives from, and the `Item` it lists.

A source lists its items without reading samples (:meth:`Source.items`) and reads one item at a time, or a
time slice of it, into a :class:`~eqviewer.io.record.Record` (:meth:`Source.read`).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields

from obspy import UTCDateTime

from eqviewer.errors import ArchiveError
from eqviewer.io.limits import check_trace, trace_problem
from eqviewer.io.record import SAMPLING_RATE, ItemRef, Record
from eqviewer.labels import Pick


@dataclass
class Item:
    """One record an archive holds, described from its metadata only (no samples read).

    ``sampling_rate`` and ``n_samples`` describe the item as stored (a 20 Hz item reads as a 100 Hz record,
    flagged ``resampled``). ``labels`` are the picks the archive holds, ``category`` its earthquake/noise
    label (None: unlabelled). ``extra`` holds format-specific facts (channels used and unused, split, ...).
    """

    key: str
    station_id: str
    start: UTCDateTime
    sampling_rate: float
    n_samples: int
    category: str | None = None
    labels: list[Pick] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def end(self) -> UTCDateTime:
        """Time of the last stored sample."""
        return self.start + max(self.n_samples - 1, 0) / self.sampling_rate


class LazyItem(Item):
    """An Item of which only ``key`` is known at first; the other fields are loaded on first access.

    Used to list very large archives whose metadata can only be read item by item (HDF5 attributes).
    ``loader()`` returns the full Item (and may raise ArchiveError).
    """

    def __init__(self, key: str, loader: Callable[[], Item]):  # noqa: D107 - fields come from the loader
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "_loader", loader)

    def __getattr__(self, name: str):
        # Only called for attributes not set yet: load every field once.
        if name.startswith("__") or name == "_loader":
            raise AttributeError(name)
        loaded = self._loader()
        for spec in fields(Item):
            if spec.name != "key":
                object.__setattr__(self, spec.name, getattr(loaded, spec.name))
        return object.__getattribute__(self, name)


class Source:
    """An opened archive: subclasses implement :meth:`_list` and :meth:`_read`.

    ``start``/``end`` restrict what is listed and read (used by archives of continuous data);
    ``component_order`` overrides the order the archive stores its components in (e.g. "ENZ").
    """

    format: str = ""
    # Whether each item is one stored trace (an HDF5 dataset), checked whole against the limits of
    # eqviewer.io.limits; False where an item joins several files (whose traces the reader checks one by one).
    items_are_traces: bool = True

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        start: UTCDateTime | None = None,
        end: UTCDateTime | None = None,
        component_order: str | None = None,
    ):
        self.path = os.fspath(path)
        self.start = None if start is None else UTCDateTime(start)
        self.end = None if end is None else UTCDateTime(end)
        self.component_order = component_order
        self.warnings: list[str] = []
        # Channels of stations with no Z/N/E channel at all (e.g. a lone hydrophone): listed, never read.
        self.unused_channels: set[str] = set()
        self._items: list[Item] | None = None
        self._by_key: dict[str, Item] = {}

    @classmethod
    def sniff(cls, path: str) -> bool:
        """Whether this source reads ``path`` (open_archive asks each registered source in turn)."""
        return False

    # -- to implement -------------------------------------------------------------------------------
    def _list(self) -> list[Item]:
        raise NotImplementedError

    def _read(self, item: Item, starttime: UTCDateTime | None, endtime: UTCDateTime | None) -> Record:
        raise NotImplementedError

    # -- public face --------------------------------------------------------------------------------
    def items(self) -> list[Item]:
        """The items the archive holds, listed from metadata only (cached after the first call)."""
        if self._items is None:
            # Listing creates a few objects per item and no reference cycles; pausing the cyclic garbage
            # collector meanwhile saves it from rescanning them over and over (a third of the time at 20,000
            # items, more beyond).
            collecting = gc.isenabled()
            gc.disable()
            try:
                self._items = self._in_time_range(self._readable(self._list()))
            finally:
                if collecting:
                    gc.enable()
            self._by_key = {item.key: item for item in self._items}
        return self._items

    def _readable(self, items: list[Item]) -> list[Item]:
        """The items within the limits of eqviewer.io.limits; the others are skipped with a warning (ArchiveError
        when none is left). Lazily listed items are checked when read."""
        kept, refused = [], []
        for item in items:
            problem = None if isinstance(item, LazyItem) else trace_problem(
                item.sampling_rate, item.n_samples if self.items_are_traces else None, item.start)
            if problem is None:
                kept.append(item)
            else:
                refused.append(f"{item.key}: {problem}")
        if refused:
            if not kept:
                raise ArchiveError(self.path, refused[0])
            self.warnings.append(f"skipped {len(refused)} unreadable traces: " + "; ".join(refused[:5]))
        return kept

    def _in_time_range(self, items: list[Item]) -> list[Item]:
        """The items that overlap the source's ``start``/``end`` (all when neither is set)."""
        if self.start is None and self.end is None:
            return items
        return [item for item in items if isinstance(item, LazyItem)
                or ((self.start is None or item.end >= self.start) and (self.end is None or item.start <= self.end))]

    def item(self, key: str) -> Item:
        """The item with this key; ArchiveError if there is none."""
        self.items()
        try:
            return self._by_key[key]
        except KeyError:
            raise ArchiveError(self.path, f"holds no item {key!r}") from None

    def ref(self, item: Item) -> ItemRef:
        """The reference (file and key) of an item; ``str()`` of it is the record id."""
        return ItemRef(self.path, item.key)

    def read(
        self,
        item_or_key: Item | str,
        starttime: UTCDateTime | None = None,
        endtime: UTCDateTime | None = None,
    ) -> Record:
        """Read one item (or the part of it between ``starttime`` and ``endtime``) into a Record."""
        item = self.item(item_or_key) if isinstance(item_or_key, str) else item_or_key
        if isinstance(item, LazyItem):
            check_trace(self.path, item.key, item.sampling_rate, item.n_samples if self.items_are_traces else None,
                        item.start)
        return self._read(
            item,
            None if starttime is None else UTCDateTime(starttime),
            None if endtime is None else UTCDateTime(endtime),
        )

    def summary(self) -> dict:
        """What the archive holds, as the dict `eqviewer info --json` prints."""
        items = self.items()
        categories = [item.category for item in items]
        starts = [item.start for item in items]
        ends = [item.end for item in items]
        rates = sorted({float(item.sampling_rate) for item in items})
        warnings = list(self.warnings)
        resampled = [rate for rate in rates if rate != SAMPLING_RATE]
        if resampled:
            listed = ", ".join(f"{rate:g}" for rate in resampled)
            warnings.append(f"items at {listed} Hz are resampled to {SAMPLING_RATE:g} Hz on reading (flagged)")
        return {
            "path": self.path,
            "format": self.format,
            "n_traces": len(items),
            "n_earthquake": categories.count("earthquake"),
            "n_noise": categories.count("noise"),
            "n_unlabelled": categories.count(None),
            "n_with_p": sum(any(p.phase == "P" for p in item.labels) for item in items),
            "n_with_s": sum(any(p.phase == "S" for p in item.labels) for item in items),
            "stations": sorted({item.station_id for item in items}),
            "sampling_rates_hz": rates,
            "start": str(min(starts)) if starts else None,
            "end": str(max(ends)) if ends else None,
            "unused_channels": sorted(
                self.unused_channels | {c for item in items for c in item.extra.get("unused_channels", ())}
            ),
            "warnings": warnings,
        }

    def close(self) -> None:
        """Release open files (a closed source may be reopened by listing or reading again)."""

    def __enter__(self) -> "Source":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
