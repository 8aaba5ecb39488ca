"""Augmentation of labelled windows, as seismic training pipelines do it.

Each window drawn for a training batch is, independently and with the probabilities in
:class:`AugmentSettings`: moved in time (a circular shift that puts the first P anywhere in a range, so the model
does not learn one P position), scaled in amplitude, flipped in polarity, mixed with a real noise window from
the training data, and stripped of one horizontal channel (a dead component). Labels move with the samples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class AugmentSettings:
    """Probabilities and ranges of each augmentation; :meth:`off` turns all of them off."""

    shift_probability: float = 0.9
    """Chance to move the window so that the first P lands uniformly in ``p_range`` (noise: a random shift)."""
    p_range: tuple[int, int] = (100, 4000)
    """Sample range the first P is moved into; S (if any) is kept at least ``edge`` samples inside the window."""
    edge: int = 100
    scale_probability: float = 0.5
    """Chance to multiply the amplitude by a log-uniform factor in ``scale_range`` (matters to raw-count models)."""
    scale_range: tuple[float, float] = (0.1, 10.0)
    flip_probability: float = 0.5
    """Chance to flip the polarity of all three components."""
    noise_probability: float = 0.4
    """Chance to add a real noise window, scaled to ``noise_ratio`` times the window's own pre-P noise level."""
    noise_ratio: tuple[float, float] = (0.5, 4.0)
    drop_probability: float = 0.1
    """Chance to zero one horizontal channel (N or E), as when a component is dead."""

    @classmethod
    def off(cls) -> "AugmentSettings":
        """Settings that leave every window unchanged (for validation)."""
        return cls(
            shift_probability=0.0,
            scale_probability=0.0,
            flip_probability=0.0,
            noise_probability=0.0,
            drop_probability=0.0,
        )


def _shift_amount(n: int, p: np.ndarray, s: np.ndarray, settings: AugmentSettings, rng: np.random.Generator) -> int:
    """How far to roll a window: puts the first P uniformly in the allowed range, keeping every pick inside."""
    picks = np.concatenate([p, s])
    if picks.size == 0:
        return int(rng.integers(0, n))
    anchor = float(p.min()) if p.size else float(picks.min())
    lo = max(settings.p_range[0], settings.edge) - anchor
    hi = min(settings.p_range[1] - anchor, n - settings.edge - float(picks.max()))
    lo = max(lo, settings.edge - float(picks.min()))
    if hi < lo:
        return 0
    return int(np.floor(rng.uniform(lo, hi + 1)))


def _noise_level(data: np.ndarray, p: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Per-channel standard deviation of the part of the window before the first arrival (all of it if none)."""
    picks = np.concatenate([p, s])
    end = int(picks.min()) if picks.size else data.shape[1]
    segment = data[:, : max(end, 50)]
    return segment.std(axis=1)


def augment(
    data: np.ndarray,
    p: np.ndarray,
    s: np.ndarray,
    settings: AugmentSettings,
    rng: np.random.Generator,
    noise_bank: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One augmented copy of a window: float32 (3, n) samples and the moved P and S positions.

    ``noise_bank`` is (M, 3, n) real noise windows (from the training split only) to mix in; none: no mixing.
    The input arrays are not changed.
    """
    out = np.array(data, dtype=np.float32, copy=True)
    p = np.asarray(p, dtype=float)
    s = np.asarray(s, dtype=float)
    n = out.shape[1]
    if rng.random() < settings.noise_probability and noise_bank is not None and len(noise_bank):
        noise = noise_bank[int(rng.integers(len(noise_bank)))]
        noise = np.roll(noise, int(rng.integers(n)), axis=1).astype(np.float64)
        noise_std = noise.std(axis=1)
        target = _noise_level(out, p, s) * rng.uniform(*settings.noise_ratio)
        gain = np.divide(target, noise_std, out=np.zeros_like(target), where=noise_std > 0)
        out += (noise * gain[:, None]).astype(np.float32)
    if rng.random() < settings.shift_probability:
        shift = _shift_amount(n, p, s, settings, rng)
        out = np.roll(out, shift, axis=1)
        p, s = p + shift, s + shift
    if rng.random() < settings.scale_probability:
        out *= np.float32(np.exp(rng.uniform(*np.log(settings.scale_range))))
    if rng.random() < settings.flip_probability:
        out = -out
    if rng.random() < settings.drop_probability:
        out[int(rng.integers(1, 3))] = 0.0
    return out, p, s
