"""Settings of `eqviewer train`, kept free of TensorFlow so that the command line can read them cheaply."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from eqviewer.model.descriptor import CLASSIFIER, NETWORKS, PICKERS
from eqviewer.train.augment import AugmentSettings

TASKS: dict[str, tuple[str, ...]] = {
    "classifier": (CLASSIFIER,),
    **{f"picker-{picker}": (picker,) for picker in PICKERS},
    "all": NETWORKS,
}
"""The networks each task of `eqviewer train --task` trains."""
CLASSIFIER_INPUTS = ("normalized", "raw")


@dataclass(frozen=True)
class LoopSettings:
    """Optimisation settings of one network's training."""

    epochs: int = 30
    batch_size: int = 32
    learning_rate: float = 3e-4
    patience: int = 6
    """Epochs without a better validation loss before stopping."""
    freeze_encoder: bool = False
    """Train only the decoder/recurrent layers and the head, keeping the seed's feature extractor."""
    seed: int = 0
    augment: AugmentSettings = AugmentSettings()
    anchor: float = 0.0
    """After every step, move each trainable weight this fraction of the way back to the base's value (0: off)."""
    picker_noise_ratio: float | None = None
    """A picker's epoch holds at most this many noise windows per earthquake window (drawn anew each epoch; None:
    every noise window every epoch)."""


@dataclass(frozen=True)
class TrainSettings:
    """Everything `eqviewer train` can set; the defaults suit a few hundred reviewed windows on a CPU."""

    epochs: int = 30
    batch_size: int = 32
    learning_rate: float = 3e-4
    freeze_encoder: bool | None = None
    """True: train only the decoder/recurrent layers and the head of every network; False: train every layer;
    None (default): freeze the pickers' encoders (the seed's features, learned from 100,000 TXED traces, carry
    to other networks better than features refitted to a few hundred windows: trained on obstransformer56 alone,
    the frozen P picker found 46/50 STEAD P picks, the fully trained one 40/50, the seed 44/50) and train the
    whole classifier (its normalising variant must adapt its first layers to normalised input)."""
    val_fraction: float = 0.2
    seed: int = 0
    patience: int = 6
    classifier_input: str = "normalized"
    """"normalized" (a classifier that normalises its own input; generalises across instruments) or "raw"
    (keeps the base classifier's input, e.g. the seed's raw counts for TXED-like data)."""
    quiet_noise: bool = True
    """Add random-phase noise with the spectra of the pre-P part of training earthquakes to the classifier's
    training windows (see :mod:`eqviewer.train.noise`)."""
    pre_p_noise: bool = True
    """Add the real pre-P segments of earthquake windows, padded as detection pads a short record, as noise windows
    of every network (each split side from its own earthquakes)."""
    fit_thresholds: bool = True
    """After training, fit the P, S and detection thresholds on the validation split and store them with the
    model (:mod:`eqviewer.train.thresholds`)."""
    augment: AugmentSettings = field(default_factory=AugmentSettings)
    anchor: float = 0.05
    """Pull toward the base weights after every step (see :class:`LoopSettings`), so that fine-tuning on a small
    set does not make the model forget what it learned elsewhere. Measured with benchmarks/finetune_transfer.py
    (pickers, 8 epochs, encoders frozen as by default): when the pickers still learned from every noise window
    every epoch and from the traces' tapered starts, training on stead_eqt50 (one station) cost P on
    obstransformer56 0.892 -> 0.838 without it and nothing with 0.05. With the noise balance of
    ``picker_noise_ratio`` neither direction loses more than 2 points of recall, with or without it
    (stead_eqt50 -> obstransformer56: P 0.919 -> 0.919, S 0.919 -> 0.946, false S per hour of noise 15.8 -> 25.3
    with it, 18.9 without; obstransformer56 -> stead_eqt50: P 0.920 -> 0.900, S 0.980 -> 1.000 both; at the P
    threshold 0.35 of the time: at 0.33 the seed finds one more of obstransformer56's 37 P, so P reads 0.946 -> 0.919
    there, and 0.940 -> 0.920 on stead_eqt50); it is kept as the guard for sets that would pull the pickers further.
    A classifier given a normalising input (``classifier_input`` "normalized" on a raw-count base) is not pulled: its
    input is no longer the base's, and the pull kept its outputs near 0.5 (trained on half of obstransformer56, F1 on
    the other half 0.75 with it, 0.92 without)."""
    picker_noise_ratio: Mapping[str, float | None] = field(default_factory=lambda: {"p": 0.5, "s": None})
    """By picker: its epoch holds at most this many noise windows (noise records, rejected picks, pre-P segments) per
    earthquake window, drawn anew each epoch (None: every noise window every epoch). Measured by training one picker
    with train's defaults (half of a set to train on, the other half held out; or one set, tested on the other):
    - P: on stead_eqt50 every noise window every epoch (one pre-P segment per earthquake) lowered held-out P recall
      0.92 -> 0.88 while the validation loss, mostly the noise windows', kept falling; 0.5 and 0.25 kept 0.92 and
      raised P on obstransformer56, which it did not see, 0.919 -> 0.946. On obstransformer56's halves all gave
      P 0.842 and no false P pick on its held-out noise records.
    - S: every noise window every epoch gave no false S pick on obstransformer56's held-out noise records (0.5: 18
      per hour) and, trained on stead_eqt50, 12.6 false S per hour on obstransformer56's noise (0.5: 25.3; the
      seed: 15.8), S recall 0.919 (0.5: 0.946; the seed: 0.919)."""
    overwrite: bool = False

    def loop_settings(self, network: str) -> LoopSettings:
        """The optimisation settings of ``network`` ("classifier", "p" or "s")."""
        freeze = network != CLASSIFIER if self.freeze_encoder is None else self.freeze_encoder
        return LoopSettings(
            epochs=self.epochs,
            batch_size=self.batch_size,
            learning_rate=self.learning_rate,
            patience=self.patience,
            freeze_encoder=freeze,
            seed=self.seed,
            augment=self.augment,
            anchor=self.anchor,
            picker_noise_ratio=self.picker_noise_ratio.get(network),
        )
