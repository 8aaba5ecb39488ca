"""A stand-in model for the engine's unit tests: it reacts to impulses the tests plant, the way the seed pickers
react to onsets (a Gaussian of sigma 0.1 s, strong only where the pickers expect P: 1-9 s into the window)."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.model.descriptor import SEED
from eqviewer.model.output import WindowOutput

SIGMA = 10.0  # samples, as the seed labels (seed-model.md section 2c)


class ImpulseModel:
    """P curve: a Gaussian at every sample where |Z| > 100 (height 0.9 if it lies 1-9 s into the window, else 0.2);
    S curve: the same on |N|, height 0.8 anywhere; classifier: 0.9 if the window holds any impulse; pick detection
    (metadata "pick_detection"): P(eq) from the P curve alone."""

    name = "impulse"
    version = "test"
    descriptor = SEED
    # its pick detection: P(eq) follows the P curve alone (0.95 at a planted impulse, 0.047 without), as its
    # classifier does; the planted impulses are spikes, which the seed pickers' fitted weights call noise
    metadata: dict = {"pick_detection": {"intercept": -3.0, "coefficients": [6.6, 0.0, 0.0, 0.0, 0.0]}}

    def __init__(self):
        self.calls: list[tuple[int, tuple[str, ...]]] = []
        self.spans: list[dict | None] = []

    def predict(self, raw, networks=("classifier", "p", "s"), attention=False, batch_size=64, spans=None):
        raw = np.asarray(raw)
        self.calls.append((raw.shape[0], tuple(networks)))
        self.spans.append(spans)
        t = np.arange(raw.shape[1])
        out = WindowOutput()
        p = np.zeros(raw.shape[:2], np.float32)
        s = np.zeros(raw.shape[:2], np.float32)
        for i, window in enumerate(raw):
            for onset in np.flatnonzero(np.abs(window[:, 0]) > 100):
                height = 0.9 if 100 <= onset <= 900 else 0.2
                p[i] = np.maximum(p[i], height * np.exp(-((t - onset) ** 2) / (2 * SIGMA**2)))
            for onset in np.flatnonzero(np.abs(window[:, 1]) > 100):
                s[i] = np.maximum(s[i], 0.8 * np.exp(-((t - onset) ** 2) / (2 * SIGMA**2)))
        if "classifier" in networks:
            out.prob_earthquake = np.where(np.abs(raw).max(axis=(1, 2)) > 100, 0.9, 0.1).astype(np.float32)
        spans = spans or {}
        if "p" in networks:
            out.p_prob = p[:, : spans.get("p")]
        if "s" in networks:
            out.s_prob = s[:, : spans.get("s")]
        if attention:  # a first-block gate laid out as the seed's (max-driven half in rows L/2..L, seed-model.md 3b)
            gate = np.zeros((raw.shape[0], 3000), np.float32)
            gate[:, 1500:] = p[:, ::4]
            out.attention = {"p_att1": gate}
        return out


@pytest.fixture
def impulse_model() -> ImpulseModel:
    return ImpulseModel()
