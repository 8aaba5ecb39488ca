"""Location of an associated event: least-squares refinement of PyOcto's grid location, and its one-sigma
errors from the linearised problem.

Unknowns are x, y (km, local projection), depth (km) and origin time (s); residuals are observed minus predicted
arrival times weighted by each pick's error. The covariance is ``s^2 (J^T J)^-1`` with ``s^2`` the weighted
residual variance (at least 1: the picks are not trusted beyond their stated errors).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from eqviewer.associate.velocity import VelocityModel


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
           max_depth_km: float) -> Location:
    """Refine a starting hypocentre (x, y, depth, time) on picks at ``times`` (s, same reference as the start)."""
    phases = np.asarray(phases)

    def residuals(v):
        return (times - v[3] - predicted_times(model, v[0], v[1], v[2], stations_xy, elevations_m, phases)) / errors_s

    top = min(model.depths[0], 0.0)
    start_v = np.array(start, float)
    start_v[2] = float(np.clip(start_v[2], top, max_depth_km))
    solution = least_squares(residuals, start_v, bounds=([-np.inf, -np.inf, top, -np.inf],
                                                          [np.inf, np.inf, max_depth_km, np.inf]),
                             x_scale=[10.0, 10.0, 5.0, 1.0], diff_step=1e-4)
    x, y, depth, t0 = solution.x
    raw = times - t0 - predicted_times(model, x, y, depth, stations_xy, elevations_m, phases)
    errors = _errors(solution.jac, solution.fun)
    return Location(float(x), float(y), float(depth), float(t0), raw, *errors)


def _errors(jacobian: np.ndarray, weighted: np.ndarray) -> tuple[float | None, float | None, float | None]:
    """(time, horizontal semi-major axis, depth) one-sigma errors; None where the picks do not constrain them."""
    n, m = jacobian.shape
    if n <= m:
        return None, None, None
    scale = max(1.0, float(weighted @ weighted) / (n - m))
    try:
        covariance = np.linalg.inv(jacobian.T @ jacobian) * scale
    except np.linalg.LinAlgError:
        return None, None, None
    horizontal = float(np.sqrt(max(np.linalg.eigvalsh(covariance[:2, :2]).max(), 0.0)))
    return float(np.sqrt(max(covariance[3, 3], 0.0))), horizontal, float(np.sqrt(max(covariance[2, 2], 0.0)))
