"""Training windows of the seed model's length (60 s) cut from the archives around reviewed picks: the one cutter of
the SeisBench and STEAD exports and of training and calibrating on a session, which read the same windows in
memory (:mod:`eqviewer.train.session_source`; a model kind with shorter windows cuts its own from these).

Each reviewed P pick (with the next S pick on the same record, if any) gives one earthquake window; the window
start is drawn so that P falls in the first 9 s (as in TXED) and S stays inside, within the record's extent.
Rejected picks and records or intervals labelled noise give noise windows. Windows whose picks a located event
explains (``eqviewer associate``) belong to that event and carry its origin and their station's coordinates;
the others are grouped into events by time (see :mod:`eqviewer.review.association`).

A record still holding unreviewed (automatic) picks is partly reviewed: its windows could teach the model "no S
here" where there is an S nobody has judged yet. By default such records are left out (:func:`partial_records`
lists them, the export summary counts them); with ``include_partial`` they are exported, and a phase that has an
unreviewed pick in a window and no reviewed one is marked :data:`UNKNOWN_STATUS` (no arrival sample), so training
masks that phase instead of learning it absent. The train/dev/test split is
drawn per event, so one event's traces never land in two splits. Draws use a seeded generator: the same session
exports the same windows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from obspy import UTCDateTime
from obspy.geodetics import gps2dist_azimuth

from eqviewer.errors import ArchiveError, ExportError
from eqviewer.io import SAMPLING_RATE, ItemRef, StationCoordinates, station_key
from eqviewer.labels import Pick
from eqviewer.model import SEED
from eqviewer.origins import Origin
from eqviewer.review.association import cluster_by_time, phase_pairs
from eqviewer.review.selection import picks_with_status

WINDOW_SAMPLES = SEED.window_samples
WINDOW_S = SEED.window_s
BYTES_PER_WINDOW = 3 * WINDOW_SAMPLES * 4 + 4096  # an exported window on disk: float32 samples, a trace's metadata
P_POSITION_S = (0.5, 9.0)  # where P may fall in the window
S_MARGIN_S = 1.0  # S at least this long before the window's end
NOISE_EDGE_S = 5.0
NOISE_OFFSET_S = (NOISE_EDGE_S, WINDOW_S - NOISE_EDGE_S)  # where a rejected pick may fall in its noise window
SPLITS = (("train", 0.7), ("dev", 0.1), ("test", 0.2))
UNKNOWN_STATUS = "unknown"  # the status of a phase an analyst has not judged in the window: to be masked


@dataclass
class TrainingWindow:
    """One window to export: where it is cut, what it holds, and which split its event went to."""

    record: str
    station_id: str
    start: UTCDateTime
    category: str  # "earthquake" or "noise"
    p: Pick | None = None
    s: Pick | None = None
    event: int = -1
    split: str = ""
    origin: Origin | None = None
    station: StationCoordinates | None = None
    unknown: tuple[str, ...] = ()  # phases with an unreviewed pick in the window and no reviewed one

    def status_of(self, phase: str) -> str:
        """The status written for a phase: the pick's, UNKNOWN_STATUS when unjudged, "" when absent."""
        pick = self.p if phase == "P" else self.s
        if pick is not None:
            return pick.status
        return UNKNOWN_STATUS if phase in self.unknown else ""

    @property
    def source_id(self) -> str:
        """The event's name in the exports: ``origin<id>`` for a located event, else ``event<number>``."""
        return f"origin{self.origin.id}" if self.origin is not None else f"event{self.event}"

    def geometry(self) -> dict:
        """The origin and station facts of the window (NaN where unknown): origin time (text, '' when unknown),
        latitude, longitude, depth and their errors, station coordinates, epicentral distance and back-azimuth."""
        nan = float("nan")
        o, st = self.origin, self.station
        facts = {
            "origin_time": str(o.time) if o else "", "latitude": o.latitude if o else nan,
            "longitude": o.longitude if o else nan, "depth_km": o.depth_km if o else nan,
            "time_error_s": _number(o.time_error_s if o else None),
            "horizontal_error_km": _number(o.horizontal_error_km if o else None),
            "depth_error_km": _number(o.depth_error_km if o else None),
            "station_latitude": st.latitude if st else nan, "station_longitude": st.longitude if st else nan,
            "station_elevation_m": st.elevation_m if st else nan, "distance_km": nan, "back_azimuth_deg": nan,
        }
        if o and st:
            metres, _, back_azimuth = gps2dist_azimuth(o.latitude, o.longitude, st.latitude, st.longitude)
            facts.update(distance_km=round(metres / 1000.0, 3), back_azimuth_deg=round(back_azimuth, 2))
        return facts

    def sample_of(self, pick: Pick | None) -> float | None:
        """A pick's (fractional) sample index in the window, or None."""
        return None if pick is None else round((pick.time - self.start) * SAMPLING_RATE, 4)


def trace_name(window: TrainingWindow, index: int) -> str:
    """A unique, HDF5-safe name of the ``index``-th window: station, start time and running number.

    Characters other than ASCII letters, digits, '.', '-' and '_' in the station id become '_': a '/' would make
    nested HDF5 groups and a '$' means "bucket$index" to SeisBench. The running number keeps names unique; the
    station's own codes stay in the exports' metadata columns.
    """
    station = re.sub(r"[^A-Za-z0-9._-]", "_", window.station_id)
    return f"{station}_{window.start.strftime('%Y%m%dT%H%M%S%f')}_{index:06d}"


class _Extents:
    """Start and end of each record, from the archives' listings (no samples read); sources stay open."""

    def __init__(self):
        self.sources: dict[str, object] = {}

    def source(self, path: str):
        if path not in self.sources:
            from eqviewer.io import open_archive

            self.sources[path] = open_archive(path)
        return self.sources[path]

    def item(self, record: str):
        ref = ItemRef.parse(record)
        try:
            return self.source(ref.path).item(ref.key)
        except ArchiveError as exc:
            raise ExportError(exc.path, f"cannot cut training windows: {exc.reason}") from exc

    def close(self) -> None:
        for source in self.sources.values():
            source.close()


def _choose_start(rng, low: float, high: float, first: float, last: float) -> float:
    """A start (seconds from the record start) drawn in [low, high] clipped to [first, last]."""
    low, high = max(low, first), min(high, last)
    if low > high:  # the wanted range lies outside the record: keep as close to it as the record allows
        return float(np.clip(low, first, max(first, last)))
    return float(rng.uniform(low, high))


def partial_records(session) -> set[str]:
    """Records that hold both reviewed picks and picks still automatic (unreviewed)."""
    automatic = {p.record for p in session.picks(status="automatic")}
    return {p.record for p in session.picks() if p.status != "automatic" and p.record in automatic}


def plan_windows(session, statuses: tuple[str, ...], seed: int = 0,
                 include_partial: bool = False) -> tuple[list[TrainingWindow], _Extents]:
    """The windows to cut (with events and splits), and the open sources to read them from; partly reviewed
    records are left out unless ``include_partial`` (see the module docstring)."""
    rng = np.random.default_rng(seed)
    extents = _Extents()
    partial = partial_records(session)
    unreviewed: dict[str, list[Pick]] = defaultdict(list)
    if include_partial:
        for pick in session.picks(status="automatic"):
            if pick.record in partial:
                unreviewed[pick.record].append(pick)
    by_record: dict[str, list[Pick]] = defaultdict(list)
    for pick in picks_with_status(session, statuses):
        if include_partial or pick.record not in partial:
            by_record[pick.record].append(pick)
    windows: list[TrainingWindow] = []
    max_ps_s = WINDOW_S - P_POSITION_S[0] - S_MARGIN_S
    event_of = session.event_of_picks()
    origins = {origin.id: origin for origin in session.events()}
    stations = session.stations()
    for record, picks in by_record.items():
        item = extents.item(record)
        last = (item.n_samples / item.sampling_rate) - WINDOW_S
        for station in sorted({p.station_id for p in picks}):
            for p, s in phase_pairs([q for q in picks if q.station_id == station], max_ps_s):
                anchor = (p or s).time - item.start
                low, high = anchor - P_POSITION_S[1], anchor - P_POSITION_S[0]
                if p is not None and s is not None:
                    low = max(low, s.time - item.start - WINDOW_S + S_MARGIN_S)
                offset = _choose_start(rng, low, high, 0.0, last)
                start = item.start + round(offset * item.sampling_rate) / item.sampling_rate
                origin = origins.get(event_of.get((p or s).id))
                window = TrainingWindow(record, station, start, "earthquake", p, s, origin=origin,
                                        station=stations.get(station_key(station)))
                window.unknown = tuple(sorted(
                    q.phase[:1].upper() for q in unreviewed.get(record, ()) if q.station_id == station
                    and start <= q.time < start + WINDOW_S and (p if q.phase[:1].upper() == "P" else s) is None))
                windows.append(window)
    windows += _noise_windows(session, by_record, extents, rng, partial, unreviewed, include_partial)
    _assign_events_and_splits(windows, rng)
    return windows, extents


def _noise_windows(session, reviewed: dict[str, list[Pick]], extents: _Extents, rng, partial: set[str],
                   unreviewed: dict[str, list[Pick]], include_partial: bool) -> list[TrainingWindow]:
    """Windows around rejected picks and over intervals labelled noise, clear of every reviewed and unreviewed
    pick (on partly reviewed records only with ``include_partial``)."""
    candidates = [(p.record, p.station_id, p.time, True) for p in session.picks(status="rejected")]
    candidates += [(w.record, w.station_id, w.start, False) for w in session.window_labels()
                   if w.category == "noise" and w.status != "automatic"]
    windows: list[TrainingWindow] = []
    taken: dict[str, list[float]] = defaultdict(list)
    for record, station, time, around in sorted(candidates, key=lambda c: (c[0], c[2] or UTCDateTime(0))):
        if record in partial and not include_partial:
            continue
        item = extents.item(record)
        last = (item.n_samples / item.sampling_rate) - WINDOW_S
        at = (time - item.start) if time is not None else 0.0
        low, high = (at - NOISE_OFFSET_S[1], at - NOISE_OFFSET_S[0]) if around else (at, at)
        offset = _choose_start(rng, low, high, 0.0, last)
        start = item.start + round(offset * item.sampling_rate) / item.sampling_rate
        clash = any(start <= p.time <= start + WINDOW_S
                    for p in (*reviewed.get(record, ()), *unreviewed.get(record, ())))
        overlap = any(abs(offset - other) < WINDOW_S for other in taken[record])
        if clash or overlap:
            continue
        taken[record].append(offset)
        windows.append(TrainingWindow(record, station or item.station_id, start, "noise"))
    return windows


def _assign_events_and_splits(windows: list[TrainingWindow], rng) -> None:
    """Group earthquake windows into events: those of a located event by its origin, the others by arrival time
    across stations (each noise window is its own); then draw each event's split."""
    quakes = [w for w in windows if w.category == "earthquake" and w.origin is None]
    events = cluster_by_time(quakes, lambda w: (w.p or w.s).time.timestamp)
    for window, event in zip(quakes, events):
        window.event = event
    count = max(events, default=-1) + 1
    numbers: dict[int, int] = {}
    for window in windows:
        if window.origin is not None:
            window.event = numbers.setdefault(window.origin.id, count + len(numbers))
    count += len(numbers)
    for window in windows:
        if window.category != "earthquake":
            window.event = count
            count += 1
    names, weights = zip(*SPLITS)
    drawn = rng.choice(len(names), size=count, p=np.array(weights))
    for window in windows:
        window.split = names[drawn[window.event]]


def _number(value: float | None) -> float:
    return float("nan") if value is None else value


def read_window(window: TrainingWindow, extents: _Extents) -> np.ndarray:
    """The samples of one window, float32 (3, WINDOW_SAMPLES) Z, N, E (zero-padded where the record is shorter)."""
    ref = ItemRef.parse(window.record)
    source = extents.source(ref.path)
    end = window.start + (WINDOW_SAMPLES - 1) / SAMPLING_RATE
    try:
        record = source.read(ref.key, window.start, end)
    except ArchiveError as exc:
        raise ExportError(exc.path, f"cannot cut training windows: {exc.reason}") from exc
    data = np.zeros((3, WINDOW_SAMPLES), dtype=np.float32)
    shift = int(round((record.start - window.start) * SAMPLING_RATE))
    piece = record.data[:, max(0, -shift):][:, :WINDOW_SAMPLES - max(0, shift)]
    data[:, max(0, shift):max(0, shift) + piece.shape[1]] = piece
    return data


def read_windows(windows: list[TrainingWindow], extents: _Extents) -> Iterator[tuple[TrainingWindow, np.ndarray]]:
    """Each window with its samples (:func:`read_window`); the sources are closed at the end."""
    try:
        for window in windows:
            yield window, read_window(window, extents)
    finally:
        extents.close()
