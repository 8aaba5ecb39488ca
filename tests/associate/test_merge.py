"""Events association split are merged when one hypocentre explains both pick sets; the events of an aftershock
sequence a few seconds apart are kept apart (a generated sequence day, small and quick)."""

from __future__ import annotations

import numpy as np
from obspy.geodetics import gps2dist_azimuth

from eqviewer.associate.associator import associate_picks
from eqviewer.associate.locate import relocate
from eqviewer.associate.merge import merge_split_events
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.origins import Origin
from tests.associate.network import TrueEvent, random_events, ring_stations, synthetic_picks

MODEL = parse_velocity_model("vp=6.0,vs=3.5")
SETTINGS = AssociationSettings()


def _error_km(origin, true) -> float:
    return gps2dist_azimuth(origin.latitude, origin.longitude, true.latitude, true.longitude)[0] / 1000.0


def _part(picks, stations, start: Origin) -> Origin:
    return relocate(start, [(p, True) for p in picks], stations, MODEL, SETTINGS.pick_error_s, SETTINGS.max_depth_km)


def test_an_event_split_in_two_is_merged_and_two_events_are_not():
    rng = np.random.default_rng(21)
    stations = ring_stations(10)
    by_key = {s.key: s for s in stations}
    (true,) = random_events(1, 600, rng)
    picks = synthetic_picks(stations, [true], rng)
    start = Origin(true.time + 1.0, true.latitude + 0.05, true.longitude, 8.0, method="pyocto",
                   velocity_model=MODEL.name)
    west = _part([p for p in picks if int(p.station_id[4:6]) < 5], by_key, start)
    east = _part([p for p in picks if int(p.station_id[4:6]) >= 5], by_key, start)
    (merged,) = merge_split_events([west, east], {p.id: p for p in picks}, by_key, MODEL, SETTINGS)
    assert {a.pick_id for a in merged.arrivals} == {p.id for p in picks}
    assert _error_km(merged, true) < 1.0 and abs(merged.time - true.time) < 0.2
    later = TrueEvent(true.time + 12.0, true.latitude - 0.1, true.longitude + 0.1, 12.0)
    other_picks = {p.id + 1000: p.with_changes(id=p.id + 1000) for p in synthetic_picks(stations[5:], [later], rng)}
    other = _part(list(other_picks.values()), by_key, start)  # other stations, another place and time
    kept = merge_split_events([west, other], {p.id: p for p in picks} | other_picks, by_key, MODEL, SETTINGS)
    assert len(kept) == 2  # no station picked twice, yet no hypocentre explains both
    assert len(merge_split_events([west, east], {p.id: p for p in picks}, by_key, MODEL,
                                  AssociationSettings(merge_window_s=0))) == 2


def test_a_sequence_day_keeps_aftershocks_seconds_apart():
    rng = np.random.default_rng(4)
    stations = ring_stations(10)
    events = random_events(6, 2 * 3600, rng, min_gap_s=600)
    for main in events[:2]:  # two sequences: aftershocks 5-30 s apart near the main shock
        time = main.time
        for _ in range(3):
            time += float(rng.uniform(5, 30))
            events.append(TrueEvent(time, main.latitude + rng.normal(0, 0.02), main.longitude + rng.normal(0, 0.02),
                                    float(np.clip(main.depth_km + rng.normal(0, 2), 2, 25))))
    events.sort(key=lambda e: e.time)
    picks = synthetic_picks(stations, events, rng, n_false=60, span_s=2 * 3600)
    result = associate_picks(picks, {s.key: s for s in stations}, MODEL)
    found = [min(result.origins, key=lambda o: abs(o.time - e.time)) for e in events]
    hits = [o for o, e in zip(found, events) if abs(o.time - e.time) < 1.0 and _error_km(o, e) < 5.0]
    assert len({id(o) for o in hits}) >= len(events) - 1 and len(result.origins) <= len(events) + 1
