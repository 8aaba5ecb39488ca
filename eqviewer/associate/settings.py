"""Association settings, with their documented defaults (read in this one place) and the limits of
:mod:`eqviewer.associate.limits` they keep."""

from __future__ import annotations

from dataclasses import dataclass

from eqviewer.associate import limits
from eqviewer.labels import DEFAULT_UNCERTAINTY_S

# field: (smallest, largest, unit) of the settings that are numbers
_RANGES = {
    "tolerance_s": (limits.MIN_TOLERANCE_S, limits.MAX_TOLERANCE_S, " s"),
    "max_depth_km": (limits.MIN_SEARCH_DEPTH_KM, limits.MAX_DEPTH_KM, " km"),
    "margin_km": (0.0, limits.MAX_MARGIN_KM, " km"),
    "chunk_s": (limits.MIN_CHUNK_S, limits.MAX_CHUNK_S, " s"),
    "pick_error_s": (limits.MIN_PICK_ERROR_S, limits.MAX_PICK_ERROR_S, " s"),
    "merge_window_s": (0.0, limits.MAX_MERGE_WINDOW_S, " s"),
    "merge_rms_ratio": (limits.MIN_MERGE_RMS_RATIO, limits.MAX_MERGE_RMS_RATIO, ""),
}
# The pick counts and the least each may be: an event needs a pick; a phase's count may be 0.
_COUNTS = {"min_picks": limits.MIN_PICK_COUNT, "min_p_picks": limits.MIN_PHASE_PICK_COUNT,
           "min_s_picks": limits.MIN_PHASE_PICK_COUNT, "min_p_and_s": limits.MIN_PHASE_PICK_COUNT}


@dataclass(frozen=True)
class AssociationSettings:
    """What an event needs and how the search runs.

    min_picks / min_p_picks / min_s_picks / min_p_and_s: picks an event needs in all, of P, of S, and stations
    with both (PyOcto's ``n_picks``, ``n_p_picks``, ``n_s_picks``, ``n_p_and_s_picks``).
    tolerance_s: how far a pick may sit from its predicted time and still be associated.
    max_depth_km: the search reaches from the surface down to this depth; margin_km: how far beyond the
    stations' extent epicentres are searched.
    chunk_s: archives are associated in time chunks of this length, overlapping by the longest travel time
    across the search area (an event belongs to the chunk its origin time falls in).
    pick_error_s: one-sigma pick error assumed where a pick has no uncertainty (also the floor of the data error
    in location errors).
    merge_window_s / merge_rms_ratio: two events whose origin times are at most ``merge_window_s`` apart, with no
    station's phase picked in both, are merged when the RMS of their joint location is at most ``merge_rms_ratio``
    times the larger of their RMS and ``pick_error_s`` (one event PyOcto split in two; 0 s: never merge).
    """

    min_picks: int = 6
    min_p_picks: int = 3
    min_s_picks: int = 2
    min_p_and_s: int = 2
    tolerance_s: float = 1.5
    max_depth_km: float = 40.0
    margin_km: float = 50.0
    chunk_s: float = 6 * 3600.0
    pick_error_s: float = DEFAULT_UNCERTAINTY_S
    merge_window_s: float = 20.0
    merge_rms_ratio: float = 1.5
    threads: int | None = None

    def __post_init__(self):
        problems = [limits.count_problem(name, getattr(self, name), least) for name, least in _COUNTS.items()]
        problems += [limits.range_problem(name, getattr(self, name), *bounds) for name, bounds in _RANGES.items()]
        if self.threads is not None:
            problems.append(limits.whole_number_problem("threads", self.threads, 1, limits.MAX_THREADS))
        problem = next((p for p in problems if p is not None), None)
        if problem is not None:
            raise ValueError(problem)
