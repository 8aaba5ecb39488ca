"""Picks from a stitched probability curve, and detection intervals from the detection curve."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import find_peaks, peak_widths


@dataclass(frozen=True)
class Peak:
    """One local maximum of a curve: fractional sample, height, and full width at half height in samples."""

    sample: float
    height: float
    width: float


def curve_peaks(curve: np.ndarray, threshold: float, min_distance: int) -> list[Peak]:
    """Local maxima of ``curve`` higher than ``threshold``, at least ``min_distance`` samples apart (the higher
    one wins), each refined to a fractional sample by a parabola through its three top samples."""
    if curve.size < 3:
        return []
    indices, props = find_peaks(curve, height=threshold, distance=max(1, int(min_distance)))
    if indices.size == 0:
        return []
    widths = peak_widths(curve, indices, rel_height=0.5)[0]
    peaks = []
    for index, height, width in zip(indices, props["peak_heights"], widths):
        offset = 0.0
        if 0 < index < curve.size - 1:
            left, mid, right = (float(v) for v in curve[index - 1 : index + 2])
            curvature = left - 2.0 * mid + right
            if curvature < 0:
                offset = float(np.clip(0.5 * (left - right) / curvature, -0.5, 0.5))
        peaks.append(Peak(sample=float(index) + offset, height=float(height), width=float(width)))
    return peaks


def intervals_above(curve: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Maximal runs where ``curve > threshold``, as (first sample, one past the last sample)."""
    above = np.concatenate(([False], curve > threshold, [False]))
    edges = np.flatnonzero(np.diff(above.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]
