"""Merging events that association split: two events close in time that one hypocentre explains are one event.

PyOcto may explain one earthquake's picks by two origins (a velocity model a few percent off, a station picked
late), each with part of the stations. Two events are merged when their origin times are at most
``merge_window_s`` apart, no station has the same phase picked in both (two earthquakes of a sequence a few
seconds apart have, at the stations that picked both), and their joint location fits: its RMS is at most
``merge_rms_ratio`` times the larger of their own RMS and the pick error. Merging repeats until no pair merges.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from eqviewer.associate.locate import relocate
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity import VelocityModel
from eqviewer.errors import EqviewerError
from eqviewer.io import StationCoordinates, station_key
from eqviewer.labels import Pick
from eqviewer.origins import Origin


def merge_split_events(origins: Sequence[Origin], picks: Mapping[int, Pick],
                       stations: Mapping[str, StationCoordinates], model: VelocityModel,
                       settings: AssociationSettings = AssociationSettings()) -> list[Origin]:
    """``origins`` (their arrivals name ``picks`` by id) with every pair that one hypocentre explains merged (see
    the module's notes), in time order."""
    events = sorted(origins, key=lambda o: o.time.ns)
    if settings.merge_window_s <= 0:
        return events
    merged = True
    while merged:
        merged = False
        for i in range(len(events) - 1):
            for j in range(i + 1, len(events)):
                if events[j].time - events[i].time > settings.merge_window_s:
                    break
                joint = _joint(events[i], events[j], picks, stations, model, settings)
                if joint is not None:
                    events[i] = joint
                    del events[j]
                    merged = True
                    break
            if merged:
                break
    return sorted(events, key=lambda o: o.time.ns)


def _joint(first: Origin, second: Origin, picks: Mapping[int, Pick], stations: Mapping[str, StationCoordinates],
           model: VelocityModel, settings: AssociationSettings) -> Origin | None:
    """The joint location of two events when it fits well enough to merge them, else None."""
    def phases(origin: Origin) -> set[tuple[str, str]]:
        return {(station_key(picks[a.pick_id].station_id), a.phase[:1]) for a in origin.arrivals}

    if phases(first) & phases(second):
        return None
    start = first if len(first.arrivals) >= len(second.arrivals) else second
    together = [(picks[a.pick_id], True) for a in (*first.arrivals, *second.arrivals)]
    try:
        joint = relocate(start, together, dict(stations), model, settings.pick_error_s, settings.max_depth_km)
    except EqviewerError:
        return None
    worst = max(first.rms_s or 0.0, second.rms_s or 0.0, settings.pick_error_s)
    if joint.rms_s is None or joint.rms_s > settings.merge_rms_ratio * worst:
        return None
    return joint
