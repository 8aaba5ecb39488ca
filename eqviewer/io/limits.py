"""The limits a stored trace must keep to be read: its sampling rate, its sample count, its span and its times.

A few bytes of header can claim an absurd record: an 89 KB MiniSEED file at 1/32768 Hz spans years (5.5 GB
once resampled to 100 Hz), an unallocated 234 KB HDF5 dataset claims 10^9 x 3 samples, a SAC delta of 1e30 s
or a sampling rate of zero, infinity or below zero breaks every time computation. Readers check each stored
trace (one trace of an ObsPy file, one HDF5 dataset) against these limits and refuse what lies outside with an
ArchiveError that names the file and states the limit; a folder or multi-trace archive skips such traces with a
warning. Within the limits, a record is read slice by slice (detect) and one slice's memory stays bounded.
"""

from __future__ import annotations

import math

import numpy as np
from obspy import UTCDateTime

from eqviewer.errors import ArchiveError

# Sampling rates outside this range (Hz) are refused: slower channels (LH at 1 Hz and below) hold nothing a 100 Hz
# picker can use, and faster ones are not seismometer data.
MIN_SAMPLING_RATE_HZ = 1.0
MAX_SAMPLING_RATE_HZ = 10_000.0
# A trace stored as one HDF5 dataset (an event window, read whole or by span) may hold at most this many samples per
# component (11.6 days at 100 Hz; 400 MB as float32). ObsPy traces are read in time slices and have no such limit.
MAX_TRACE_SAMPLES = 100_000_000
# One stored trace may span at most this long (a year and a day).
MAX_TRACE_SPAN_S = 366 * 86_400.0
# Samples must lie in these years (times outside cannot be written as ISO 8601 or QuakeML, or are damage).
EARLIEST_TIME = UTCDateTime("1900-01-01T00:00:00")
LATEST_TIME = UTCDateTime("2200-01-01T00:00:00")
_EARLIEST_NS, _LATEST_NS = EARLIEST_TIME.ns, LATEST_TIME.ns
# The warning for picks whose arrival sample (archive metadata) lies beyond MAX_TRACE_SPAN_S from the trace start.
OUTSIDE_SPAN = "arrival samples lie beyond the readable span of their traces; their picks are ignored"


def trace_problem(sampling_rate: float, n_samples: int | None, start: UTCDateTime,
                  max_samples: int | None = MAX_TRACE_SAMPLES) -> str | None:
    """Why a stored trace (``n_samples`` from ``start`` at ``sampling_rate``) breaks the limits, or None.

    ``n_samples`` None checks the rate and the start only (an item listed from several files); ``max_samples`` None
    skips the sample-count limit (a trace read in time slices)."""
    rate = float(sampling_rate)
    problem = rate_problem(rate)
    if problem is not None:
        return problem
    start_ns = start.ns  # integer nanoseconds: listing checks every item, so no UTCDateTime arithmetic here
    if not _EARLIEST_NS <= start_ns < _LATEST_NS:
        return f"start time {_time_text(start)} is outside the readable years {EARLIEST_TIME.year}-{LATEST_TIME.year - 1}"
    if n_samples is None:
        return None
    if max_samples is not None and n_samples > max_samples:
        return f"claims {n_samples:,} samples per component; at most {max_samples:,} are read"
    span = n_samples / rate
    if span > MAX_TRACE_SPAN_S:
        return f"spans {span / 86_400:.0f} days; one trace may span at most {MAX_TRACE_SPAN_S / 86_400:.0f} days"
    if start_ns + span * 1e9 >= _LATEST_NS:
        return f"ends after {LATEST_TIME.year - 1}"
    return None


def rate_problem(sampling_rate: float) -> str | None:
    """Why a sampling rate (Hz) lies outside the readable range, or None."""
    if not math.isfinite(sampling_rate) or not MIN_SAMPLING_RATE_HZ <= sampling_rate <= MAX_SAMPLING_RATE_HZ:
        return (f"sampling rate {sampling_rate:g} Hz is outside the readable range "
                f"{MIN_SAMPLING_RATE_HZ:g}-{MAX_SAMPLING_RATE_HZ:g} Hz")
    return None


def sample_offsets_ns(samples: np.ndarray | float, sampling_rates: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Nanoseconds from a trace's start to the (fractional) sample indices ``samples`` of traces sampled at
    ``sampling_rates``, and which of them are usable: the index finite, the rate within the readable range and the
    offset within :data:`MAX_TRACE_SPAN_S` of the start either way (an unusable offset is 0).

    Archive metadata (a CSV column, an attribute) can claim any number; this keeps the times computed from it
    finite and within the readable years."""
    samples = np.asarray(samples, dtype=np.float64)
    rates = np.asarray(sampling_rates, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        seconds = samples / rates
        usable = (np.isfinite(seconds) & (rates >= MIN_SAMPLING_RATE_HZ) & (rates <= MAX_SAMPLING_RATE_HZ)
                  & (np.abs(seconds) <= MAX_TRACE_SPAN_S))
    return np.where(usable, np.round(np.where(usable, seconds, 0.0) * 1e9), 0.0).astype(np.int64), usable


def _time_text(time: UTCDateTime) -> str:
    """ISO 8601 text of a time, or seconds since 1970 for one beyond what a calendar date can hold."""
    try:
        return str(time)
    except (OverflowError, ValueError):
        return f"{time.timestamp:.6g} s after 1970"


def check_trace(path: str, what: str, sampling_rate: float, n_samples: int | None, start: UTCDateTime) -> None:
    """ArchiveError naming ``path`` and ``what`` (the trace) when it breaks the limits (:func:`trace_problem`)."""
    problem = trace_problem(sampling_rate, n_samples, start)
    if problem is not None:
        raise ArchiveError(path, f"{what}: {problem}")
