"""Labelled training windows: 3-component samples of a model's window with their P and S positions, class, event.

A labelled record becomes one or more windows of ``window`` samples (the model kind's
:attr:`~eqviewer.model.descriptor.ModelDescriptor.window_samples`, the only input length its networks accept): a
record of exactly that length is one window; a longer earthquake record gives one window per reviewed P pick (the P
placed ``lead`` samples into it); a longer noise record gives consecutive windows. A record shorter than a window (a
29 s noise record, a 30 s event file) is padded as detection pads it (:func:`eqviewer.detect.windows.pad_to`:
mirrored at its end), so the networks learn from what they will see there; records under
:data:`eqviewer.detect.windows.MIN_DATA` samples, unlabelled records and records marked "unsure" give none. Only
reviewed picks (accepted, corrected, manual) become targets: automatic picks are what the model said, not what an
analyst confirmed. A rejected pick that no reviewed pick lies near gives a hard negative: a noise window with the
rejected pick ``lead`` samples in. Every window has a kind (:data:`KINDS`), so that training can say what it
learned from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from eqviewer.detect import MIN_DATA, pad_to
from eqviewer.io import Record
from eqviewer.labels import REVIEWED_STATUSES, Pick

EARTHQUAKE = "earthquake"
NOISE_RECORD = "noise record"
REJECTED_PICK = "rejected pick"
PRE_P = "pre-P segment"
SPECTRAL_PRE_P = "pre-P spectrum"
KINDS = (EARTHQUAKE, NOISE_RECORD, REJECTED_PICK, PRE_P, SPECTRAL_PRE_P)
"""What a window was made from: an earthquake record, a record labelled noise, the surroundings of a rejected
automatic pick, the real samples before an earthquake's first arrival (padded as detection pads a short record),
or random-phase noise with that segment's spectrum (:mod:`eqviewer.train.noise`)."""


@dataclass
class LabelledWindows:
    """Windows and their labels, index-aligned.

    ``waveforms`` is float32 (N, 3, window) in Z, N, E order; ``p_samples[i]`` / ``s_samples[i]`` hold the
    (fractional) sample positions of the reviewed P / S arrivals inside window i (possibly none);
    ``is_earthquake[i]`` is the class; ``event_ids[i]`` groups windows of one earthquake (or, for noise, one
    record) so that a split never puts one event on both sides; ``record_ids[i]`` is the source record's id;
    ``kinds[i]`` is what the window was made from (:data:`KINDS`; empty: earthquake or noise record by class).
    """

    waveforms: np.ndarray
    p_samples: list[np.ndarray]
    s_samples: list[np.ndarray]
    is_earthquake: np.ndarray
    event_ids: list[str]
    record_ids: list[str]
    station_ids: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.waveforms.shape[0])

    def subset(self, index: Iterable[int]) -> "LabelledWindows":
        """The windows at ``index``, in that order."""
        idx = np.asarray(list(index), dtype=int)
        pick = lambda seq: [seq[i] for i in idx]  # noqa: E731 - local shorthand
        return LabelledWindows(
            waveforms=self.waveforms[idx],
            p_samples=pick(self.p_samples),
            s_samples=pick(self.s_samples),
            is_earthquake=self.is_earthquake[idx],
            event_ids=pick(self.event_ids),
            record_ids=pick(self.record_ids),
            station_ids=pick(self.station_ids) if self.station_ids else [],
            kinds=pick(self.kinds) if self.kinds else [],
        )

    @property
    def n_earthquakes(self) -> int:
        """Number of earthquake windows."""
        return int(np.count_nonzero(self.is_earthquake))

    @property
    def n_noise(self) -> int:
        """Number of noise windows."""
        return len(self) - self.n_earthquakes

    def kind(self, i: int) -> str:
        """What window ``i`` was made from (:data:`KINDS`)."""
        if self.kinds:
            return self.kinds[i]
        return EARTHQUAKE if self.is_earthquake[i] else NOISE_RECORD

    def counts(self, index: Iterable[int] | None = None) -> dict[str, int]:
        """Windows per class and per kind (of those at ``index``; all by default): {"earthquake": n, "noise": n,
        "noise record": n, ...}, every kind listed."""
        idx = np.arange(len(self)) if index is None else np.asarray(list(index), dtype=int)
        counts = {"earthquake": int(np.count_nonzero(self.is_earthquake[idx]))}
        counts["noise"] = int(idx.size) - counts["earthquake"]
        for kind in KINDS[1:]:
            counts[kind] = sum(1 for i in idx if self.kind(int(i)) == kind)
        return counts

    def pick_counts(self, index: Iterable[int] | None = None) -> dict[str, int]:
        """Reviewed arrivals in the windows at ``index`` (all by default): {"P picks": n, "S picks": n}."""
        idx = np.arange(len(self)) if index is None else np.asarray(list(index), dtype=int)
        return {f"{phase} picks": int(sum(samples[i].size for i in idx))
                for phase, samples in (("P", self.p_samples), ("S", self.s_samples))}


def concatenate(a: LabelledWindows, b: LabelledWindows) -> LabelledWindows:
    """The windows of ``a`` followed by those of ``b``."""
    return LabelledWindows(
        waveforms=np.concatenate([a.waveforms, b.waveforms]),
        p_samples=a.p_samples + b.p_samples,
        s_samples=a.s_samples + b.s_samples,
        is_earthquake=np.concatenate([a.is_earthquake, b.is_earthquake]),
        event_ids=a.event_ids + b.event_ids,
        record_ids=a.record_ids + b.record_ids,
        station_ids=a.station_ids + b.station_ids,
        kinds=[a.kind(i) for i in range(len(a))] + [b.kind(i) for i in range(len(b))],
    )


@dataclass
class _Window:
    data: np.ndarray
    p: np.ndarray
    s: np.ndarray
    is_earthquake: bool
    event_id: str | None
    record_id: str
    station_id: str
    first_p_time: float | None  # absolute P time (POSIX seconds), for grouping traces into events
    kind: str = EARTHQUAKE


_EVENT_ID_KEYS = ("source_id", "event_id", "eventid", "event")
_ORIGIN_KEYS = ("source_origin_time", "origin_time", "event_origin_time")


def _clean(value) -> str | None:
    """A metadata value as text, or None when it is empty or a placeholder."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, float) and not np.isfinite(value):
        return None
    text = str(value).strip()
    return None if text.lower() in ("", "none", "nan", "null") else text


def event_key(metadata: dict) -> str | None:
    """The event a record belongs to, from its metadata: an event id, else an origin time; None if neither."""
    lowered = {str(k).lower(): v for k, v in metadata.items()}
    for key in _EVENT_ID_KEYS:
        value = _clean(lowered.get(key))
        if value is not None:
            return f"event:{value}"
    for key in _ORIGIN_KEYS:
        value = _clean(lowered.get(key))
        if value is not None:
            return f"origin:{value}"
    return None


def reviewed_picks(record: Record, phase: str) -> list[Pick]:
    """The record's picks of ``phase`` ("P" or "S") that an analyst made or confirmed."""
    return [
        pick for pick in record.labels if pick.phase.upper() == phase and pick.status in REVIEWED_STATUSES
    ]


def _hard_negative_starts(record: Record, reviewed: np.ndarray, lead: int, window: int) -> list[int]:
    """Starts of ``window``-sample windows that put each rejected pick ``lead`` samples in, keeping clear of every
    reviewed pick and of each other."""
    n = record.n_samples
    starts: list[int] = []
    for pick in sorted(record.labels, key=lambda p: p.time):
        if pick.status != "rejected":
            continue
        start = int(np.clip(round(record.sample_of(pick.time)) - lead, 0, max(n - window, 0)))
        clash = np.any((reviewed >= start) & (reviewed < start + window))
        if not clash and all(abs(start - other) >= window for other in starts):
            starts.append(start)
    return starts


def _record_category(record: Record, p_picks: list[Pick]) -> str | None:
    if record.category in ("earthquake", "noise"):
        return record.category
    if record.category is None and p_picks:
        return "earthquake"
    return None


def windows_from_record(record: Record, window: int, lead: int = 1000, max_noise_windows: int = 20) -> list[_Window]:
    """Cut a labelled record into training windows of ``window`` samples (see the module docstring); [] when it
    holds none."""
    p_picks = reviewed_picks(record, "P")
    s_picks = reviewed_picks(record, "S")
    category = _record_category(record, p_picks)
    n = record.n_samples
    if n < MIN_DATA:
        return []
    data = pad_to(np.asarray(record.data, dtype=np.float32), window)
    p_all = np.array(sorted(record.sample_of(p.time) for p in p_picks), dtype=float)
    s_all = np.array(sorted(record.sample_of(p.time) for p in s_picks), dtype=float)
    event = event_key(record.metadata)
    record_id = str(record.ref)
    plan: list[tuple[int, str]] = []  # (start, kind)
    if category == "noise":
        plan = [(start, NOISE_RECORD) for start in range(0, max(n - window, 0) + 1, window)][:max_noise_windows]
        p_all = s_all = np.empty(0)
    elif category == "earthquake" and n <= window:
        plan = [(0, EARTHQUAKE)]
    elif category == "earthquake":
        plan = [(start, EARTHQUAKE) for start in sorted({int(np.clip(round(p) - lead, 0, n - window)) for p in p_all})]
    if category in ("earthquake", None):
        reviewed = np.concatenate([p_all, s_all])
        plan += [(start, REJECTED_PICK) for start in _hard_negative_starts(record, reviewed, lead, window)]
    windows = []
    for start, kind in plan:
        inside = lambda a: a[(a >= start) & (a < start + window)] - start  # noqa: E731 - local shorthand
        p_in, s_in = inside(p_all), inside(s_all)
        first_p = float(record.start + (start + p_in[0]) / record.sampling_rate) if p_in.size else None
        windows.append(
            _Window(
                data=data[:, start : start + window],
                p=p_in,
                s=s_in,
                is_earthquake=kind == EARTHQUAKE,
                event_id=event if kind != REJECTED_PICK else None,
                record_id=record_id if len(plan) == 1 else f"{record_id}@{start}",
                station_id=record.station_id,
                first_p_time=first_p,
                kind=kind,
            )
        )
    return windows


def group_by_p_time(p_times: list[float | None], max_gap_s: float = 60.0) -> list[int | None]:
    """Group windows into events by their absolute P time: times within ``max_gap_s`` of the previous one join
    its group. Returns a group number per window (None where the window has no P)."""
    order = sorted((t, i) for i, t in enumerate(p_times) if t is not None)
    groups: list[int | None] = [None] * len(p_times)
    group, previous = -1, None
    for t, i in order:
        if previous is None or t - previous > max_gap_s:
            group += 1
        groups[i] = group
        previous = t
    return groups


def collect_windows(
    records: Iterable[Record],
    window: int,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> LabelledWindows:
    """All training windows of ``window`` samples in ``records``, each with an event id.

    The event id is the record's event id or origin time from its metadata; earthquake windows without one are
    grouped by P time (:func:`group_by_p_time`), and noise windows without one are grouped by record.
    ``progress(n)`` is called after each record, ``cancel()`` stops early (the windows read so far are kept).
    """
    windows: list[_Window] = []
    for count, record in enumerate(records, start=1):
        windows.extend(windows_from_record(record, window))
        if progress is not None:
            progress(count)
        if cancel is not None and cancel():
            break
    p_groups = group_by_p_time([w.first_p_time if w.event_id is None else None for w in windows])
    event_ids = []
    for w, group in zip(windows, p_groups):
        if w.event_id is not None:
            event_ids.append(w.event_id)
        elif group is not None:
            event_ids.append(f"p-time:{group}")
        else:
            event_ids.append(f"record:{w.record_id.split('@')[0]}")
    waveforms = np.stack([w.data for w in windows]) if windows else np.zeros((0, 3, window), np.float32)
    return LabelledWindows(
        waveforms=waveforms.astype(np.float32, copy=False),
        p_samples=[w.p for w in windows],
        s_samples=[w.s for w in windows],
        is_earthquake=np.array([w.is_earthquake for w in windows], dtype=bool),
        event_ids=event_ids,
        record_ids=[w.record_id for w in windows],
        station_ids=[w.station_id for w in windows],
        kinds=[w.kind for w in windows],
    )
