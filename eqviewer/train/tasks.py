"""What each training task trains, on which windows, and the batches it feeds the network.

The tasks (:data:`eqviewer.train.settings.TASKS`) name one or more networks: "classifier" (signal vs noise),
"p" and "s" (the pickers). The classifier learns from every window (one-hot [noise, earthquake]); a picker learns from the earthquake
windows that have an arrival of its phase and from the noise windows (an all-zero target: no arrival).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eqviewer.model import CLASSIFIER, SEED, network_input
from eqviewer.train.augment import AugmentSettings, augment
from eqviewer.train.targets import class_target, pick_target
from eqviewer.train.windows import LabelledWindows


@dataclass(frozen=True)
class Batch:
    """Network input (B, window, 3) float32 and target ((B, 2) for the classifier, (B, window, 1) for a picker)."""

    x: np.ndarray
    y: np.ndarray


def eligible(windows: LabelledWindows, network: str, index: np.ndarray) -> np.ndarray:
    """The members of ``index`` that ``network`` can learn from."""
    index = np.asarray(index, dtype=int)
    if network == CLASSIFIER:
        return index
    phases = windows.p_samples if network == "p" else windows.s_samples
    keep = [i for i in index if not windows.is_earthquake[i] or phases[i].size]
    return np.array(keep, dtype=int)


def epoch_order(
    windows: LabelledWindows,
    network: str,
    index: np.ndarray,
    rng: np.random.Generator,
    picker_noise_ratio: float | None = None,
) -> np.ndarray:
    """Shuffled training order for one epoch. For the classifier the rarer class is repeated to balance them; for a
    picker, when the noise windows outnumber ``picker_noise_ratio`` times its earthquake windows, that many of them
    are drawn anew each epoch (None: all of them every epoch)."""
    index = eligible(windows, network, index)
    eq = index[windows.is_earthquake[index]]
    noise = index[~windows.is_earthquake[index]]
    if network == CLASSIFIER and eq.size and noise.size:
        small, large = sorted((eq, noise), key=len)
        repeats = int(np.ceil(large.size / small.size))
        index = np.concatenate([large, np.tile(small, repeats)[: large.size]])
    elif network != CLASSIFIER and picker_noise_ratio is not None and noise.size > picker_noise_ratio * eq.size:
        drawn = rng.choice(noise, size=int(round(picker_noise_ratio * eq.size)), replace=False)
        index = np.concatenate([eq, drawn])
    return rng.permutation(index)


def make_batch(
    windows: LabelledWindows,
    index: np.ndarray,
    network: str,
    rng: np.random.Generator,
    settings: AugmentSettings,
    noise_bank: np.ndarray | None = None,
    input_kind: str | None = None,
) -> Batch:
    """Augmented (per ``settings``), preprocessed inputs and targets of the windows at ``index``.

    Inputs get the preprocessing ``input_kind`` names (default the seed's for ``network``: the pickers' band-pass
    and per-channel normalisation; raw counts for the classifier, whose normalising variant normalises inside).
    """
    xs, ys = [], []
    for i in index:
        data, p, s = augment(windows.waveforms[i], windows.p_samples[i], windows.s_samples[i], settings, rng, noise_bank)
        xs.append(data.T)
        if network == CLASSIFIER:
            continue
        ys.append(pick_target(p if network == "p" else s, data.shape[1])[:, None])
    x = network_input(np.stack(xs).astype(np.float32), input_kind or SEED.inputs[network])
    if network == CLASSIFIER:
        return Batch(x, class_target(windows.is_earthquake[np.asarray(index, dtype=int)]))
    return Batch(x, np.stack(ys))
