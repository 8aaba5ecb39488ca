"""Labels an archive holds (arrival samples, statuses, categories, SAC header picks) as eqviewer types."""

from __future__ import annotations

import functools
import math

from obspy import UTCDateTime

from eqviewer.io.limits import sample_offsets_ns
from eqviewer.labels import Pick

SAC_UNDEFINED = -12345.0
# SAC header time markers that may hold picks, each with the header that names its phase.
SAC_PICK_HEADERS = (("a", "ka"),) + tuple((f"t{i}", f"kt{i}") for i in range(10))
_ONSETS = {"I": "impulsive", "E": "emergent"}


def as_float(value: object) -> float | None:
    """A finite float from an attribute or CSV cell ('' / 'None' / NaN / garbage: None)."""
    if type(value) is str:  # the common case, kept fast for 100,000-row listings
        try:
            number = float(value)
            return number if math.isfinite(number) else None
        except ValueError:
            pass
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        value = value.strip().strip("[]").strip()
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def as_text(value: object) -> str:
    """An attribute or CSV cell as stripped text ('None' and NaN become '')."""
    if type(value) is str and value and value[0] not in " Nn" and value[-1] != " ":
        return value
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = "" if value is None else str(value).strip()
    return "" if text.lower() in ("none", "nan") else text


def pick_status(value: object) -> str:
    """The archive's p_status/s_status as a Pick status: 'autopicker'/'automatic' -> automatic, else manual."""
    return _status_of_text(as_text(value))


@functools.lru_cache(maxsize=256)
def _status_of_text(text: str) -> str:
    return "automatic" if text.lower().startswith("auto") else "manual"


def category_of(value: object) -> str | None:
    """trace_category ('earthquake_local', 'noise', ...) as 'earthquake', 'noise' or None (unlabelled)."""
    return _category_of_text(as_text(value))


@functools.lru_cache(maxsize=256)
def _category_of_text(text: str) -> str | None:
    text = text.lower()
    if text.startswith("earthquake"):
        return "earthquake"
    if text.startswith("noise") or text.startswith("non_earthquake"):
        return "noise"
    return None


def pick_at_sample(
    phase: str,
    sample: object,
    start: UTCDateTime,
    sampling_rate: float,
    station_id: str,
    record: str,
    status: str = "manual",
) -> Pick | None:
    """A pick at a (fractional) stored sample index: time = start + sample / sampling_rate; None if no sample, or
    none within the limits (:func:`eqviewer.io.limits.sample_offsets_ns`)."""
    index = as_float(sample)
    if index is None:
        return None
    offset_ns, usable = sample_offsets_ns(index, sampling_rate)
    if not usable:
        return None
    time = UTCDateTime(ns=start.ns + int(offset_ns))
    return Pick(station_id=station_id, phase=phase, time=time, record=record, status=status)


def sac_picks(sac_header: dict, starttime: UTCDateTime, station_id: str, record: str) -> list[Pick]:
    """Picks in SAC header markers a, t0..t9 whose names (ka, kt0..) say P or S ('P', 'Pg', 'IPU0', 'ES', ...).

    ``starttime`` is the trace start (SAC reference time + b). 'a' without a name is taken as P (SAC's first
    arrival). Markers with other names are ignored.
    """
    begin = as_float(sac_header.get("b")) or 0.0
    picks = []
    for marker, name_header in SAC_PICK_HEADERS:
        offset = as_float(sac_header.get(marker))
        if offset is None or offset == SAC_UNDEFINED:
            continue
        name = as_text(sac_header.get(name_header)).upper()
        if name == "-12345":
            name = ""
        onset = None
        if len(name) > 1 and name[0] in _ONSETS and name[1] in "PS":
            onset, name = _ONSETS[name[0]], name[1:]
        if not name and marker == "a":
            name = "P"
        if not name or name[0] not in "PS":
            continue
        picks.append(
            Pick(
                station_id=station_id,
                phase=name[0],
                time=starttime + (offset - begin),
                record=record,
                onset=onset,
                status="manual",
            )
        )
    return picks


def unique_picks(picks: list[Pick], tolerance_s: float = 0.005) -> list[Pick]:
    """Picks without repeats (the same phase within ``tolerance_s``, e.g. copied on each component), by time."""
    kept: list[Pick] = []
    for pick in sorted(picks, key=lambda p: p.time):
        if not any(k.phase == pick.phase and abs(k.time - pick.time) <= tolerance_s for k in kept):
            kept.append(pick)
    return kept
