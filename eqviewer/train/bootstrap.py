"""Bootstrap intervals of a figure over labelled units (records, events): how far a difference measured on a few
labels can be trusted.

Resampling units with replacement and recomputing the figure on each resample gives its spread; the interval is the
central ``level`` share of the resampled values (percentile bootstrap). Used to keep a fitted threshold only where
it is reliably better than the base's (:mod:`eqviewer.train.thresholds`) and to give the held-out gain of a
fine-tuned model with its uncertainty (:mod:`eqviewer.train.gains`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

RESAMPLES = 200
"""Bootstrap resamples unless a caller says otherwise (:class:`eqviewer.train.settings.TrainSettings` carries it)."""
LEVEL = 0.95


@dataclass(frozen=True)
class Interval:
    """A figure on all units (``value``) and its bootstrap interval [``low``, ``high``] at ``level``."""

    value: float
    low: float
    high: float
    level: float = LEVEL


def bootstrap(statistic: Callable[[np.ndarray], float], groups: Sequence[Sequence[int]],
              resamples: int = RESAMPLES, seed: int = 0, level: float = LEVEL) -> Interval:
    """``statistic(index)`` on every member of ``groups`` and its percentile interval over ``resamples`` draws of
    ``len(groups)`` groups with replacement (the members of a drawn group enter together: the windows of one event
    stay together). A resample where the statistic is undefined (NaN) is left out; with none defined the interval
    is the value itself."""
    members = [np.asarray(group, dtype=int) for group in groups]
    everything = np.concatenate(members) if members else np.zeros(0, int)
    value = float(statistic(everything))
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(resamples if members else 0):
        drawn = rng.integers(0, len(members), len(members))
        values.append(float(statistic(np.concatenate([members[k] for k in drawn]))))
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return Interval(value, value, value, level)
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(values, [tail, 100 - tail])
    return Interval(value, float(low), float(high), level)
