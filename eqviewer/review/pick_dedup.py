"""Automatic picks a re-run should not add: those that repeat a pick the analyst has already reviewed.

An automatic pick lies "on" a reviewed pick (accepted, corrected, manual or rejected) of the same record and phase
when they are closer than the larger of their timing uncertainties, and never less than :data:`MIN_TOLERANCE_S`:
the analyst has judged that arrival already, so the re-run must neither duplicate it nor reopen a finished record.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from eqviewer.labels import Pick

MIN_TOLERANCE_S = 1.0


def tolerance_s(automatic: Pick, reviewed: Pick) -> float:
    """How close two picks of one phase must be to count as the same arrival."""
    return max(MIN_TOLERANCE_S, automatic.uncertainty_s or 0.0, reviewed.uncertainty_s or 0.0)


def without_reviewed_duplicates(picks: Iterable[Pick], reviewed: Iterable[Pick]) -> list[Pick]:
    """``picks`` less those on a ``reviewed`` pick of the same record and phase (see the module docstring)."""
    by_key: dict[tuple[str, str], list[tuple[float, Pick]]] = {}
    for pick in reviewed:
        by_key.setdefault((pick.record, pick.phase), []).append((float(pick.time), pick))
    for entries in by_key.values():
        entries.sort(key=lambda entry: entry[0])
    kept = []
    for pick in picks:
        entries = by_key.get((pick.record, pick.phase), [])
        t = float(pick.time)
        i = bisect.bisect_left(entries, t, key=lambda entry: entry[0])
        near = [entries[j][1] for j in (i - 1, i) if 0 <= j < len(entries)]
        if not any(abs(float(other.time) - t) <= tolerance_s(pick, other) for other in near):
            kept.append(pick)
    return kept
