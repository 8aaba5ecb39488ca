"""The review queue's records and the orders it offers (no Qt): by time, by station, by model uncertainty
(probabilities closest to the detection threshold first) and by disagreement between the model and the archive's
own labels, so that the records that need an analyst come first.

The window's queue widget (:mod:`eqviewer.gui.review_queue`) shows :func:`rank`'s order; another front end (a
pick list, a batch report) can rank the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from obspy import UTCDateTime

from eqviewer.resources import default_settings

SORTS = ("time", "uncertainty", "disagreement", "station")
DEFAULT_SORT = default_settings()["review_queue"]["sort"]
"""The queue's first sort order, from the bundled settings."""
MISSED_LABEL_S = 10.0
"""Disagreement charged for an archive pick the model did not find within this distance (seconds)."""


@dataclass
class QueueEntry:
    """One record of an open archive: how to read it and what the archive says about it."""

    record_id: str
    source: object
    item: object
    station_id: str
    start: UTCDateTime
    key: str
    category: str | None
    labels: list

    @classmethod
    def of_item(cls, source, item) -> "QueueEntry":
        """The entry of ``item`` of an opened io ``source``."""
        return cls(str(source.ref(item)), source, item, item.station_id, item.start, item.key, item.category,
                   list(item.labels))

STATE_ORDER = {"unreviewed": 0, "in progress": 1, "done": 2}
"""The order of review states in the disagreement sort: what still needs an analyst first."""


def disagreement(session, entry: QueueEntry) -> float:
    """How far the model's automatic picks are from the archive's labels (seconds; -1 before the model ran).

    Each archive pick adds the distance to the nearest automatic pick of its phase (at most MISSED_LABEL_S);
    each automatic pick on a record the archive calls noise adds MISSED_LABEL_S.
    """
    if session is None:
        return -1.0
    automatic = [p for p in session.picks(record=entry.record_id) if p.status == "automatic"
                 or p.origin_id is not None]
    if not automatic and not session.curves(entry.record_id):
        return -1.0
    score = 0.0
    for label in entry.labels:
        same = [abs(float(p.time - label.time)) for p in automatic if p.phase == label.phase]
        score += min([MISSED_LABEL_S, *same])
    if entry.category == "noise":
        score += MISSED_LABEL_S * len(automatic)
    return score


def likely_noise_counts(session) -> dict[str, int]:
    """The number of P and S picks no event explains (likely noise), by record id; empty before an association
    has run (or without a session)."""
    counts: dict[str, int] = {}
    if session is None or not session.events():
        return counts
    for pick in session.unassociated_picks():
        counts[pick.record] = counts.get(pick.record, 0) + 1
    return counts


def rank(entries: list[QueueEntry], key: str, session=None, threshold: float = 0.5,
         state: Callable[[str], str] | None = None) -> list[QueueEntry]:
    """``entries`` in the order ``key`` (one of SORTS) asks for; ties and unranked records in time order.
    Uncertainty and disagreement need the ``session`` (without one they fall back to time order). Disagreement
    puts records still to review first (``state`` gives a record's review state), each group by disagreement."""
    by_time = sorted(entries, key=lambda e: (float(e.start), e.station_id, e.key))
    if key == "station":
        return sorted(by_time, key=lambda e: e.station_id)
    if key == "uncertainty" and session is not None:
        order = {rid: i for i, rid in enumerate(session.records_by_uncertainty(threshold=threshold))}
        return sorted(by_time, key=lambda e: order.get(e.record_id, len(order)))
    if key == "disagreement":
        return sorted(by_time, key=lambda e: (STATE_ORDER.get(state(e.record_id), 0) if state else 0,
                                              -disagreement(session, e)))
    return by_time
