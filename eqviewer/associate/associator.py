"""Picks of many stations into located events, with PyOcto (Münchmeyer 2024) doing the association.

The picks are cut into time chunks (``AssociationSettings.chunk_s``) that overlap by the longest travel time
across the search area; PyOcto associates each chunk (itself slicing it further and using every core), an event
is kept by the chunk its origin time falls in, and a pick explains at most one event. Each event's PyOcto
location is then refined by least squares (:mod:`eqviewer.associate.locate`), which also gives its errors, and events that one hypocentre
explains are merged (:mod:`eqviewer.associate.merge`). The
search area and a layered model's travel-time table are checked against :mod:`eqviewer.associate.limits` before
anything is built.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from eqviewer.associate.geometry import LocalProjection, azimuthal_gap, distances_azimuths
from eqviewer.associate.limits import search_span_problem, table_problem
from eqviewer.associate.locate import locate
from eqviewer.associate.merge import merge_split_events
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity import VelocityModel
from eqviewer.errors import EqviewerError
from eqviewer.io import StationCoordinates, station_key
from eqviewer.labels import Pick
from eqviewer.origins import Arrival, Origin

METHOD = "pyocto"
TABLE_SPACING_KM = 1.0
# PyOcto's own location search, shallower than its default (6, 4): each event is relocated by least squares
# afterwards anyway. Measured on 3 h of the 50-station benchmark: half the CPU time (9.9 -> 4.6 s), the same events.
LOCATION_SPLIT_DEPTH, LOCATION_SPLIT_RETURN = 4, 2


@dataclass(frozen=True)
class AssociationResult:
    """The located events, how many picks took part, and the stations of picks that have no coordinates."""

    origins: list[Origin]
    n_picks: int
    stations_without_coordinates: list[str]


def associate_picks(picks: Sequence[Pick], stations: dict[str, StationCoordinates], model: VelocityModel,
                    settings: AssociationSettings = AssociationSettings(),
                    progress: Callable[[int, int], None] | None = None,
                    cancel: Callable[[], bool] | None = None) -> AssociationResult:
    """Associate P and S picks (they need ids) into located events; ``progress(done, total)`` per chunk.

    EqviewerError when the search area or a layered model's travel-time table breaks the limits."""
    import pyocto

    logging.getLogger("pyocto").setLevel(logging.ERROR)  # its warnings about pick-count settings are for scripts
    used = [p for p in picks if p.phase[:1] in ("P", "S") and station_key(p.station_id) in stations]
    missing = sorted({station_key(p.station_id) for p in picks if station_key(p.station_id) not in stations})
    keys = sorted({station_key(p.station_id) for p in used})
    if len(used) < settings.min_picks or len(keys) < 2:  # no event can be found
        return AssociationResult([], len(used), missing)
    network = [stations[k] for k in keys]
    projection = LocalProjection.centred_on(network)
    sx, sy = projection.to_xy([s.latitude for s in network], [s.longitude for s in network])
    station_frame = pd.DataFrame({"id": keys, "x": sx, "y": sy, "z": [-s.elevation_m / 1000.0 for s in network]})
    margin = settings.margin_km
    xlim = (float(sx.min()) - margin, float(sx.max()) + margin)
    ylim = (float(sy.min()) - margin, float(sy.max()) + margin)
    span = float(np.hypot(xlim[1] - xlim[0], ylim[1] - ylim[0]))
    problem = search_span_problem(span)
    if problem is not None:
        raise EqviewerError(None, problem)
    longest = float(model.travel_time(span, settings.max_depth_km, "S").max())
    reference = min(p.time for p in used)
    # a fitted model's station delays come off the pick times: PyOcto and the location see travel times alone
    seconds = np.array([p.time - reference - model.delay(station_key(p.station_id), p.phase) for p in used])
    order = np.argsort(seconds, kind="stable")
    with tempfile.TemporaryDirectory(prefix="eqviewer-assoc-") as folder:
        octo = pyocto.OctoAssociator(
            xlim=xlim, ylim=ylim, zlim=(0.0, settings.max_depth_km),  # PyOcto's 1-D tables start at the surface
            velocity_model=_pyocto_model(pyocto, model, settings, span, folder), time_before=longest,
            n_picks=settings.min_picks, n_p_picks=settings.min_p_picks, n_s_picks=settings.min_s_picks,
            n_p_and_s_picks=settings.min_p_and_s, pick_match_tolerance=settings.tolerance_s,
            location_split_depth=LOCATION_SPLIT_DEPTH, location_split_return=LOCATION_SPLIT_RETURN,
            n_threads=settings.threads or os.cpu_count())
        chunks = _chunk_starts(seconds[order], longest, settings.chunk_s)
        found: list[tuple[float, float, float, float, list[int]]] = []
        taken: set[int] = set()
        for number, start in enumerate(chunks):
            if cancel is not None and cancel():
                break
            end = start + settings.chunk_s
            chosen = order[(seconds[order] >= start - longest) & (seconds[order] < end + longest)]
            frame = pd.DataFrame({"station": [station_key(used[i].station_id) for i in chosen],
                                  "phase": [used[i].phase[0] for i in chosen], "time": seconds[chosen]})
            events, assignments = octo.associate(frame, station_frame)
            for _, event in (events.iterrows() if len(events) else ()):
                if not start <= event["time"] < end:
                    continue
                members = [int(chosen[j]) for j in assignments.loc[assignments["event_idx"] == event["idx"], "pick_idx"]]
                members = [i for i in members if i not in taken]
                taken.update(members)
                found.append((event["x"], event["y"], event["z"], event["time"], members))
            if progress is not None:
                progress(number + 1, len(chunks))
    where = {k: (float(x), float(y)) for k, x, y in zip(keys, sx, sy)}
    origins = [_origin(model, settings, projection, stations, where, used, seconds, reference, *event)
               for event in found if len(event[-1]) >= settings.min_picks]  # earlier events took the others
    origins = merge_split_events(origins, {int(p.id): p for p in used}, stations, model, settings)
    return AssociationResult(origins, len(used), missing)


def _chunk_starts(seconds: np.ndarray, longest: float, chunk_s: float) -> list[float]:
    """Starts of the chunks (``chunk_s`` long, from ``-longest``) an origin of a pick at the sorted ``seconds`` can
    fall in (at most ``longest`` before it): chunks where no origin can fall are left out, so their number grows
    with the picks, not with the gaps between them."""
    chosen: list[int] = []
    for low, high in zip(np.floor(seconds / chunk_s), np.floor((seconds + longest) / chunk_s)):
        chosen.extend(range(max(int(low), chosen[-1] + 1 if chosen else 0), int(high) + 1))
    return [-longest + k * chunk_s for k in chosen]


def _pyocto_model(pyocto, model: VelocityModel, settings: AssociationSettings, span_km: float, folder: str):
    if model.homogeneous:
        return pyocto.VelocityModel0D(p_velocity=model.vp[0], s_velocity=model.vs[0], tolerance=settings.tolerance_s)
    path = os.path.join(folder, "model.bin")
    reach = (span_km + TABLE_SPACING_KM, settings.max_depth_km + TABLE_SPACING_KM, TABLE_SPACING_KM)
    problem = table_problem(*reach, len(model.depths))
    if problem is not None:
        raise EqviewerError(model.name, problem)
    model.write_pyocto_table(path, *reach)
    return pyocto.VelocityModel1D(path, tolerance=settings.tolerance_s, surface_p_velocity=model.vp[0],
                                  surface_s_velocity=model.vs[0])


def _origin(model: VelocityModel, settings: AssociationSettings, projection: LocalProjection,
            stations: dict[str, StationCoordinates], station_xy: dict[str, tuple[float, float]],
            picks: Sequence[Pick], seconds: np.ndarray, reference, x: float, y: float, z: float, t: float,
            members: list[int]) -> Origin:
    """An Origin from PyOcto's event: the location refined, residuals, distances and azimuths."""
    chosen = [picks[i] for i in members]
    where = [stations[station_key(p.station_id)] for p in chosen]
    xy = np.array([station_xy[s.key] for s in where])
    elevations = np.array([s.elevation_m for s in where])
    phases = np.array([p.phase[0] for p in chosen])
    errors = np.array([p.uncertainty_s if p.uncertainty_s else settings.pick_error_s for p in chosen])
    errors = np.maximum(errors, settings.pick_error_s)
    located = locate(model, (x, y, z, t), xy, elevations, phases, seconds[members], errors, settings.max_depth_km)
    lat, lon = projection.to_latlon(located.x, located.y)
    distances, azimuths = distances_azimuths(float(lat), float(lon), where)
    arrivals = [Arrival(int(pick.id), pick.phase, float(residual), float(distance), float(azimuth))
                for pick, residual, distance, azimuth in zip(chosen, located.residuals, distances, azimuths)]
    return Origin(time=reference + located.time, latitude=float(lat), longitude=float(lon), depth_km=located.depth,
                  time_error_s=located.time_error_s, horizontal_error_km=located.horizontal_error_km,
                  depth_error_km=located.depth_error_km, rms_s=located.rms_s, method=METHOD,
                  velocity_model=model.name, arrivals=tuple(arrivals), azimuthal_gap_deg=azimuthal_gap(list(azimuths)))
