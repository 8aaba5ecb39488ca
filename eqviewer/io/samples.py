"""Operations on sample arrays every reader shares: component order, non-finite samples, resampling."""

from __future__ import annotations

import numpy as np
from obspy import Trace

from eqviewer.io.channels import COMPONENT_ALIASES
from eqviewer.io.record import COMPONENTS, FLAG_NONFINITE_ZEROED, FLAG_RESAMPLED, SAMPLING_RATE

# Before decimating, a zero-phase Butterworth low-pass at this fraction of the target rate (80 % of Nyquist).
ANTI_ALIAS_FRACTION = 0.4
ANTI_ALIAS_CORNERS = 8
# Half-width (in samples) of ObsPy's Lanczos interpolation kernel.
LANCZOS_A = 12


def to_zne(data: np.ndarray, component_order: str) -> tuple[np.ndarray, list[str]]:
    """A (C, n) array whose rows are in ``component_order`` (e.g. "ENZ", "Z", "Z12H") as a (3, n) Z, N, E array,
    and the components that were missing (their rows are zeros).

    Each letter is a row; Z/N/E, or 3/1/2 as in channel codes (a letter wins over a digit), give the component;
    others (a hydrophone "H") are dropped. ValueError when the rows and the letters do not match in number, or
    no row is Z, N or E."""
    order = component_order.upper()
    if len(order) != data.shape[0]:
        raise ValueError(f"{data.shape[0]} components stored, but the component order is {component_order!r}")
    rows: dict[str, int] = {}
    for index in sorted(range(len(order)), key=lambda i: order[i].isdigit()):
        component = COMPONENT_ALIASES.get(order[index])
        if component is not None and component not in rows:
            rows[component] = index
    if not rows:
        raise ValueError(f"component order {component_order!r} names none of Z, N, E (or 3, 1, 2)")
    out = np.zeros((len(COMPONENTS), data.shape[1]), dtype=data.dtype)
    for position, component in enumerate(COMPONENTS):
        if component in rows:
            out[position] = data[rows[component]]
    return out, [c for c in COMPONENTS if c not in rows]


def zero_nonfinite(data: np.ndarray, flags: set[str], warnings: list[str], what: str) -> np.ndarray:
    """Set NaN and infinite samples to zero in place, flagging and warning (``what`` names the record)."""
    bad = ~np.isfinite(data)
    count = int(bad.sum())
    if count:
        data[bad] = 0
        flags.add(FLAG_NONFINITE_ZEROED)
        warnings.append(f"{what}: {count} NaN or infinite samples set to zero")
    return data


def resample_row(samples: np.ndarray, sampling_rate: float, target: float = SAMPLING_RATE) -> np.ndarray:
    """One component resampled to ``target`` Hz with ObsPy over the same time span.

    Decimation first low-passes (zero-phase Butterworth at 40 % of the target rate) against aliasing; then
    Lanczos interpolation places the samples. Unlike Fourier resampling this does not wrap the end of the
    record onto its start.
    """
    trace = Trace(np.array(samples, dtype=np.float64), header={"sampling_rate": sampling_rate})
    if sampling_rate > target:
        trace.filter("lowpass", freq=ANTI_ALIAS_FRACTION * target, corners=ANTI_ALIAS_CORNERS, zerophase=True)
    trace.interpolate(target, method="lanczos", a=LANCZOS_A)
    return trace.data


def resample_rows(data: np.ndarray, sampling_rate: float, flags: set[str]) -> np.ndarray:
    """A (3, n) array at ``sampling_rate`` as float32 at 100 Hz (flagged ``resampled`` when the rate differs)."""
    if sampling_rate == SAMPLING_RATE:
        return np.asarray(data, dtype=np.float32)
    flags.add(FLAG_RESAMPLED)
    return np.stack([resample_row(row, sampling_rate) for row in data]).astype(np.float32)
