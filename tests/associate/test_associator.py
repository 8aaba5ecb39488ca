"""Association of a generated ring network's picks: events recovered, false picks left out."""

from __future__ import annotations

import numpy as np
from obspy.geodetics import gps2dist_azimuth

from eqviewer.associate.associator import associate_picks
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity import parse_velocity_model
from tests.associate.network import random_events, ring_stations, synthetic_picks

MODEL = parse_velocity_model("vp=6.0,vs=3.5")


def _match(origins, events):
    """For each true event, the origin closest in time (or None beyond 5 s)."""
    matched = []
    for event in events:
        best = min(origins, key=lambda o: abs(o.time - event.time), default=None)
        matched.append(best if best is not None and abs(best.time - event.time) < 5 else None)
    return matched


def test_ring_network_events_are_recovered_and_false_picks_left_out():
    rng = np.random.default_rng(3)
    stations = ring_stations()
    events = random_events(12, 6 * 3600, rng)
    picks = synthetic_picks(stations, events, rng, n_false=120, span_s=6 * 3600)
    true_ids = set(range(len(stations) * 2 * len(events)))  # the event picks come first
    result = associate_picks(picks, {s.key: s for s in stations}, MODEL, AssociationSettings(chunk_s=2 * 3600))
    assert len(result.origins) == len(events)
    for event, origin in zip(events, _match(result.origins, events)):
        assert origin is not None
        assert abs(origin.time - event.time) < 1.0
        metres, _, _ = gps2dist_azimuth(origin.latitude, origin.longitude, event.latitude, event.longitude)
        assert metres < 5000
        assert origin.rms_s < 0.2 and origin.horizontal_error_km is not None
    associated = {a.pick_id for o in result.origins for a in o.arrivals}
    false_taken = associated - true_ids
    assert len(false_taken) <= 3  # a false pick may fall by chance within the tolerance of a real arrival
    assert len(associated & true_ids) >= 0.95 * len(true_ids)


def test_events_across_chunk_boundaries_are_kept_once():
    rng = np.random.default_rng(5)
    stations = ring_stations(8)
    events = random_events(10, 3 * 3600, rng)
    picks = synthetic_picks(stations, events, rng)
    short = associate_picks(picks, {s.key: s for s in stations}, MODEL, AssociationSettings(chunk_s=600))
    whole = associate_picks(picks, {s.key: s for s in stations}, MODEL, AssociationSettings(chunk_s=86400))
    assert len(short.origins) == len(whole.origins) == len(events)
    ids = [a.pick_id for o in short.origins for a in o.arrivals]
    assert len(ids) == len(set(ids))


def test_picks_of_stations_without_coordinates_are_reported():
    rng = np.random.default_rng(7)
    stations = ring_stations(6)
    picks = synthetic_picks(stations, random_events(2, 3600, rng), rng)
    result = associate_picks(picks, {s.key: s for s in stations[:4]}, MODEL)
    assert result.stations_without_coordinates == sorted(s.key for s in stations[4:])
    assert all(a.pick_id < len(picks) for o in result.origins for a in o.arrivals)


def test_layered_model_goes_through_pyocto_travel_time_table(tmp_path):
    path = tmp_path / "layers.txt"
    path.write_text("0 6.0 3.5\n20 6.0 3.5\n")  # two layers, one velocity: the same times as the half-space
    rng = np.random.default_rng(9)
    stations = ring_stations()
    events = random_events(4, 3600, rng)
    picks = synthetic_picks(stations, events, rng, n_false=20)
    result = associate_picks(picks, {s.key: s for s in stations}, parse_velocity_model(str(path)))
    assert len(result.origins) == len(events)
    for event, origin in zip(events, _match(result.origins, events)):
        assert abs(origin.time - event.time) < 1.0
        assert gps2dist_azimuth(origin.latitude, origin.longitude, event.latitude, event.longitude)[0] < 5000
        assert origin.velocity_model == str(path)
