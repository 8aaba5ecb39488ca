"""Whether a record lies far outside the amplitudes a raw-input classifier was trained on.

The seed classifier reads raw counts (seed-model.md §2b): its P(earthquake) follows the amplitude as much as the
waveform's shape. Measured on 32 windows of Gaussian white noise, its median P(eq) is 0.01 at a standard deviation
of 0.52, 0.07 at 0.77, 0.27 at 0.93 and 0.96 at 2: plain noise louder than about 0.8 is called an earthquake. A
record whose own noise is louder than that (STEAD's TA traces: hundreds of counts; ocean-bottom records scaled to
unit variance) gets a curve that says "earthquake" or "noise" for its amplitude, not for what it shows, and the
window says so instead of drawing it as a confident curve.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from eqviewer.model import registry
from eqviewer.model.descriptor import CLASSIFIER, RAW

MAD_TO_STD = 1.4826
"""Median absolute deviation to standard deviation for Gaussian noise."""
PIECE_SAMPLES = 1000
"""The record is judged in pieces of this many samples (10 s at 100 Hz)."""
MAX_PIECES = 100
"""At most this many pieces, evenly spread, are measured (a day has 8,640): the window judges a record when it shows
it, so this must stay quick (a station-day: 20-50 ms on a busy 2-core machine)."""
EXPLANATION = (
    "The classifier reads raw amplitudes (no filter, no normalisation): its P(earthquake) answers how large the "
    "samples are as much as what they show. Plain white noise louder than its noise ceiling is already an "
    "earthquake to it, so on a record whose own noise is far above that ceiling (in the record's units) the curve "
    "says nothing about the waveform. The P and S pickers normalise their input and are not affected."
)
"""What the P(eq) panel's warning means, for its tooltip."""
QUIET_QUANTILE = 0.2
"""The noise level is this quantile of the pieces' levels: earthquakes filling most of a record do not raise it."""


def noise_level(data: np.ndarray) -> float:
    """The noise level of a (3, n) record: in pieces of PIECE_SAMPLES, the robust (median absolute deviation)
    standard deviation of each component about its median; the loudest component's QUIET_QUANTILE over pieces."""
    data = np.asarray(data)
    if data.ndim != 2 or data.shape[1] == 0:
        return 0.0
    width = min(PIECE_SAMPLES, data.shape[1])
    count = data.shape[1] // width
    chosen = np.unique(np.linspace(0, count - 1, min(count, MAX_PIECES)).astype(int))
    pieces = np.stack([data[:, i * width : (i + 1) * width] for i in chosen], axis=1).astype(np.float32)
    finite = np.isfinite(pieces).all(axis=2)  # (3, pieces): a piece with a gap or a NaN is not judged
    deviation = np.abs(pieces - np.median(pieces, axis=2, keepdims=True))
    levels = np.where(finite, MAD_TO_STD * np.median(deviation, axis=2), np.nan)  # (3, pieces)
    if not finite.any():
        return 0.0
    with np.errstate(all="ignore"):
        quiet = [np.quantile(row[np.isfinite(row)], QUIET_QUANTILE) for row in levels if np.isfinite(row).any()]
    return float(max(quiet))


CEILING_KEY = "classifier_noise_ceiling"
"""The metadata key of a registered model's measured ceiling (null: its classifier normalises its input)."""
CEILING_PROBABILITY = 0.1
"""The ceiling is the white-noise standard deviation at which the median P(eq) reaches this."""


def measure_noise_ceiling(prob_earthquake: Callable[[np.ndarray], np.ndarray], window_samples: int,
                          n_windows: int = 32, seed: int = 3) -> float | None:
    """The standard deviation of Gaussian white noise at which a raw-input classifier's median P(earthquake)
    reaches :data:`CEILING_PROBABILITY` (bisection on a log scale between 1e-3 and 1e6, 10 steps: within 2 %), or
    None when no noise level in that range gets there (the classifier does not follow the amplitude).
    ``prob_earthquake`` maps (N, window, 3) float32 windows to N probabilities."""
    noise = np.random.default_rng(seed).standard_normal((n_windows, window_samples, 3)).astype(np.float32)

    def median_p(log_scale: float) -> float:
        return float(np.median(prob_earthquake(noise * np.float32(10.0 ** log_scale))))

    low, high = -3.0, 6.0
    if median_p(high) < CEILING_PROBABILITY or median_p(low) >= CEILING_PROBABILITY:
        return None
    for _ in range(10):
        middle = (low + high) / 2
        low, high = (middle, high) if median_p(middle) < CEILING_PROBABILITY else (low, middle)
    return float(f"{10.0 ** ((low + high) / 2):.3g}")


def noise_ceiling(entry: registry.ModelEntry, depth: int = 0) -> float | None:
    """The noise ceiling of the classifier of model ``entry`` (None: it normalises its input, or has none): the
    one measured when it was trained (metadata :data:`CEILING_KEY`), else its base's for a classifier taken from the
    base, else the model kind's (:attr:`ModelDescriptor.raw_noise_ceiling`) for a classifier that reads raw input.
    Reads metadata only (no TensorFlow)."""
    meta = entry.metadata
    networks = meta.get("networks") or {}
    if entry.kind == "keras" and CLASSIFIER not in networks and depth < 8:
        return noise_ceiling(registry.resolve(meta.get("base", registry.SEED_NAME)), depth + 1)
    if CEILING_KEY in meta:
        value = meta[CEILING_KEY]
        return float(value) if isinstance(value, (int, float)) and value > 0 else None
    if "WindowNormalization" in str((meta.get("preprocessing") or {}).get(CLASSIFIER, "")):
        return None  # trained before ceilings were measured: a normalising classifier has none
    descriptor = entry.descriptor
    reads_raw = (networks.get(CLASSIFIER) or {}).get("input", descriptor.inputs[CLASSIFIER]) == RAW
    return descriptor.raw_noise_ceiling if reads_raw else None


def classifier_amplitude_warning(ceiling: float | None, data: np.ndarray) -> str | None:
    """Why the classifier's P(earthquake) on record ``data`` (raw samples, (3, n)) cannot be trusted, in one short
    line (the window writes it on the P(eq) panel; :data:`EXPLANATION` says more), or None when its noise lies
    within what the classifier calls noise or the classifier has no noise ``ceiling`` (:func:`noise_ceiling`)."""
    if ceiling is None:
        return None
    level = noise_level(data)
    if level <= ceiling:
        return None
    ratio = level / ceiling
    times = f"{ratio:.1f}" if ratio < 10 else f"{ratio:.0f}"
    return (f"P(eq) not to be trusted: noise {level:.3g} is {times}x what this raw-amplitude classifier calls noise "
            f"({ceiling:g})")
