"""Argument types the sub-command parsers share: each turns the text into a checked value or makes argparse print
``eqviewer <command>: error: argument --X: <why>`` (status 2), so no bad value reaches the core."""

from __future__ import annotations

import argparse
import math

from obspy import UTCDateTime


def iso_time(text: str) -> UTCDateTime:
    """An ISO 8601 date or time ("2024-01-31", "2024-01-31T12:00:00", "2024-01-31T12:00:00.5Z")."""
    try:
        return UTCDateTime(text.strip().replace(" ", "T", 1), iso8601=True)
    except (TypeError, ValueError, OverflowError):
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 date or time: {text!r} (e.g. 2024-01-31 or 2024-01-31T12:00:00)") from None


def _finite(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return value


def positive_float(text: str) -> float:
    """A finite number above zero (seconds, a learning rate, a timeout)."""
    value = _finite(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0, not {text!r}")
    return value


def probability(text: str) -> float:
    """A finite number from 0 to 1 (a threshold)."""
    value = _finite(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, not {text!r}")
    return value


def fraction(text: str) -> float:
    """A finite number strictly between 0 and 1 (a share of the data)."""
    value = _finite(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {text!r}")
    return value


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def positive_int(text: str) -> int:
    """A whole number of 1 or more (workers, epochs, a batch size)."""
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {text!r}")
    return value


def count(text: str) -> int:
    """A whole number of 0 or more (a patience, a random seed)."""
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text!r}")
    return value


def check_time_range(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Make ``parser`` exit with an error when both --start and --end are given and --end is not after --start."""
    start, end = getattr(args, "start", None), getattr(args, "end", None)
    if isinstance(start, UTCDateTime) and isinstance(end, UTCDateTime) and end <= start:
        parser.error(f"--end ({end}) must be after --start ({start})")
