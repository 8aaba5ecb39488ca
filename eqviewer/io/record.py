"""The one in-memory shape every waveform source reads into."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from obspy import UTCDateTime

from eqviewer.labels import Pick
from eqviewer.sampling import SAMPLING_RATE

COMPONENTS = ("Z", "N", "E")

# Flags a reader may set on a record.
FLAG_MISSING_N = "missing_N"
FLAG_MISSING_E = "missing_E"
FLAG_MISSING_Z = "missing_Z"
FLAG_GAPS_FILLED = "gaps_filled"
FLAG_RESAMPLED = "resampled"
FLAG_NONFINITE_ZEROED = "nonfinite_zeroed"
FLAG_OVERLAPS_MERGED = "overlaps_merged"
FLAG_PARTIAL_COVERAGE = "partial_coverage"
MISSING_FLAGS = {"Z": FLAG_MISSING_Z, "N": FLAG_MISSING_N, "E": FLAG_MISSING_E}


@dataclass(frozen=True)
class ItemRef:
    """Where a record came from: the file (or archive root) and the key inside it.

    ``str(ref)`` is ``"<path>#<key>"`` and :meth:`parse` reads it back; the review store keys labels by it.
    """

    path: str
    key: str

    def __str__(self) -> str:
        return f"{self.path}#{self.key}"

    @classmethod
    def parse(cls, text: str) -> "ItemRef":
        """Read back the string form ``"<path>#<key>"``."""
        path, _, key = text.rpartition("#")
        return cls(path, key)


@dataclass
class Record:
    """Three-component samples with their metadata and the labels the archive already holds.

    ``data`` is float32 of shape (3, n) in Z, N, E order at 100 Hz; a missing component is zeros and flagged.
    ``labels`` are picks (status ``manual`` or ``automatic`` as the archive says) with absolute times.
    ``category`` is the archive's label for the whole record: "earthquake", "noise" or None (unlabelled).
    """

    data: np.ndarray
    start: UTCDateTime
    station_id: str
    ref: ItemRef
    flags: set[str] = field(default_factory=set)
    labels: list[Pick] = field(default_factory=list)
    category: str | None = None
    metadata: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    sampling_rate: float = SAMPLING_RATE

    @property
    def n_samples(self) -> int:
        """Number of samples per component."""
        return int(self.data.shape[1])

    @property
    def end(self) -> UTCDateTime:
        """Time of the last sample."""
        return self.start + (self.n_samples - 1) / self.sampling_rate

    def time_of(self, sample: float) -> UTCDateTime:
        """Absolute time of a (fractional) sample index."""
        return self.start + sample / self.sampling_rate

    def sample_of(self, time: UTCDateTime) -> float:
        """Fractional sample index of an absolute time."""
        return (time - self.start) * self.sampling_rate
