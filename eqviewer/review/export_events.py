"""Event summary CSV (format "events-csv"): one row per located event with its location, errors, fit, azimuthal
gap, the stations its location used, and its local magnitude (ML, its uncertainty and station count; empty cells
when the event has none). Pick statuses do not apply: every current event is written."""

from __future__ import annotations

from eqviewer.atomic_files import atomic_output
from eqviewer.io import csv_text, csv_writer, station_key

COLUMNS = (
    "id", "time", "latitude", "longitude", "depth_km", "depth_fixed", "time_error_s", "horizontal_error_km",
    "depth_error_km", "rms_s", "azimuthal_gap_deg", "stations", "ml", "ml_uncertainty", "ml_stations",
    "event_type",
)


def event_row(session, origin) -> list[str]:
    """The CSV cells of one event of ``session``, in :data:`COLUMNS` order."""
    stations = {station_key(pick.station_id) for arrival, pick in session.event_picks(origin.id) if arrival.used}
    magnitude = session.magnitude(origin.id)
    values = {name: getattr(origin, name, None) for name in COLUMNS}
    values.update(stations=len(stations), ml=magnitude and magnitude.value,
                  ml_uncertainty=magnitude and magnitude.uncertainty, ml_stations=magnitude and magnitude.station_count)
    return [csv_text(values[name]) for name in COLUMNS]


def export(session, out_path, statuses: tuple[str, ...]) -> int:
    """Write the session's current events as CSV (times ISO 8601 UTC, empty cells for unknown values); the number
    of events. ``statuses`` (of picks) are not used."""
    events = session.events()
    with atomic_output(out_path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(COLUMNS)
        for origin in events:
            writer.writerow(event_row(session, origin))
    return len(events)
