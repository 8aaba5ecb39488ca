"""Fitting the velocity model to located events: vp/vs from a Wadati diagram, and per-station P and S delays from
the events' residuals.

Wadati: at a station with both a P and an S pick of an event, S-P = (vp/vs - 1) (P - t0). The origin time t0 is
taken out by fitting within each event (its P times and S-P times less the event's means), so the fit does not lean
on locations made with the old vp/vs. The line is fitted robustly (iteratively reweighted least squares, Huber
weights); its spread is the standard deviation of the fit over the events drawn again with replacement.

Station delays: the median residual of a station's P (or S) arrivals that the locations use, shrunk toward 0 by
n / (n + :data:`SHRINK_COUNT`), so a station with few arrivals keeps a delay near 0; the events are relocated with
the fitted vp/vs and the delays refined in turn (:data:`ROUNDS` times).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from eqviewer.associate.locate import ASSOCIATED_STATUSES, relocate
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity import VelocityModel
from eqviewer.errors import EqviewerError
from eqviewer.io import StationCoordinates, station_key
from eqviewer.labels import Pick
from eqviewer.origins import Origin

SHRINK_COUNT = 3
"""A station's median residual counts n / (n + SHRINK_COUNT) of itself: with 3 arrivals, half."""
ROUNDS = 3
"""How often the events are relocated and the delays refined."""
HUBER = 1.345
"""Residuals beyond this many robust standard deviations weigh less in the Wadati line."""
DRAWS = 200
"""How often the events are drawn again for the vp/vs spread."""
MIN_EVENTS, MIN_POINTS = 2, 5
"""A Wadati fit needs this many events with two or more S-P times, and this many S-P times in all."""
VP_VS_NAME = "vp/vs"
"""The name the fitted vp/vs is stored by (station delays: "P NET.STA.LOC", "S NET.STA.LOC")."""

EventPicks = tuple[Origin, Sequence[tuple[Pick, bool]]]
"""A located event and its current P and S picks, each with whether its location uses it."""


@dataclass(frozen=True)
class WadatiPoint:
    """One station of one event in the Wadati diagram: its P travel time (s) and S-P (s)."""

    event_id: int | None
    station_key: str
    p_travel_s: float
    s_minus_p_s: float


@dataclass(frozen=True)
class WadatiFit:
    """The Wadati diagram: the points of the events fitted, the fitted vp/vs with its spread (bootstrap over
    events) and the number of events. The fitted line is S-P = (vp/vs - 1) x P travel time (:meth:`line`); each
    point's P travel time counts from its event's Wadati origin time (where the event's S-P times reach 0 on a
    line of the fitted slope), so the points scatter about the line by their picks' errors alone."""

    vp_vs: float
    spread: float | None
    n_events: int
    points: tuple[WadatiPoint, ...]

    def line(self, p_travel_s) -> np.ndarray:
        """The fitted line's S-P at P travel times ``p_travel_s`` (s)."""
        return (self.vp_vs - 1.0) * np.asarray(p_travel_s, np.float64)


@dataclass(frozen=True)
class StationDelay:
    """A station's delay for one phase (s, added to the travel times), its spread and the arrivals it came from."""

    station_key: str
    phase: str
    delay_s: float
    spread_s: float | None
    count: int


@dataclass(frozen=True)
class ModelFit:
    """A fitted velocity model: vp/vs with its spread and event count, and the station delays."""

    vp_vs: float
    vp_vs_spread: float | None
    n_events: int
    delays: tuple[StationDelay, ...]

    def values(self) -> dict[str, tuple[float, float | None, int]]:
        """The fit as a session stores it: value, spread and count by name."""
        values = {VP_VS_NAME: (self.vp_vs, self.vp_vs_spread, self.n_events)}
        values |= {f"{d.phase} {d.station_key}": (d.delay_s, d.spread_s, d.count) for d in self.delays}
        return values

    @classmethod
    def from_values(cls, values: Mapping[str, tuple[float, float | None, int]]) -> "ModelFit | None":
        """The fit a session stored (None when it stored none)."""
        if VP_VS_NAME not in values:
            return None
        delays = tuple(StationDelay(name[2:], name[0], *value) for name, value in sorted(values.items())
                       if name != VP_VS_NAME)
        return cls(*values[VP_VS_NAME], delays)

    def model(self, model: VelocityModel) -> VelocityModel:
        """``model`` (its layers' P velocities) with this vp/vs and these station delays."""
        return replace(model.with_vp_vs(self.vp_vs),
                       delays=tuple((d.station_key, d.phase, d.delay_s) for d in self.delays))


def wadati_points(events: Sequence[EventPicks]) -> list[WadatiPoint]:
    """The Wadati points of ``events``: per event and station with a used P and a used S pick (not rejected), the
    P travel time from the event's origin and S-P."""
    points = []
    for origin, picks in events:
        first: dict[tuple[str, str], Pick] = {}
        for pick, used in sorted(picks, key=lambda pair: pair[0].time):
            if used and pick.status in ASSOCIATED_STATUSES:
                first.setdefault((station_key(pick.station_id), pick.phase[:1]), pick)
        for (key, phase), p in first.items():
            s = first.get((key, "S"))
            if phase == "P" and s is not None and s.time > p.time:
                points.append(WadatiPoint(origin.id, key, float(p.time - origin.time), float(s.time - p.time)))
    return points


def wadati_fit(events: Sequence[EventPicks], seed: int = 0) -> WadatiFit:
    """vp/vs from the Wadati diagram of ``events`` (see the module's notes). EqviewerError when fewer than
    :data:`MIN_EVENTS` events have two S-P times, or fewer than :data:`MIN_POINTS` S-P times are found."""
    points = wadati_points(events)
    groups: dict[int | None, list[WadatiPoint]] = defaultdict(list)
    for point in points:
        groups[point.event_id].append(point)
    fitted = [group for group in groups.values() if len(group) >= 2]
    centred = []
    for group in fitted:
        x = np.array([p.p_travel_s for p in group])
        y = np.array([p.s_minus_p_s for p in group])
        centred.append((x - x.mean(), y - y.mean()))
    if len(centred) < MIN_EVENTS or sum(len(x) for x, _ in centred) < MIN_POINTS:
        raise EqviewerError(None, f"{len(centred)} events with two stations of P and S picks cannot fit vp/vs"
                                  f" (at least {MIN_EVENTS} events and {MIN_POINTS} S-P times)")
    slope = _robust_slope(centred)
    rng = np.random.default_rng(seed)
    drawn = [_robust_slope([centred[i] for i in rng.integers(len(centred), size=len(centred))])
             for _ in range(DRAWS)]
    shown = []
    for group in fitted:
        x = np.array([p.p_travel_s for p in group])
        start = x.mean() - np.mean([p.s_minus_p_s for p in group]) / slope if slope > 0 else 0.0
        shown += [replace(p, p_travel_s=p.p_travel_s - float(start)) for p in group]
    return WadatiFit(1.0 + slope, float(np.std(drawn)), len(centred), tuple(shown))


def _robust_slope(groups: Sequence[tuple[np.ndarray, np.ndarray]]) -> float:
    """The slope of y = k x through the centred groups' points, Huber-weighted."""
    x = np.concatenate([g[0] for g in groups])
    y = np.concatenate([g[1] for g in groups])
    weights = np.ones_like(x)
    slope = 0.0
    for _ in range(20):
        denominator = float(np.sum(weights * x * x))
        if denominator <= 0:
            break
        slope = float(np.sum(weights * x * y)) / denominator
        residuals = np.abs(y - slope * x)
        scale = max(1.4826 * float(np.median(residuals)), 1e-3)
        weights = np.minimum(1.0, HUBER * scale / np.maximum(residuals, 1e-12))
    return slope


def station_delays(residuals: Mapping[tuple[str, str], Sequence[float]]) -> tuple[StationDelay, ...]:
    """Each station's and phase's delay from its arrivals' residuals (s, measured without a delay): the median,
    shrunk toward 0 (see the module's notes); the spread is the median's standard error. By phase, then station."""
    delays = []
    for (key, phase), values in sorted(residuals.items(), key=lambda item: (item[0][1], item[0][0])):
        values = np.asarray(values, np.float64)
        n = len(values)
        median = float(np.median(values))
        spread = 1.2533 * 1.4826 * float(np.median(np.abs(values - median))) / float(np.sqrt(n)) if n >= 2 else None
        delays.append(StationDelay(key, phase, median * n / (n + SHRINK_COUNT), spread, n))
    return tuple(delays)


def fit_model(events: Sequence[EventPicks], stations: Mapping[str, StationCoordinates], model: VelocityModel,
              settings: AssociationSettings = AssociationSettings()) -> ModelFit:
    """Fit vp/vs (Wadati) and station delays to located ``events`` (their P velocities from ``model``, whose
    earlier fit is dropped). EqviewerError when the events cannot fit vp/vs."""
    wadati = wadati_fit(events)
    fit = ModelFit(wadati.vp_vs, wadati.spread, wadati.n_events, ())
    for _ in range(ROUNDS):
        current = fit.model(model)
        residuals: dict[tuple[str, str], list[float]] = defaultdict(list)
        for origin, picks in events:
            fixed = origin.depth_km if origin.depth_fixed else None
            try:
                located = relocate(origin, picks, dict(stations), current, settings.pick_error_s,
                                   settings.max_depth_km, fixed)
            except EqviewerError:
                continue
            keys = {pick.id: station_key(pick.station_id) for pick, _ in picks}
            for arrival in located.used_arrivals:
                key, phase = keys[arrival.pick_id], arrival.phase[:1]
                residuals[(key, phase)].append(arrival.residual_s + current.delay(key, phase))
        fit = replace(fit, delays=station_delays(residuals))
    return fit
