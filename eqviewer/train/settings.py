"""Settings of `eqviewer train`, kept free of TensorFlow so that the command line can read them cheaply."""

from __future__ import annotations

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
    """Add noise windows made from the pre-P part of training earthquakes (see :mod:`eqviewer.train.noise`)."""
    augment: AugmentSettings = field(default_factory=AugmentSettings)
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
        )
