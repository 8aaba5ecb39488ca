"""What fine-tuning gained on held-out labels, with its uncertainty: the difference tuned - base of the P and S
hit rates and of the detection F1 on the same windows, each with a bootstrap interval over the held-out events
(:mod:`eqviewer.train.bootstrap`), e.g. "P hit +0.03 (95% -0.02..+0.08, 41 picks)".

A P (S) hit is a labelled arrival whose window's P (S) curve peaks above the model's threshold within 0.5 s of it
(:func:`eqviewer.train.report.pick_errors`); detection calls a window an earthquake when P(earthquake) reaches the
model's detection threshold. Each model is judged at its own thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eqviewer.train.bootstrap import RESAMPLES, Interval, bootstrap
from eqviewer.train.metrics import f_beta
from eqviewer.train.report import TOLERANCE_S, Predictions, pick_errors


@dataclass(frozen=True)
class Gain:
    """The change of one figure from the base to the tuned model, and how many labels measured it."""

    figure: str
    change: Interval
    n: int
    unit: str

    def text(self) -> str:
        """"P hit +0.03 (95% -0.02..+0.08, 41 picks)"."""
        c = self.change
        return f"{self.figure} {c.value:+.2f} ({100 * c.level:.0f}% {c.low:+.2f}..{c.high:+.2f}, {self.n} {self.unit})"

    def as_dict(self) -> dict:
        """The JSON form."""
        c = self.change
        return {"figure": self.figure, "gain": c.value, "low": c.low, "high": c.high, "level": c.level, "n": self.n,
                "unit": self.unit}


def _hits(pred: Predictions, phase: str) -> np.ndarray:
    """Per window: 1.0 where its labelled ``phase`` arrival is hit, 0.0 where missed, NaN where it has none."""
    residual, index = pick_errors(pred, phase)
    out = np.full(len(pred.windows), np.nan)
    out[index] = (np.isfinite(residual) & (np.abs(residual) <= TOLERANCE_S)).astype(float)
    return out


def _detection_f1(pred: Predictions, index: np.ndarray) -> float:
    truth = pred.windows.is_earthquake[index]
    said = pred.prob_earthquake[index] >= pred.thresholds.det
    tp = int(np.count_nonzero(truth & said))
    f1 = f_beta(tp, int(np.count_nonzero(said)) - tp, int(np.count_nonzero(truth)) - tp)
    return np.nan if f1 is None else f1


def heldout_gains(before: Predictions, after: Predictions, resamples: int = RESAMPLES, seed: int = 0) -> list[Gain]:
    """P hit, S hit and detection F1 of ``after`` minus ``before`` (the same windows), each with its bootstrap
    interval over the windows' events; a figure the windows cannot measure (no S label, no earthquake) is left
    out."""
    windows = before.windows
    groups: dict[str, list[int]] = {}
    for i, event in enumerate(windows.event_ids):
        groups.setdefault(event, []).append(i)
    gains = []
    for phase in ("P", "S"):
        old, new = _hits(before, phase), _hits(after, phase)
        labelled = np.isfinite(old)
        if labelled.any():
            def change(index: np.ndarray, old=old, new=new, labelled=labelled) -> float:
                chosen = index[labelled[index]]
                return float(np.mean(new[chosen]) - np.mean(old[chosen])) if chosen.size else np.nan

            gains.append(Gain(f"{phase} hit", bootstrap(change, list(groups.values()), resamples, seed),
                              int(labelled.sum()), "picks"))
    if windows.n_earthquakes:
        interval = bootstrap(lambda index: _detection_f1(after, index) - _detection_f1(before, index),
                             list(groups.values()), resamples, seed)
        gains.append(Gain("detection F1", interval, len(windows), f"windows, {windows.n_noise} noise"))
    return gains
