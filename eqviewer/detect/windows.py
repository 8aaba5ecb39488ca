"""Where the model's windows go on a record, and cutting them out in the shape the model takes.

``window`` is the model's window in samples (:attr:`eqviewer.model.descriptor.ModelDescriptor.window_samples`).
"""

from __future__ import annotations

import numpy as np

from eqviewer.io import SAMPLING_RATE

MIN_DATA = int(SAMPLING_RATE)  # samples: a window at the record's end still holds at least the first second of data


def pad_to(data: np.ndarray, length: int) -> np.ndarray:
    """A (3, n) record extended to (3, ``length``) by mirroring it at its end, as often as needed (unchanged if
    longer). Outputs over the padding are cut off afterwards.

    The mirror image has no step at the junction (no band-pass transient) and looks like ground motion to the
    networks. A flat tail does not: their attention gates average over the whole window, and on the 50 STEAD
    traces of ../shared cut to 20, 30 and 45 s, P recall was 0.34, 0.40 and 0.42 with the last sample repeated
    (0.88 on the whole 60 s traces) against 0.86, 0.90 and 0.92 mirrored (0.82-0.88 repeating the record instead).
    """
    n = data.shape[1]
    if n >= length:
        return data
    if n == 0:
        return np.zeros((data.shape[0], length), dtype=np.float32)
    while data.shape[1] < length:
        data = np.pad(data, ((0, 0), (0, min(length - data.shape[1], data.shape[1]))), mode="symmetric")
    return data


def window_starts(n_samples: int, stride: int, window: int, first: int = 0, at_end: bool = True) -> np.ndarray:
    """Start samples of the windows over a record (or a time slice) of ``n_samples``.

    Windows start at ``first + k * stride`` (``first`` lets a time slice keep the grid of its whole record).
    Windows are kept while they fit, and, when the samples reach the record's end (``at_end``), the grid goes on
    while a window still holds ``MIN_DATA`` samples (padded past the end), so that an onset in the last window also
    lies 1-9 s into some window. That holds for records of a window or less too (seed model): a 60 s event file
    with P 30 s in is seen by windows starting 24 and 32 s in (one window at its start found P in 1 of 50 such
    STEAD traces). ``window`` is the model's window in samples.
    """
    if stride < 1:
        raise ValueError(f"stride must be at least one sample, got {stride}")
    if n_samples <= window and not at_end:
        return np.zeros(1, dtype=np.int64)
    if at_end:  # at least one window, however short the record
        return np.arange(first, max(first + 1, n_samples - MIN_DATA), stride, dtype=np.int64)
    return np.arange(first, max(first, n_samples - window + 1), stride, dtype=np.int64)


def classifier_starts(n_samples: int, stride: int, window: int, first: int = 0, at_end: bool = True) -> np.ndarray:
    """Start samples of the classifier's windows: every ``stride`` from ``first`` while a whole window fits in the
    record, then (when the samples reach the record's end, ``at_end``) one window ending at the record's last
    sample. The classifier judges a window as a whole, so it is shown real samples only (no padding), except on a
    record shorter than a window, which is one window at its start: an event file is judged as the window it is."""
    if stride < 1:
        raise ValueError(f"stride must be at least one sample, got {stride}")
    if n_samples <= window:
        return np.zeros(1, dtype=np.int64)
    starts = np.arange(first, n_samples - window + 1, stride, dtype=np.int64)
    if at_end and (starts.size == 0 or starts[-1] + window < n_samples):
        starts = np.append(starts, np.int64(n_samples - window))
    return starts


def padded_length(n_samples: int, starts: np.ndarray, window: int) -> int:
    """Length the record must be padded to so that every window at ``starts`` lies inside it."""
    return max(n_samples, window, int(starts.max()) + window if starts.size else 0)


def cut_windows(data: np.ndarray, starts: np.ndarray, window: int) -> np.ndarray:
    """The windows of a (3, n) record starting at ``starts``, as a (len(starts), window, 3) float32 array."""
    out = np.empty((len(starts), window, data.shape[0]), dtype=np.float32)
    for i, start in enumerate(starts):
        out[i] = data[:, start : start + window].T
    return out


def edge_weights(start: int, n_samples: int, taper: int, length: int) -> np.ndarray:
    """Weights (length,) for the first ``length`` outputs of one window: a raised-cosine ramp over ``taper`` samples
    at each edge (the end of a curve cut short is an edge too).

    An edge that coincides with the record's edge (start 0, or end at ``n_samples``) is not tapered: no other window
    covers those samples.
    """
    weights = np.ones(length, dtype=np.float32)
    if taper <= 0:
        return weights
    ramp = (0.5 - 0.5 * np.cos(np.pi * (np.arange(taper) + 0.5) / taper)).astype(np.float32)
    if start > 0:
        weights[:taper] = ramp
    if start + length < n_samples:
        weights[-taper:] = ramp[::-1]
    return weights
