"""Local magnitude: the formulas that turn a Wood-Anderson amplitude and a hypocentral distance into a station
magnitude, and the robust mean that turns station magnitudes into the event's.

Every formula has the form ``ML = a log10(A k) + b log10(R / r1) + c (R - r2) + d``, with ``A`` the zero-to-peak
amplitude in metres of a Wood-Anderson simulation of static magnification 1, ``k`` the factor to the formula's
unit, ``R`` the hypocentral distance in km and ``r1``, ``r2`` its reference distances.

>>> round(IASPEI.station_magnitude(1e-6, 100.0), 3)  # 1000 nm at 100 km
3.319
>>> round(HUTTON_BOORE.station_magnitude(1e-3 / WOOD_ANDERSON_GAIN, 100.0), 3)  # 1 mm on a Wood-Anderson at 100 km
3.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from eqviewer.errors import EqviewerError

WOOD_ANDERSON_GAIN = 2080.0
"""The static magnification of the standard Wood-Anderson seismograph (IASPEI)."""
NM_PER_M = 1e9
MM_PER_M = 1e3
MAD_TO_SIGMA = 1.4826  # the median absolute deviation of normal data times this is its standard deviation
TRIM_FRACTION = 0.25  # the share of station magnitudes the trimmed mean leaves out at each end
MEANS = ("median", "trimmed")


@dataclass(frozen=True)
class LocalMagnitudeFormula:
    """``ML = a log10(A unit_per_m) + b log10(R / log_r0_km) + c (R - linear_r0_km) + d`` (A in m, R hypocentral
    in km)."""

    name: str
    a: float
    b: float
    c: float
    d: float
    unit_per_m: float = NM_PER_M
    log_r0_km: float = 1.0
    linear_r0_km: float = 0.0

    def station_magnitude(self, amplitude_m: float, distance_km: float) -> float:
        """The magnitude of one amplitude (m) at a hypocentral distance (km)."""
        return (self.a * math.log10(amplitude_m * self.unit_per_m) + self.b * math.log10(distance_km / self.log_r0_km)
                + self.c * (distance_km - self.linear_r0_km) + self.d)


IASPEI = LocalMagnitudeFormula("iaspei", 1.0, 1.11, 0.00189, -2.09)
"""IASPEI (2013) standard: log10(A [nm]) + 1.11 log10(R) + 0.00189 R - 2.09."""
HUTTON_BOORE = LocalMagnitudeFormula("hutton-boore", 1.0, 1.110, 0.00189, 3.0, WOOD_ANDERSON_GAIN * MM_PER_M, 100.0,
                                      100.0)
"""Hutton and Boore (1987): log10(A [mm on a Wood-Anderson]) + 1.110 log10(R / 100) + 0.00189 (R - 100) + 3.0."""
FORMULAS = {f.name: f for f in (IASPEI, HUTTON_BOORE)}
FORMULA_END = " formula, "
MEAN_END = " of station magnitudes"


def parse_formula(text: str) -> LocalMagnitudeFormula:
    """A formula by name ("iaspei", "hutton-boore") or as coefficients "a,b,c,d" of
    ``a log10(A [nm]) + b log10(R) + c R + d``; EqviewerError saying what is wrong."""
    if text.strip().lower() in FORMULAS:
        return FORMULAS[text.strip().lower()]
    try:
        a, b, c, d = (float(part) for part in text.split(","))
    except ValueError:
        raise EqviewerError(None, f"magnitude formula {text!r}: give {' or '.join(FORMULAS)}, or four numbers a,b,c,d"
                                  " of a log10(A[nm]) + b log10(R[km]) + c R + d") from None
    if not all(math.isfinite(x) for x in (a, b, c, d)) or a == 0:
        raise EqviewerError(None, f"magnitude formula {text!r}: coefficients must be finite and a not 0")
    return LocalMagnitudeFormula(text.replace(" ", ""), a, b, c, d)


def method_text(formula: LocalMagnitudeFormula, mean: str) -> str:
    """How a magnitude was made, as stored with it: "iaspei formula, median of station magnitudes"."""
    return f"{formula.name}{FORMULA_END}{mean}{MEAN_END}"


def parse_method(text: str) -> tuple[LocalMagnitudeFormula, str]:
    """The formula and mean a stored magnitude's :func:`method_text` names; EqviewerError for any other text."""
    formula, _, rest = text.partition(FORMULA_END)
    mean = rest.removesuffix(MEAN_END)
    if not rest.endswith(MEAN_END) or mean not in MEANS:
        raise EqviewerError(None, f"magnitude method {text!r} names no formula and mean")
    return parse_formula(formula), mean


@dataclass(frozen=True)
class NetworkMagnitude:
    """The event's magnitude from its station magnitudes: value, uncertainty (None with one station), how many
    station magnitudes made it, and which of them it used (False: trimmed off)."""

    value: float
    uncertainty: float | None
    station_count: int
    used: tuple[bool, ...]


def network_magnitude(station_magnitudes: list[float], mean: str = "median") -> NetworkMagnitude:
    """The robust mean of station magnitudes: the median with 1.4826 x the median absolute deviation, or the
    mean of what is left after :data:`TRIM_FRACTION` is cut off at each end, with the standard deviation of those.
    ValueError for no magnitudes or an unknown mean."""
    if mean not in MEANS:
        raise ValueError(f"unknown mean {mean!r} (known: {', '.join(MEANS)})")
    values = np.asarray(station_magnitudes, dtype=float)
    if values.size == 0:
        raise ValueError("no station magnitudes")
    if mean == "median":
        value = float(np.median(values))
        spread = MAD_TO_SIGMA * float(np.median(np.abs(values - value)))
        used = np.ones(values.size, dtype=bool)
    else:
        cut = int(math.floor(TRIM_FRACTION * values.size))
        order = np.argsort(values, kind="stable")
        used = np.zeros(values.size, dtype=bool)
        used[order[cut:values.size - cut]] = True
        value = float(values[used].mean())
        spread = float(values[used].std(ddof=1)) if used.sum() > 1 else 0.0
    return NetworkMagnitude(value, spread if values.size > 1 else None, int(used.sum()), tuple(bool(u) for u in used))
