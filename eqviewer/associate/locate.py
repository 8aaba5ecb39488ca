"""Location of an associated event: least-squares refinement of PyOcto's grid location, and its one-sigma
errors from the linearised problem; relocation of a reviewed event from its current picks, the depth free or
held.

Unknowns are x, y (km, local projection), depth (km) and origin time (s); residuals are observed minus predicted
arrival times weighted by each pick's error. The covariance is ``s^2 (J^T J)^-1`` with ``s^2`` the weighted
residual variance (at least 1: the picks are not trusted beyond their stated errors).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import least_squares

from eqviewer.associate.geometry import LocalProjection, azimuthal_gap, distances_azimuths
from eqviewer.associate.velocity import VelocityModel
from eqviewer.errors import EqviewerError
from eqviewer.io import StationCoordinates, station_key
from eqviewer.labels import Pick
from eqviewer.origins import Arrival, Origin

# Statuses of picks association and location use: every current pick except those an analyst rejected.
ASSOCIATED_STATUSES = ("automatic", "accepted", "corrected", "manual")
X, Y, DEPTH, T = range(4)
"""The unknowns' places in a hypocentre (x, y, depth, time)."""


@dataclass(frozen=True)
class Location:
    """A hypocentre in local coordinates with its errors and residuals (observed - predicted, s)."""

    x: float
    y: float
    depth: float
    time: float
    residuals: np.ndarray
    time_error_s: float | None
    horizontal_error_km: float | None
    depth_error_km: float | None

    @property
    def rms_s(self) -> float:
        """Root mean square of the residuals."""
        return float(np.sqrt(np.mean(self.residuals**2))) if self.residuals.size else 0.0


def predicted_times(model: VelocityModel, x: float, y: float, depth: float, stations_xy: np.ndarray,
                    elevations_m: np.ndarray, phases: np.ndarray) -> np.ndarray:
    """Travel times (s) from (x, y, depth) to stations at ``stations_xy`` (n, 2) for each pick's phase."""
    distance = np.hypot(stations_xy[:, 0] - x, stations_xy[:, 1] - y)
    times = np.empty(len(phases))
    for phase in ("P", "S"):
        mask = phases == phase
        if mask.any():
            times[mask] = model.travel_time(distance[mask], depth, phase, elevations_m[mask])
    return times


def locate(model: VelocityModel, start: tuple[float, float, float, float], stations_xy: np.ndarray,
           elevations_m: np.ndarray, phases: np.ndarray, times: np.ndarray, errors_s: np.ndarray,
           max_depth_km: float, fix_depth: bool = False) -> Location:
    """Refine a starting hypocentre (x, y, depth, time) on picks at ``times`` (s, same reference as the start);
    with ``fix_depth`` the start's depth is held (it then has no error)."""
    phases = np.asarray(phases)
    free = [X, Y, T] if fix_depth else [X, Y, DEPTH, T]
    top = min(model.depths[0], 0.0)
    full = np.array(start, float)
    full[DEPTH] = float(np.clip(full[DEPTH], top, max_depth_km))

    def hypocentre(v):
        point = full.copy()
        point[free] = v
        return point

    def residuals(v):
        x, y, depth, t0 = hypocentre(v)
        return (times - t0 - predicted_times(model, x, y, depth, stations_xy, elevations_m, phases)) / errors_s

    lower, upper = np.array([-np.inf, -np.inf, top, -np.inf]), np.array([np.inf, np.inf, max_depth_km, np.inf])
    solution = least_squares(residuals, full[free], bounds=(lower[free], upper[free]),
                             x_scale=np.array([10.0, 10.0, 5.0, 1.0])[free], diff_step=1e-4)
    x, y, depth, t0 = hypocentre(solution.x)
    raw = times - t0 - predicted_times(model, x, y, depth, stations_xy, elevations_m, phases)
    errors = _errors(solution.jac, solution.fun, free)
    return Location(float(x), float(y), float(depth), float(t0), raw, *errors)


def _errors(jacobian: np.ndarray, weighted: np.ndarray,
            free: list[int]) -> tuple[float | None, float | None, float | None]:
    """(time, horizontal semi-major axis, depth) one-sigma errors of the ``free`` unknowns (the Jacobian's
    columns); None where the picks do not constrain them, and for a held depth."""
    n, m = jacobian.shape
    if n <= m:
        return None, None, None
    scale = max(1.0, float(weighted @ weighted) / (n - m))
    try:
        covariance = np.linalg.inv(jacobian.T @ jacobian) * scale
    except np.linalg.LinAlgError:
        return None, None, None

    def sigma(unknown: int) -> float | None:
        return float(np.sqrt(max(covariance[free.index(unknown), free.index(unknown)], 0.0))) \
            if unknown in free else None

    horizontal = float(np.sqrt(max(np.linalg.eigvalsh(covariance[:2, :2]).max(), 0.0)))
    return sigma(T), horizontal, sigma(DEPTH)


def relocate(origin: Origin, picks: Sequence[tuple[Pick, bool]], stations: dict[str, StationCoordinates],
             model: VelocityModel, pick_error_s: float, max_depth_km: float,
             fixed_depth_km: float | None = None) -> Origin:
    """``origin`` located anew, from its current position, on ``picks`` (each with whether the analyst lets the
    location use it; rejected picks are not used, picks of stations without coordinates are left out): every pick
    becomes an arrival (residual, distance, azimuth, weight 0 when not used), and the origin keeps its id, type and
    method, and names ``model`` (a fitted vp/vs shows in its name); the model's station delays are added to its travel times. ``fixed_depth_km`` holds
    the depth there. EqviewerError when too few used picks remain to solve for the unknowns."""
    located = [(p, used) for p, used in picks if station_key(p.station_id) in stations]
    used = [p for p, chosen in located if chosen and p.status in ASSOCIATED_STATUSES]
    unknowns = 3 if fixed_depth_km is not None else 4
    if len(used) < unknowns:
        raise EqviewerError(None, f"event {origin.id}: {len(used)} used picks cannot locate it (at least {unknowns})")
    where = [stations[station_key(p.station_id)] for p in used]
    projection = LocalProjection.centred_on(where)
    xy = np.column_stack(projection.to_xy([s.latitude for s in where], [s.longitude for s in where]))
    errors = np.maximum([p.uncertainty_s or pick_error_s for p in used], pick_error_s)
    x0, y0 = projection.to_xy(origin.latitude, origin.longitude)
    depth = origin.depth_km if fixed_depth_km is None else fixed_depth_km
    solution = locate(model, (float(x0), float(y0), depth, 0.0), xy, np.array([s.elevation_m for s in where]),
                      np.array([p.phase[:1] for p in used]),
                      np.array([p.time - origin.time - model.delay(station_key(p.station_id), p.phase) for p in used]),
                      errors,
                      max(max_depth_km, depth), fix_depth=fixed_depth_km is not None)
    latitude, longitude = (float(v) for v in projection.to_latlon(solution.x, solution.y))
    time = origin.time + solution.time
    everyone = [stations[station_key(p.station_id)] for p, _ in located]
    distances, azimuths = distances_azimuths(latitude, longitude, everyone)
    weights = dict(zip((p.id for p in used), (errors.min() / errors) ** 2))
    arrivals = []
    for (pick, chosen), station, distance, azimuth in zip(located, everyone, distances, azimuths):
        predicted = model.travel_time(distance, solution.depth, pick.phase[:1], station.elevation_m) \
            + model.delay(station.key, pick.phase)
        arrivals.append(Arrival(int(pick.id), pick.phase, float(pick.time - time - predicted), float(distance),
                                float(azimuth), used=chosen, weight=float(weights.get(pick.id, 0.0))))
    return replace(origin, time=time, latitude=latitude, longitude=longitude, depth_km=solution.depth,
                   time_error_s=solution.time_error_s, horizontal_error_km=solution.horizontal_error_km,
                   depth_error_km=solution.depth_error_km, rms_s=solution.rms_s, arrivals=tuple(arrivals),
                   depth_fixed=fixed_depth_km is not None, velocity_model=model.name,
                   azimuthal_gap_deg=azimuthal_gap([a.azimuth_deg for a in arrivals if a.used]))
