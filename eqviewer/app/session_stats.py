"""Counts of what a review session holds: labels by phase and status, record states, stations and events
(``eqviewer session stats``)."""

from __future__ import annotations

from collections import Counter


def session_stats(session) -> dict:
    """The session's path, why it is read-only (None when writable), its archives (path, format, whether the file
    changed since it was added), pick counts (phase -> status -> n), record-label counts ("category/status" -> n),
    record review states, stations with coordinates, located events, the P/S picks of stations with coordinates
    that no event explains (likely noise; None while there are no events), and the P/S picks association leaves
    out because their stations have no coordinates. Plain values, ready for JSON."""
    picks: dict[str, dict[str, int]] = {}
    for (phase, status), n in sorted(session.counts().items()):
        picks.setdefault(phase, {})[status] = n
    labels = Counter(f"{w.category}/{w.status}" for w in session.window_labels())
    records = session.records()
    states = Counter(session.review_state(r) for r in records)
    events = session.events()
    return {
        "session": session.path,
        "read_only": session.read_only_reason,
        "archives": [{"path": a.path, "format": a.format, "changed": a.changed} for a in session.archives()],
        "picks": picks,
        "window_labels": dict(sorted(labels.items())),
        "records": {"total": len(records), **dict(sorted(states.items()))},
        "stations_with_coordinates": len(session.stations()),
        "events": len(events),
        "unassociated_picks": len(session.unassociated_picks()) if events else None,
        "picks_without_coordinates": len(session.picks_without_coordinates()),
    }
