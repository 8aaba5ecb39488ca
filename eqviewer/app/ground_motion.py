"""The units the traces are viewed in: counts as recorded, or ground displacement, velocity or acceleration with
the instrument response removed (ObsPy), or a simulated Wood-Anderson seismograph. View only: the data the model
sees stay in counts. A channel whose response cannot be read stays in counts and says why.

Converting a station-day takes seconds, so the window runs :func:`convert_record` in a worker thread and keeps
the results in a :class:`GroundMotionCache` (per station record and unit)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from eqviewer.app.observers import Callbacks
from eqviewer.associate import channel_code, ground_motion, response_pre_filter
from eqviewer.errors import EqviewerError
from eqviewer.io import ResponseReader, station_key

UNITS = ("counts", "velocity", "displacement", "acceleration", "wood-anderson")
"""The view's units, in the order the units key cycles through them."""
OUTPUTS = {"velocity": "VEL", "displacement": "DISP", "acceleration": "ACC", "wood-anderson": "WA"}
CAPTIONS = {"counts": "counts", "velocity": "velocity m/s", "displacement": "displacement m",
            "acceleration": "acceleration m/s²", "wood-anderson": "Wood-Anderson m (gain 1)"}
"""What each unit's traces are captioned with."""
NO_RESPONSE_CAPTION = "counts (no instrument response)"
COMPONENTS = "ZNE"
CACHED_RECORDS = 8
"""Converted records kept (a station-day in one unit is some 100 MB)."""


@dataclass(frozen=True)
class Converted:
    """A record in one unit: float32 (3, n) samples, each component's caption (``counts`` where its response is
    unknown), and one message per component left in counts, naming the channel and why."""

    data: np.ndarray
    captions: dict[str, str]
    messages: tuple[str, ...]


def convert_record(record, unit: str, metadata: Mapping[str, str], responses: ResponseReader) -> Converted:
    """``record`` (counts) in ``unit``; ``metadata`` is the station metadata file or folder of each station (by
    NET.STA.LOC, see :meth:`Session.station_sources`) the responses are read from. A component whose response
    cannot be read, or that is missing, stays in counts."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r} (known: {', '.join(UNITS)})")
    if unit == "counts":
        return Converted(record.data, {c: CAPTIONS[unit] for c in COMPONENTS}, ())
    key = station_key(record.station_id)
    data = np.array(record.data, dtype=np.float32)
    captions, messages = {}, []
    duration = record.n_samples / record.sampling_rate
    for row, component in enumerate(COMPONENTS):
        waveform_id = f"{key}.{channel_code(record, component)}"
        captions[component] = CAPTIONS["counts"]
        if f"missing_{component}" in record.flags:
            continue
        try:
            response = channel_response(record, component, metadata, responses)
            rate = record.metadata.get("original_sampling_rate")
            pre_filt = response_pre_filter(response, record.sampling_rate, rate, duration)
            data[row] = ground_motion(record.data[row], record.start, record.sampling_rate, response,
                                      OUTPUTS[unit], pre_filt)
        except (EqviewerError, ValueError) as exc:
            messages.append(f"{waveform_id} stays in counts: {exc}")
            captions[component] = NO_RESPONSE_CAPTION
            continue
        captions[component] = CAPTIONS[unit]
    return Converted(data, captions, tuple(messages))


@dataclass(frozen=True)
class _Samples:
    """Samples read without their archive's record (an event section's slice), shaped as :func:`convert_record`
    reads a record: the channel codes are the band code of ``station_id`` and the component."""

    data: np.ndarray
    start: object
    sampling_rate: float
    station_id: str
    flags: frozenset = frozenset()
    metadata: Mapping = field(default_factory=dict)

    @property
    def n_samples(self) -> int:
        """Samples per component."""
        return int(self.data.shape[1])


def convert_samples(data: np.ndarray, start, sampling_rate: float, station_id: str, unit: str,
                    metadata: Mapping[str, str], responses: ResponseReader) -> Converted:
    """Float32 (3, n) Z, N, E counts of station ``station_id`` (NET.STA.LOC.BAND) from ``start`` in ``unit``, as
    :func:`convert_record` converts a record (an event section's slices have no record of their own)."""
    return convert_record(_Samples(data, start, sampling_rate, station_id), unit, metadata, responses)


def channel_response(record, component: str, metadata: Mapping[str, str], responses: ResponseReader):
    """The instrument response of ``record``'s ``component`` (Z, N or E) from its station's metadata (``metadata``
    by NET.STA.LOC); EqviewerError saying why when there is none."""
    key = station_key(record.station_id)
    source = metadata.get(key)
    if source is None:
        raise EqviewerError(None, f"no station metadata for {key}: no instrument response")
    return responses.response(source, f"{key}.{channel_code(record, component)}", record.start)


class GroundMotionCache:
    """Converted records by (record id, unit), the :data:`CACHED_RECORDS` last used kept."""

    def __init__(self, size: int = CACHED_RECORDS):
        self.size = size
        self._kept: OrderedDict[tuple[str, str], Converted] = OrderedDict()

    def get(self, record_id: str, unit: str) -> Converted | None:
        """The record in ``unit`` when kept, else None."""
        found = self._kept.get((record_id, unit))
        if found is not None:
            self._kept.move_to_end((record_id, unit))
        return found

    def put(self, record_id: str, unit: str, converted: Converted) -> None:
        """Keep a converted record, dropping the one used longest ago when full."""
        self._kept[(record_id, unit)] = converted
        self._kept.move_to_end((record_id, unit))
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)

    def clear(self) -> None:
        """Drop every converted record (another session's metadata)."""
        self._kept.clear()


class UnitsChoice:
    """The analyst's view units (one of :data:`UNITS`); ``changed()`` fires after every change."""

    def __init__(self, unit: str = UNITS[0]):
        self.unit = unit
        self.changed = Callbacks()

    def choose(self, unit: str) -> None:
        """View the traces in ``unit``."""
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r} (known: {', '.join(UNITS)})")
        self.unit = unit
        self.changed.fire()

    def cycle(self) -> None:
        """The next unit of :data:`UNITS` (after the last, counts again)."""
        self.choose(UNITS[(UNITS.index(self.unit) + 1) % len(UNITS)])
