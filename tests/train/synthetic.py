"""Synthetic labelled records for the train tests: noise plus a P and an S wavelet at known samples."""

from __future__ import annotations

import numpy as np
from obspy import UTCDateTime

from eqviewer.io.record import ItemRef, Record
from eqviewer.labels import Pick


def synthetic_record(
    key: str,
    rng: np.random.Generator,
    n: int = 6000,
    p: float | None = 800.0,
    s: float | None = 1500.0,
    start: UTCDateTime = UTCDateTime(2020, 1, 1),
    category: str | None = "earthquake",
    metadata: dict | None = None,
    status: str = "manual",
) -> Record:
    """A 3-component record of white noise with decaying bursts after ``p`` and ``s`` (sample indices)."""
    data = rng.standard_normal((3, n)).astype(np.float32)
    t = np.arange(n)
    labels = []
    for phase, sample, amp in (("P", p, 8.0), ("S", s, 15.0)):
        if sample is None:
            continue
        after = t >= sample
        envelope = np.where(after, np.exp(-(t - sample) / 150.0), 0.0)
        data += (amp * envelope * np.sin(2 * np.pi * 5.0 * (t - sample) / 100.0)).astype(np.float32)
        labels.append(Pick("XX.STA..HH", phase, start + sample / 100.0, record=f"mem#{key}", status=status))
    return Record(
        data=data,
        start=start,
        station_id="XX.STA..HH",
        ref=ItemRef("mem", key),
        labels=labels,
        category=category,
        metadata=metadata or {},
    )
