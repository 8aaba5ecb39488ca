"""A simple association of picks into events, for exports that need events (QuakeML, NonLinLoc, dataset splits).

The session stores no origins, so events are inferred: on each record and station, a P pick is paired with the
first S pick after it (before the next P, within ``max_ps_s``); pairs from all stations whose first arrivals are
closer than ``EVENT_GAP_S`` to the previous one (single linkage in time) form one event. Picks of other phases
join the pair they follow on their station.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

from eqviewer.labels import Pick

EVENT_GAP_S = 30.0
MAX_PS_S = 58.5

T = TypeVar("T")


def phase_pairs(picks: Sequence[Pick], max_ps_s: float = MAX_PS_S) -> list[tuple[Pick | None, Pick | None]]:
    """(P, S) pairs of the picks of one record and station (either may be None); other phases are ignored."""
    phased = sorted((p for p in picks if p.phase[:1] in ("P", "S")), key=lambda p: p.time.ns)
    pairs, used = [], set()
    for i, pick in enumerate(phased):
        if pick.phase[0] != "P":
            continue
        s = None
        for later in phased[i + 1:]:
            if later.phase[0] == "P":
                break
            if later.time - pick.time <= max_ps_s:
                s = later
                used.add(id(later))
            break
        pairs.append((pick, s))
    pairs += [(None, p) for p in phased if p.phase[0] == "S" and id(p) not in used]
    return sorted(pairs, key=lambda pair: (pair[0] or pair[1]).time.ns)


def cluster_by_time(items: Sequence[T], time_of: Callable[[T], float], gap_s: float = EVENT_GAP_S) -> list[int]:
    """An event number per item: items closer than ``gap_s`` to the previous one (in time order) share it."""
    order = sorted(range(len(items)), key=lambda i: time_of(items[i]))
    events = [0] * len(items)
    event, previous = -1, None
    for index in order:
        time = time_of(items[index])
        if previous is None or time - previous > gap_s:
            event += 1
        events[index] = event
        previous = time
    return events


def group_events(picks: Sequence[Pick], gap_s: float = EVENT_GAP_S) -> list[list[Pick]]:
    """The picks grouped into inferred events, in time order; every pick lands in exactly one group."""
    by_station: dict[tuple[str, str], list[Pick]] = defaultdict(list)
    for pick in picks:
        by_station[(pick.record, pick.station_id)].append(pick)
    units: list[list[Pick]] = []
    for station_picks in by_station.values():
        station_units = [[p for p in pair if p is not None] for pair in phase_pairs(station_picks)]
        others = sorted((p for p in station_picks if p.phase[:1] not in ("P", "S")), key=lambda p: p.time.ns)
        for other in others:
            before = [u for u in station_units if u[0].time <= other.time]
            if before:
                before[-1].append(other)
            else:
                station_units.append([other])
        units += station_units
    events = cluster_by_time(units, lambda unit: unit[0].time.timestamp, gap_s)
    grouped: dict[int, list[Pick]] = defaultdict(list)
    for unit, event in zip(units, events):
        grouped[event] += unit
    return [sorted(grouped[e], key=lambda p: (p.time.ns, p.station_id)) for e in sorted(grouped)]
