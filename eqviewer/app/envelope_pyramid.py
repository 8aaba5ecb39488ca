"""Min/max envelopes of a long record at every zoom level (a pyramid), so that drawing or scaling a day-wide view
touches a few thousand numbers instead of millions.

Level 0 is the samples themselves; level ``L`` holds the minimum and maximum of each block of ``FACTOR**L``
samples. Built once per drawn array (in a worker thread for a long one: it only reads the array), then read by the
thread that draws.

>>> import numpy as np
>>> pyramid = EnvelopePyramid(np.arange(10_000, dtype=np.float32)[None, :])
>>> pyramid.range(0, 100, 5_000)
(100.0, 4999.0)
>>> starts, low, high, size = pyramid.view(0, 0, 10_000, pixels=100)
>>> int(size), float(low[0]), float(high[0])
(104, 0.0, 103.0)
"""

from __future__ import annotations

import numpy as np

FACTOR = 8
"""Each level's blocks hold this many blocks (or samples) of the level below."""
COARSEST_BLOCKS = 2048
"""Levels are added until one has at most this many blocks per row."""
RAW_PER_PIXEL = 2.0
"""Views with at most this many samples per pixel are drawn from the samples themselves."""


def reduce_blocks(values: np.ndarray, block: int, op: np.ufunc) -> np.ndarray:
    """``op`` (np.minimum or np.maximum) over each run of ``block`` columns of ``values`` (2-D; the last run may be
    short): one strided pass per column of a run, many times faster than ``reshape(..., block).max(axis=-1)`` for
    short runs.

    >>> reduce_blocks(np.array([[1, 5, 2, 0, 7]]), 2, np.maximum).tolist()
    [[5, 2, 7]]
    """
    out = values[:, 0::block].copy()
    for offset in range(1, block):
        part = values[:, offset::block]
        op(out[:, :part.shape[1]], part, out=out[:, :part.shape[1]])
    return out


class EnvelopePyramid:
    """The envelopes of ``data`` (shape (k, n) or (n,)), which starts at sample ``first`` of the record. Sample
    indices given to and returned by the methods count from the record's first sample."""

    def __init__(self, data: np.ndarray, first: int = 0):
        self.data = np.atleast_2d(data)
        self.first = int(first)
        self.levels: list[tuple[int, np.ndarray, np.ndarray]] = [(1, self.data, self.data)]  # (block, low, high)
        low = high = self.data
        while low.shape[1] > COARSEST_BLOCKS:
            low, high = reduce_blocks(low, FACTOR, np.minimum), reduce_blocks(high, FACTOR, np.maximum)
            self.levels.append((self.levels[-1][0] * FACTOR, low, high))

    @property
    def n(self) -> int:
        """Samples per row."""
        return self.data.shape[1]

    def _local(self, start: int, stop: int) -> tuple[int, int]:
        return max(0, start - self.first), min(self.n, stop - self.first)

    def _level(self, block_at_most: float) -> tuple[int, np.ndarray, np.ndarray]:
        """The coarsest level whose blocks hold at most ``block_at_most`` samples."""
        chosen = self.levels[0]
        for level in self.levels[1:]:
            if level[0] > block_at_most:
                break
            chosen = level
        return chosen

    def range(self, row: int, start: int, stop: int) -> tuple[float, float]:
        """(min, max) of samples ``start`` to ``stop`` (exclusive) of a row: whole blocks from a level, the ends
        from the samples; (0, 0) when none of them lies in the data."""
        a, b = self._local(start, stop)
        if b <= a:
            return 0.0, 0.0
        block, low, high = self._level(np.sqrt(b - a))
        i0, i1 = -(-a // block), b // block
        parts = []
        if i1 > i0:
            parts += [low[row, i0:i1].min(), high[row, i0:i1].max()]
            edges = (self.data[row, a:i0 * block], self.data[row, i1 * block:b])
        else:
            edges = (self.data[row, a:b],)
        for edge in edges:
            if edge.size:
                parts += [edge.min(), edge.max()]
        return float(min(parts)), float(max(parts))

    def bounds(self, row: int) -> tuple[float, float]:
        """(min, max) of a whole row."""
        _, low, high = self.levels[-1]
        return (float(low[row].min()), float(high[row].max())) if self.n else (0.0, 0.0)

    def view(self, row: int, start: int, stop: int, pixels: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """What to draw of samples ``start`` to ``stop`` of a row across ``pixels`` pixel columns, plus a bucket
        either side: ``(starts, low, high, size)``, the first sample of each bucket of ``size`` samples and its
        minimum and maximum. ``size`` is 1 (the samples, ``low`` is ``high``) while a pixel holds at most
        RAW_PER_PIXEL samples, else at least one pixel's worth, so that at most ``pixels`` + 2 buckets are drawn."""
        a, b = self._local(start, stop)
        if b <= a:
            empty = np.zeros(0, self.data.dtype)
            return np.zeros(0, np.int64), empty, empty, 1
        per_pixel = (b - a) / max(1, pixels)
        if per_pixel <= RAW_PER_PIXEL:
            lo, hi = max(0, a - 1), min(self.n, b + 1)
            samples = self.data[row, lo:hi]
            return self.first + np.arange(lo, hi, dtype=np.int64), samples, samples, 1
        block, low, high = self._level(per_pixel)
        group = int(np.ceil(per_pixel / block))
        size = group * block
        b0, b1 = max(0, a // size - 1), min(-(-self.n // size), -(-b // size) + 1)
        low, high = low[row, b0 * group:b1 * group], high[row, b0 * group:b1 * group]
        if group > 1:
            edges = np.arange(0, low.size, group)
            low, high = np.minimum.reduceat(low, edges), np.maximum.reduceat(high, edges)
        return self.first + (b0 + np.arange(low.size, dtype=np.int64)) * size, low, high, size
