"""The picks an export writes: the session's current picks with the requested statuses, in time order."""

from __future__ import annotations

from eqviewer.labels import Pick


def picks_with_status(session, statuses: tuple[str, ...]) -> list[Pick]:
    """Current picks whose status is one of ``statuses``, ordered by record, then time."""
    picks = [p for status in dict.fromkeys(statuses) for p in session.picks(status=status)]
    return sorted(picks, key=lambda p: (p.record, p.time.ns, p.id))


def split_station_id(station_id: str) -> tuple[str, str, str, str]:
    """NET.STA.LOC.BAND -> (network, station, location, band); missing parts are ''."""
    parts = (station_id.split(".") + ["", "", "", ""])[:4]
    return parts[0], parts[1], parts[2], parts[3]
