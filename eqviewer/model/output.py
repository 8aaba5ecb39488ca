"""What :meth:`eqviewer.model.SeedModel.predict` returns for a batch of windows."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from eqviewer.model.descriptor import SEED

# How a spatial-attention gate is placed on the input's time axis (seed-model.md §3b).
PLACEMENTS = ("max", "avg", "applied")


@dataclass
class WindowOutput:
    """Outputs for N windows; an array is None when its network was not run.

    ``prob_earthquake`` (N,) is the classifier's column 1; ``p_prob`` and ``s_prob`` the picker curves
    (N, ``window_samples``); ``attention`` maps "cls_att1", "cls_att2", "p_att1".."p_att4" and "s_att1".."s_att4"
    to the spatial gates as the network applies them (in the seed networks, of window/4 and window/16 time steps
    for the classifier, window/2 to window/16 for the pickers).
    """

    prob_earthquake: np.ndarray | None = None
    p_prob: np.ndarray | None = None
    s_prob: np.ndarray | None = None
    attention: dict[str, np.ndarray] = field(default_factory=dict)
    window_samples: int = SEED.window_samples

    def attention_time(self, name: str, placement: str = "max") -> np.ndarray:
        """The gate ``name`` as an (N, ``window_samples``) curve on the input's time axis.

        The seed code pairs its spatial-attention inputs row-major: gate row i is computed from the
        channel-mean (first half of the rows) or channel-max (second half) features at block times 2i, 2i+1
        of that half. ``placement="max"`` (default) shows, at each time, the gate row driven by the max
        features there (the more peaked map); ``"avg"`` the row driven by the mean features; ``"applied"``
        the gate where the network multiplies it in, i.e. not at the time it looked at. Each block time
        covers ``window_samples`` / L input samples.
        """
        gate = self.attention[name]
        length = gate.shape[1]
        if placement == "applied":
            rows = np.arange(length)
        elif placement == "max":
            rows = (length + np.arange(length)) // 2
        elif placement == "avg":
            rows = np.arange(length) // 2
        else:
            raise ValueError(f"placement must be one of {PLACEMENTS}, not {placement!r}")
        return np.repeat(gate[:, rows], self.window_samples // length, axis=1)
