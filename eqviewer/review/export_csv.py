"""CSV export: one row per pick with every field of the pick."""

from __future__ import annotations

from eqviewer.atomic_files import atomic_output
from eqviewer.io import csv_text, csv_writer
from eqviewer.review.selection import picks_with_status

COLUMNS = (
    "id", "record", "station_id", "phase", "time", "probability", "uncertainty_s", "onset", "polarity", "status",
    "origin_id", "model", "author", "created", "modified",
)


def export(session, out_path, statuses: tuple[str, ...]) -> int:
    """Write the picks as CSV (times ISO 8601 UTC, empty cells for unknown values, text quoted where it needs to be:
    :mod:`eqviewer.io.text_fields`); the number of picks."""
    picks = picks_with_status(session, statuses)
    with atomic_output(out_path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(COLUMNS)
        for pick in picks:
            writer.writerow([csv_text(getattr(pick, column)) for column in COLUMNS])
    return len(picks)
