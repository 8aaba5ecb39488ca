"""Local magnitudes of a session's located events: the one workflow ``eqviewer magnitude`` and association share.

The formula, the mean and per-station corrections are read and checked before anything is measured; amplitudes,
station magnitudes and each event's magnitude are stored in the session, replacing those of an earlier run.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass

from eqviewer.associate import MEANS, EventMagnitude, MagnitudeSettings, parse_formula, measure_magnitudes
from eqviewer.errors import EqviewerError

__all__ = ["EventMagnitude", "MEANS", "MagnitudeRequest", "compute_magnitudes", "has_station_metadata",
           "event_magnitudes", "magnitude_settings", "read_corrections"]


@dataclass(frozen=True)
class MagnitudeRequest:
    """What the user asks for: the ``formula`` ("iaspei", "hutton-boore", or "a,b,c,d" of
    a log10(A[nm]) + b log10(R[km]) + c R + d), the ``mean`` of station magnitudes ("median" or "trimmed"), a file of
    per-station ``corrections`` (None: none), and one ``event`` id (None: every event)."""

    formula: str = "iaspei"
    mean: str = "median"
    corrections: str | None = None
    event: int | None = None


def read_corrections(path: str | os.PathLike) -> dict[str, float]:
    """Station corrections from a text file: one ``NET.STA.LOC correction`` per line (spaces or a comma between
    them; ``#`` starts a comment). EqviewerError naming the file and line for anything else."""
    path = os.fspath(path)
    corrections: dict[str, float] = {}
    try:
        with open(path, encoding="utf-8") as file:
            lines = file.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EqviewerError(path, f"cannot read the station corrections ({exc})") from None
    for number, line in enumerate(lines, 1):
        fields = line.split("#", 1)[0].replace(",", " ").split()
        if not fields:
            continue
        try:
            key, value = fields[0], float(fields[1])
            if len(fields) != 2 or key.count(".") != 2 or not math.isfinite(value):
                raise ValueError
        except (ValueError, IndexError):
            raise EqviewerError(path, f"line {number}: expected 'NET.STA.LOC correction', got {line.strip()[:60]!r}"
                                ) from None
        corrections[key] = value
    return corrections


def compute_magnitudes(session, request: MagnitudeRequest = MagnitudeRequest(),
                       progress: Callable[[int, int], None] | None = None,
                       cancel: Callable[[], bool] | None = None) -> list[EventMagnitude]:
    """Measure and store the local magnitude of the request's events of the writable ``session``; per event the
    magnitude (or None), its amplitudes and why stations were left out. EqviewerError for a bad formula, mean or
    corrections file, and when the session has no such event."""
    return measure_magnitudes(session, magnitude_settings(request), request.event, progress=progress, cancel=cancel)


def magnitude_settings(request: MagnitudeRequest = MagnitudeRequest()) -> MagnitudeSettings:
    """The request's formula, mean and corrections, read and checked; EqviewerError for a bad formula, mean or
    corrections file."""
    if request.mean not in MEANS:
        raise EqviewerError(None, f"unknown mean {request.mean!r} (known: {', '.join(MEANS)})")
    return MagnitudeSettings(parse_formula(request.formula), request.mean,
                             read_corrections(request.corrections) if request.corrections else {})


def event_magnitudes(session, origins) -> dict[int, float]:
    """The stored magnitude of each of the session's ``origins`` that has one, by origin id."""
    magnitudes = {origin.id: session.magnitude(origin.id) for origin in origins}
    return {origin_id: m.value for origin_id, m in magnitudes.items() if m is not None}


def has_station_metadata(session) -> bool:
    """Whether some station of the session came from station metadata (an inventory, not an archive): its
    instrument responses may be known, so magnitudes can be tried."""
    archives = {entry.path for entry in session.archives()}
    return any(source not in archives for source in session.station_sources().values())
