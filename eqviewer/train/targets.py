"""Training targets in the seed models' conventions (design/seed-model.md §2c-2d)."""

from __future__ import annotations

import numpy as np

PICK_SIGMA = 10.0
"""Width (samples) of the Gaussian a picker is trained to output around an arrival: 0.1 s at 100 Hz."""


def pick_target(samples: np.ndarray, n: int, sigma: float = PICK_SIGMA) -> np.ndarray:
    """float32 (n,) curve: the maximum of unit Gaussians centred on each arrival in ``samples`` (zeros if none)."""
    t = np.arange(n, dtype=np.float64)
    target = np.zeros(n, dtype=np.float64)
    for centre in np.asarray(samples, dtype=np.float64).ravel():
        np.maximum(target, np.exp(-((t - centre) ** 2) / (2.0 * sigma**2)), out=target)
    return target.astype(np.float32)


def class_target(is_earthquake: np.ndarray) -> np.ndarray:
    """float32 (N, 2) one-hot targets: noise -> [1, 0], earthquake -> [0, 1] (column 1 is P(earthquake))."""
    is_earthquake = np.asarray(is_earthquake, dtype=bool)
    return np.stack([~is_earthquake, is_earthquake], axis=1).astype(np.float32)
