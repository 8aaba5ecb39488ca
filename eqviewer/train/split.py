"""Train/validation split by event: all windows of one earthquake land on the same side, never split by trace."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def split_by_event(
    event_ids: Sequence[str],
    is_earthquake: np.ndarray,
    val_fraction: float,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, validation) such that no event id occurs on both sides.

    Earthquake and noise groups are split separately, so each side gets about ``val_fraction`` of each class.
    The groups are shuffled with ``seed`` and taken into validation until it holds at least ``val_fraction``
    of that class's windows; a class with one group only stays in training. ``val_fraction`` 0 gives an empty
    validation set.
    """
    if not 0.0 <= val_fraction < 1.0:
        raise ValueError(f"val_fraction must be in [0, 1), got {val_fraction}")
    rng = np.random.default_rng(seed)
    event_ids = list(event_ids)
    is_earthquake = np.asarray(is_earthquake, dtype=bool)
    val: list[int] = []
    for cls in (True, False):
        members = np.flatnonzero(is_earthquake == cls)
        groups: dict[str, list[int]] = {}
        for i in members:
            groups.setdefault(event_ids[i], []).append(int(i))
        if len(groups) < 2 or val_fraction == 0.0:
            continue
        names = sorted(groups)
        rng.shuffle(names)
        wanted = val_fraction * members.size
        taken: list[int] = []
        for name in names[:-1]:  # always keep at least one group for training
            if len(taken) >= wanted:
                break
            taken.extend(groups[name])
        val.extend(taken)
    val_idx = np.array(sorted(val), dtype=int)
    train_idx = np.setdiff1d(np.arange(len(event_ids)), val_idx)
    return train_idx, val_idx
