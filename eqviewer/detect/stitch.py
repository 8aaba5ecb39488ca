"""Stitching per-window outputs into continuous curves at the records' rate.

Aggregation: every sample takes the maximum, over the windows that cover it, of the window's output times an edge
weight (:func:`eqviewer.detect.windows.edge_weights`). The maximum keeps a peak at its height as long as one
window saw it well (the pickers see an onset well only in some windows, see the stride rationale in
:mod:`eqviewer.detect.settings`); the edge weights stop the unreliable first and last second of a window from
setting the value where other windows see the same samples from their interior. Samples no window ran on stay 0.

Per-window scores (the classifier's P(earthquake), one number for a whole window) are placed at their window's
centre and interpolated linearly between the centres of overlapping windows, held flat from the first and last
centre of such a run of windows to its edges: the curve rises where the windows that contain an onset are centred,
not a whole window early, as it would if each score stood for every sample of its window.
"""

from __future__ import annotations

import numpy as np

from eqviewer.detect.windows import edge_weights


class CurveStitcher:
    """Accumulates per-window outputs of named curves over a record of ``n_samples`` samples padded to ``padded``,
    from windows of ``window`` samples."""

    def __init__(self, n_samples: int, padded: int, taper: int, window: int):
        self.n_samples = n_samples
        self.padded = padded
        self.taper = taper
        self.window = window
        self._curves: dict[str, np.ndarray] = {}
        self._scores: dict[str, dict[int, float]] = {}  # per-window scores by window start
        self._weights: dict[tuple[int, bool, bool], np.ndarray] = {}

    def _weight(self, start: int, length: int) -> np.ndarray:
        key = (length, start > 0, start + length < self.padded)  # which edges are tapered
        weight = self._weights.get(key)
        if weight is None:
            weight = self._weights[key] = edge_weights(int(start), self.padded, self.taper, length)
        return weight

    def add(self, name: str, starts: np.ndarray, values: np.ndarray) -> None:
        """Merge outputs of the windows at ``starts``: ``values`` is (len(starts), L) for the first L <= window
        samples of each window, or (len(starts),) for a per-window score (the classifier), placed at the window's
        centre."""
        if np.ndim(values) == 1:
            scores = self._scores.setdefault(name, {})
            for start, value in zip(np.asarray(starts).tolist(), np.asarray(values, dtype=np.float64).tolist()):
                scores[start] = max(value, scores.get(start, 0.0))
            return
        curve = self._curves.get(name)
        if curve is None:
            curve = self._curves[name] = np.zeros(self.padded, dtype=np.float32)
        length = int(np.shape(values)[1])
        for start, value in zip(starts, values):
            segment = curve[start : start + length]
            np.maximum(segment, self._weight(start, length) * value, out=segment)

    def _score_curve(self, scores: dict[int, float]) -> np.ndarray:
        """Per-window scores as a curve: linear between the centres of overlapping windows (see the module)."""
        curve = np.zeros(self.padded, dtype=np.float32)
        starts = np.array(sorted(scores), dtype=np.int64)
        values = np.array([scores[s] for s in starts.tolist()], dtype=np.float64)
        centres = starts + self.window / 2.0
        breaks = np.flatnonzero(np.diff(starts) >= self.window) + 1  # a gap no window covers ends a run
        for run_starts, run_centres, run_values in zip(np.split(starts, breaks), np.split(centres, breaks),
                                                       np.split(values, breaks)):
            first, end = int(run_starts[0]), min(self.padded, int(run_starts[-1]) + self.window)
            curve[first:end] = np.interp(np.arange(first, end), run_centres, run_values)
        return curve

    def curves(self) -> dict[str, np.ndarray]:
        """The stitched curves, cut back to the record's own length (padding masked out)."""
        curves = {name: curve[: self.n_samples] for name, curve in self._curves.items()}
        curves.update({name: self._score_curve(scores)[: self.n_samples] for name, scores in self._scores.items()
                       if scores})
        return curves
