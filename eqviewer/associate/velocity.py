"""1-D velocity models and the first-arrival travel times they predict.

A model is a stack of flat layers, each with its top depth (km below sea level) and constant P and S velocities
(km/s); the last layer extends downwards without end. ``vp=6.0,vs=3.5`` is one layer (a homogeneous half-space).
A model file holds one layer per line, ``depth vp vs`` (blank lines and ``#`` comments ignored, depths increasing,
the first one 0 or above). Velocities, depths, the layer count and the file's size keep the limits of
:mod:`eqviewer.associate.limits`.

Travel times are those of the first arrival from a source at depth to a receiver at the surface: the direct ray
(its ray parameter found by bisection on the horizontal distance it covers) or a head wave along the top of a
faster layer below the source, whichever comes first. Receiver elevation adds its height over the top layer's
velocity.

A model fitted to reviewed events (:mod:`eqviewer.associate.velocity_fit`) has S velocities of vp / (vp/vs),
named ``BASE; vp/vs=1.7400`` (which parses back), and per-station P and S delays (s) that every location adds to
the travel times (the delays are the session's: they are not in the name).
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from eqviewer.associate.limits import MAX_LAYERS, MAX_MODEL_FILE_BYTES, layer_problem, table_shape
from eqviewer.errors import EqviewerError

PHASES = ("P", "S")
FIT_MARK = "; vp/vs="
"""What joins a model's name and the vp/vs fitted to it."""
_BISECTION_STEPS = 60


@dataclass(frozen=True)
class VelocityModel:
    """Flat layers: top depths (km, increasing), P and S velocities (km/s) of each; ``name`` says where it came
    from (``vp=6.0,vs=3.5`` or the file's path, with ``; vp/vs=R`` when fitted); ``delays``: (NET.STA.LOC, phase,
    seconds) added to the travel times to that station (a fitted model's station delays)."""

    depths: tuple[float, ...]
    vp: tuple[float, ...]
    vs: tuple[float, ...]
    name: str
    delays: tuple[tuple[str, str, float], ...] = ()

    @cached_property
    def _delay_table(self) -> dict[tuple[str, str], float]:
        return {(key, phase): seconds for key, phase, seconds in self.delays}

    def delay(self, station_key: str, phase: str) -> float:
        """The delay (s) the model adds to ``phase`` ("P" or "S") at a station (0 without one)."""
        return self._delay_table.get((station_key, phase[:1]), 0.0)

    @property
    def base_name(self) -> str:
        """The name of the model the fit started from."""
        return self.name.split(FIT_MARK, 1)[0]

    def with_vp_vs(self, vp_vs: float) -> "VelocityModel":
        """The model with S velocities of vp / ``vp_vs`` (rounded to 4 decimals, as its name gives it) in every
        layer (named for it; delays kept)."""
        if not 1.0 < vp_vs < 3.0:
            raise EqviewerError(self.name, f"a vp/vs of {vp_vs:g} is out of range (1-3)")
        vp_vs = round(vp_vs, 4)
        return replace(self, vs=tuple(v / vp_vs for v in self.vp), name=f"{self.base_name}{FIT_MARK}{vp_vs:.4f}")

    @property
    def homogeneous(self) -> bool:
        """Whether the model is one layer."""
        return len(self.depths) == 1

    def velocities(self, phase: str) -> np.ndarray:
        """The layer velocities of a phase ("P" or "S")."""
        return np.asarray(self.vp if phase == "P" else self.vs, dtype=np.float64)

    def travel_time(self, distance_km, depth_km, phase: str, elevation_m=0.0) -> np.ndarray:
        """First-arrival travel time (s) of ``phase`` over epicentral ``distance_km`` from ``depth_km`` (both
        broadcast) to a receiver ``elevation_m`` above sea level."""
        distance, depth = np.broadcast_arrays(np.asarray(distance_km, np.float64), np.asarray(depth_km, np.float64))
        velocities = self.velocities(phase)
        extra = np.asarray(elevation_m, np.float64) / 1000.0 / velocities[0]
        if self.homogeneous:
            return np.hypot(distance, depth - self.depths[0]) / velocities[0] + extra
        times = np.empty(distance.shape)
        for z in np.unique(depth):
            mask = depth == z
            times[mask] = _layered_times(np.asarray(self.depths), velocities, distance[mask], float(z))
        return times + extra

    def write_pyocto_table(self, path: str, max_distance_km: float, max_depth_km: float, spacing_km: float) -> None:
        """Write the model's P and S travel times on a (distance, depth) grid in the binary layout PyOcto's
        ``VelocityModel1D`` reads: two int32 (distance and depth node counts), a float64 (spacing), then the P and
        then the S times, each a float64 array indexed [distance node, depth node]."""
        nx, nz = table_shape(max_distance_km, max_depth_km, spacing_km)
        x = np.arange(nx) * spacing_km
        with open(path, "wb") as handle:
            handle.write(struct.pack("iid", nx, nz, spacing_km))
            for phase in PHASES:
                table = np.empty((nx, nz))
                for iz in range(nz):
                    table[:, iz] = self.travel_time(x, iz * spacing_km, phase)
                handle.write(table.tobytes())


def _layered_times(tops: np.ndarray, velocities: np.ndarray, distance: np.ndarray, depth: float) -> np.ndarray:
    """First arrivals from ``depth`` to the surface over ``distance`` in flat layers (tops, velocities)."""
    depth = max(depth, float(tops[0]))
    k = int(np.searchsorted(tops, depth, side="right") - 1)
    bottoms = np.append(tops[1:], np.inf)
    # thickness of each layer the direct ray crosses (the source's own layer only above the source)
    legs = np.minimum(bottoms[: k + 1], depth) - tops[: k + 1]
    v = velocities[: k + 1]
    p_max = 1.0 / v.max()
    low, high = np.zeros_like(distance), np.full_like(distance, p_max * (1 - 1e-12))

    def offset_and_time(p):
        q = np.sqrt(1.0 - (p[:, None] * v[None, :]) ** 2)
        return (legs * p[:, None] * v / q).sum(axis=1), (legs / (v * q)).sum(axis=1)

    for _ in range(_BISECTION_STEPS):
        middle = 0.5 * (low + high)
        covered, _ = offset_and_time(middle)
        short = covered < distance
        low, high = np.where(short, middle, low), np.where(short, high, middle)
    covered, best = offset_and_time(0.5 * (low + high))
    # past the farthest the direct ray reaches (p near its limit), it runs along the source layer's fastest speed
    best = best + np.maximum(distance - covered, 0.0) / v.max()
    for m in range(k + 1, len(tops)):  # head waves along the tops of faster layers below the source
        vm = velocities[m]
        if vm <= velocities[:m].max():
            continue
        receiver_legs = np.diff(tops[: m + 1])
        source_legs = np.minimum(bottoms[:m], tops[m]) - np.maximum(tops[:m], depth)
        paths = receiver_legs + np.clip(source_legs, 0.0, None)
        slowness = np.sqrt(1.0 / velocities[:m] ** 2 - 1.0 / vm**2)
        reach = (paths * velocities[:m] / vm / np.sqrt(1 - (velocities[:m] / vm) ** 2)).sum()
        head = distance / vm + (paths * slowness).sum()
        best = np.where(distance >= reach, np.minimum(best, head), best)
    return best


def parse_velocity_model(text: str) -> VelocityModel:
    """A model from ``vp=6.0,vs=3.5`` or from the path of a layer file, either followed by ``; vp/vs=R`` for one
    with a fitted vp/vs (EqviewerError naming the problem)."""
    if FIT_MARK in text:
        base, ratio = text.rsplit(FIT_MARK, 1)
        try:
            vp_vs = float(ratio)
        except ValueError:
            raise EqviewerError(text, f"vp/vs must be a number, not {ratio!r}") from None
        return parse_velocity_model(base).with_vp_vs(vp_vs)
    if os.path.isfile(text):
        return _read_model_file(text)
    values = dict(re.findall(r"(vp|vs)\s*=\s*([-+0-9.eE]+)", text))
    if set(values) != {"vp", "vs"} or not re.fullmatch(r"\s*(v[ps]\s*=\s*[-+0-9.eE]+\s*,?\s*){2}", text):
        raise EqviewerError(text, "not a velocity model: give vp=KM/S,vs=KM/S or a file of 'depth vp vs' lines")
    try:
        vp, vs = float(values["vp"]), float(values["vs"])
    except ValueError:
        raise EqviewerError(text, "velocities must be numbers in km/s") from None
    _check_layer(text, 0.0, vp, vs)
    return VelocityModel((0.0,), (vp,), (vs,), f"vp={vp:g},vs={vs:g}")


def _read_model_file(path: str) -> VelocityModel:
    layers = []
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_MODEL_FILE_BYTES + 1)
        lines = data.decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EqviewerError(path, f"cannot read the velocity model ({exc})") from None
    if len(data) > MAX_MODEL_FILE_BYTES:
        raise EqviewerError(path, f"a velocity model file holds at most {MAX_MODEL_FILE_BYTES:,} bytes")
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.replace(",", " ").split()
        try:
            depth, vp, vs = (float(x) for x in parts)
        except ValueError:
            raise EqviewerError(path, f"line {number}: expected three numbers 'depth vp vs', not {line[:40]!r}") from None
        _check_layer(path, depth, vp, vs, number)
        if layers and depth <= layers[-1][0]:
            raise EqviewerError(path, f"line {number}: depths must increase")
        layers.append((depth, vp, vs))
        if len(layers) > MAX_LAYERS:
            raise EqviewerError(path, f"line {number}: a velocity model holds at most {MAX_LAYERS} layers")
    if not layers:
        raise EqviewerError(path, "the velocity model holds no layers ('depth vp vs' per line)")
    if layers[0][0] > 0:
        raise EqviewerError(path, "the first layer must start at depth 0 or above")
    depths, vp, vs = zip(*layers)
    return VelocityModel(tuple(depths), tuple(vp), tuple(vs), os.path.abspath(path))


def _check_layer(where: str, depth: float, vp: float, vs: float, line: int | None = None) -> None:
    problem = layer_problem(depth, vp, vs)
    if problem is not None:
        raise EqviewerError(where, f"line {line}: {problem}" if line else problem)
