"""Settings of `eqviewer train`, kept free of TensorFlow so that the command line can read them cheaply."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from eqviewer.model import CLASSIFIER, NETWORKS, PICKERS
from eqviewer.train.augment import AugmentSettings
from eqviewer.train.bootstrap import RESAMPLES

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
    freeze_encoder: bool = False
    """True: train only the decoder/recurrent layers and the head of every network, keeping the base's feature
    extractor; False (default): train every layer, held near the base by ``anchor``. Measured with
    benchmarks/finetune_transfer.py (P picker; anchor 0.1 unless said): on halves of obstransformer56 and stead_eqt50
    pooled (three splits by event, 132 held-out P) the whole picker found 131 P at the default threshold, the
    frozen encoder 127 (anchor 0.05), the seed 125, with no false P on the held-out noise; trained on one set and
    tested on the other it lost no P (the frozen encoder lost 2.0 and 2.7 points, the whole picker with anchor 0.05
    5.4 points trained on stead_eqt50, one station)."""
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
    keep_better: bool = True
    """Keep each trained network only where it beats the base's on the validation split, else take the base's
    (:mod:`eqviewer.train.selection`); False keeps every trained network as trained (to study what training did)."""
    bootstrap_resamples: int = RESAMPLES
    """Bootstrap draws of the validation records that decide whether a fitted threshold is reliably better than the
    base's (:func:`eqviewer.train.thresholds.check_fitted`)."""
    augment: AugmentSettings = field(default_factory=AugmentSettings)
    anchor: float = 0.1
    """Pull toward the base weights after every step (see :class:`LoopSettings`), so that fine-tuning on a small
    set does not make the model forget what it learned elsewhere. Measured with benchmarks/finetune_transfer.py
    (pickers, 8 epochs, every layer trained): trained on stead_eqt50 (one station) and tested on
    obstransformer56, P 0.946 -> 0.892 with 0.05 and 0.946 -> 0.946 with 0.1 and 0.2 (S 0.919 -> 0.946, false S
    per hour of noise 15.8 -> 12.6); trained on obstransformer56 and tested on stead_eqt50, P 0.940 -> 0.940,
    S 0.980 -> 1.000 with 0.1. On the pooled halves (see ``freeze_encoder``) 0.1 still gained 6 of the seed's 7
    missed P; the S picker found 130 of those halves' 131 S trained whole or with its encoder frozen (the seed 128),
    with 14 false S per hour of noise trained whole, 18 frozen (the seed 16).
    A classifier given a normalising input (``classifier_input`` "normalized" on a raw-count base) is not pulled: its
    input is no longer the base's, and the pull kept its outputs near 0.5 (trained on half of obstransformer56, F1 on
    the other half 0.75 with it, 0.92 without)."""
    picker_noise_ratio: Mapping[str, float | None] = field(default_factory=lambda: {"p": 0.5, "s": None})
    """By picker: its epoch holds at most this many noise windows (noise records, rejected picks, pre-P segments) per
    earthquake window, drawn anew each epoch (None: every noise window every epoch). Measured by training one picker
    with train's defaults of the time (encoders frozen, anchor 0.05; half of a set to train on, the other half held
    out; or one set, tested on the other):
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
        return LoopSettings(
            epochs=self.epochs,
            batch_size=self.batch_size,
            learning_rate=self.learning_rate,
            patience=self.patience,
            freeze_encoder=self.freeze_encoder,
            seed=self.seed,
            augment=self.augment,
            anchor=self.anchor,
            picker_noise_ratio=self.picker_noise_ratio.get(network),
        )
