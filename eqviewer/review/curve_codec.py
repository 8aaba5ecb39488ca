"""How a session stores a record's model curves compactly: quantised to one byte, attention maps decimated.

The curves are for drawing (the picks are stored apart, at full precision), so they need neither float32 nor, for
the attention maps, 100 Hz:

- every curve is a probability or gate in [0, 1], stored as ``round(v * QUANTA)`` in one byte: steps of 0.005,
  finer than a pixel of the probability panels, with thresholds in steps of 0.005 (the defaults among them) exact;
- attention maps (names starting with ``att:``) keep the maximum of each ``1 / ATTENTION_RATE_HZ`` s block: the
  networks' own attention resolution is 6-25 Hz and the view draws them as an image row, max-pooled anyway;
- the bytes are zlib-compressed (level 6): a station-day's curves are long runs of near-zero values.

Encodings: ``"f4"`` little-endian float32 (sessions of schema 1, still read), ``"u8q200"`` the quantised bytes.
"""

from __future__ import annotations

import zlib

import numpy as np

QUANTA = 200
ATTENTION_PREFIX = "att:"
ATTENTION_RATE_HZ = 10.0
ENCODING = "u8q200"
LEGACY_ENCODING = "f4"
ZLIB_LEVEL = 6


def stored_rate(name: str, sampling_rate: float) -> float:
    """The rate a curve is stored at: attention maps at most ATTENTION_RATE_HZ, the rest at their own rate."""
    if name.startswith(ATTENTION_PREFIX) and sampling_rate > ATTENTION_RATE_HZ:
        return sampling_rate / max(1, int(round(sampling_rate / ATTENTION_RATE_HZ)))
    return float(sampling_rate)


def encode(name: str, values: np.ndarray, sampling_rate: float) -> tuple[float, int, str, bytes]:
    """(stored rate, number of stored samples, encoding, bytes) of one curve."""
    values = np.nan_to_num(np.asarray(values, dtype=np.float32).ravel(), nan=0.0)
    rate = stored_rate(name, sampling_rate)
    step = int(round(sampling_rate / rate))
    if step > 1 and values.size:
        padded = np.zeros(-(-values.size // step) * step, dtype=np.float32)
        padded[: values.size] = values
        values = padded.reshape(-1, step).max(axis=1)
    quantised = np.rint(np.clip(values, 0.0, 1.0) * QUANTA).astype(np.uint8)
    return rate, int(quantised.size), ENCODING, zlib.compress(quantised.tobytes(), ZLIB_LEVEL)


def encode_all(curves: dict[str, np.ndarray], sampling_rate: float) -> dict[str, tuple[float, int, str, bytes]]:
    """:func:`encode` of every curve of a record (worth doing in a worker thread: a station-day takes a second)."""
    return {name: encode(name, values, sampling_rate) for name, values in curves.items()}


def decode(encoding: str, data: bytes) -> np.ndarray:
    """A stored curve as float32."""
    raw = zlib.decompress(data)
    if encoding == LEGACY_ENCODING:
        return np.frombuffer(raw, dtype="<f4").astype(np.float32)
    if encoding == ENCODING:
        return np.frombuffer(raw, dtype=np.uint8).astype(np.float32) / np.float32(QUANTA)
    raise ValueError(f"unknown curve encoding {encoding!r}")
