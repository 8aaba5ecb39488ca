"""What a model kind is: its window, sampling rate, networks with the input each expects, and default thresholds.

Every module that needs the shape of the model's input or the names of its networks reads them here (from
:data:`SEED` or from a loaded model's ``descriptor``), never repeats them. A model folder names its kind in
``metadata.json`` (``"kind"``, default :data:`SEED_KIND`); :func:`descriptor_for` gives that kind's descriptor.
A second architecture is one module that builds its networks and calls :func:`register_kind`. This module
imports neither TensorFlow nor Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from eqviewer.errors import ModelError
from eqviewer.sampling import SAMPLING_RATE

# The inputs a network can expect (seed-model.md §2): raw counts, or each channel band-passed 1-45 Hz and divided by
# its signed maximum. eqviewer.model.preprocess computes them.
RAW = "raw"
PICKER_INPUT = "bandpass-1-45hz-signed-max"
INPUT_KINDS = (RAW, PICKER_INPUT)

# The networks' roles in the app's workflow: the window classifier and the P and S pickers.
CLASSIFIER = "classifier"
PICKERS = ("p", "s")
NETWORKS = (CLASSIFIER, *PICKERS)
CHANNELS = 3  # Z, N, E

SEED_KIND = "seed"


@dataclass(frozen=True)
class ModelDescriptor:
    """One model kind: ``window_samples`` per window at ``sampling_rate`` Hz, the input each network of
    :data:`NETWORKS` expects (``inputs``), and the default decision ``thresholds`` by network (the classifier's
    P(earthquake), the pickers' peak probability). ``raw_noise_ceiling``: for a classifier that reads raw
    amplitudes, the standard deviation of white noise above which it calls plain noise an earthquake (median
    P(eq) 0.1; see :mod:`eqviewer.model.amplitude_guard`), None where it does not apply."""

    kind: str
    window_samples: int
    sampling_rate: float
    inputs: Mapping[str, str] = field(default_factory=dict)
    thresholds: Mapping[str, float] = field(default_factory=dict)
    raw_noise_ceiling: float | None = None

    def __post_init__(self) -> None:
        if set(self.inputs) != set(NETWORKS) or set(self.thresholds) != set(NETWORKS):
            raise ValueError(f"model kind {self.kind!r} must give an input and a threshold for each of {NETWORKS}")
        if any(kind not in INPUT_KINDS for kind in self.inputs.values()):
            raise ValueError(f"model kind {self.kind!r}: network inputs must be among {INPUT_KINDS}")
        if self.window_samples < 1 or self.sampling_rate <= 0:
            raise ValueError(f"model kind {self.kind!r}: window and sampling rate must be positive")
        object.__setattr__(self, "inputs", MappingProxyType(dict(self.inputs)))
        object.__setattr__(self, "thresholds", MappingProxyType(dict(self.thresholds)))

    @property
    def window_s(self) -> float:
        """The window's length in seconds."""
        return self.window_samples / self.sampling_rate

    def samples(self, seconds: float) -> int:
        """``seconds`` as a whole number of samples at the model's rate."""
        return int(round(seconds * self.sampling_rate))


SEED = ModelDescriptor(
    kind=SEED_KIND,
    window_samples=6000,  # 60 s: the TXED windows the seed networks were trained on
    sampling_rate=SAMPLING_RATE,
    inputs={CLASSIFIER: RAW, "p": PICKER_INPUT, "s": PICKER_INPUT},
    # The classifier's own rule (P(eq) > 0.5); the pickers' measured on real noise and labelled records together
    # with the SNR rule (DetectSettings, eqviewer/detect/README.md).
    thresholds={CLASSIFIER: 0.5, "p": 0.33, "s": 0.3},
    raw_noise_ceiling=0.8,  # measured on the published classifier weights (eqviewer.model.amplitude_guard)
)

_KINDS: dict[str, ModelDescriptor] = {SEED.kind: SEED}


def register_kind(descriptor: ModelDescriptor) -> None:
    """Makes ``descriptor`` a model kind that model folders can name.

    Records are read at :data:`eqviewer.sampling.SAMPLING_RATE` (eqviewer.io resamples every record to it), so a
    kind must use that rate.
    """
    if descriptor.sampling_rate != SAMPLING_RATE:
        raise ValueError(f"model kind {descriptor.kind!r}: records are read at {SAMPLING_RATE:g} Hz, not "
                         f"{descriptor.sampling_rate:g} Hz")
    known = _KINDS.get(descriptor.kind)
    if known is not None and known != descriptor:
        raise ValueError(f"model kind {descriptor.kind!r} is already registered with another descriptor")
    _KINDS[descriptor.kind] = descriptor


def descriptor_for(kind: str, path: str | None = None) -> ModelDescriptor:
    """The descriptor of model kind ``kind``; :class:`ModelError` (naming ``path``) for an unknown kind."""
    if kind not in _KINDS:
        raise ModelError(path, f"unknown model kind {kind!r} (known: {', '.join(sorted(_KINDS))})")
    return _KINDS[kind]
