"""Import the labels a session's archives already hold (picks, earthquake/noise categories) as manual labels."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from eqviewer.labels import WindowLabel
from eqviewer.review.session import Session


@dataclass(frozen=True)
class ImportSummary:
    """What :func:`import_archive_labels` added."""

    records: int
    picks: int
    window_labels: int


def import_archive_labels(session: Session, progress: Callable[[int, int], None] | None = None,
                          cancel: Callable[[], bool] | None = None) -> ImportSummary:
    """Add every archive's own picks and record categories to the session as manual labels, one undoable edit.

    Records that already hold labels are skipped, so importing twice adds nothing. ``progress(done, total)`` is
    called per archive; ``cancel()`` returning True stops before the next archive (nothing is stored then).
    """
    from eqviewer.io import open_archive

    known = set(session.records())
    archives = session.archives()
    picks, labels, records = [], [], 0
    for done, entry in enumerate(archives):
        if cancel is not None and cancel():
            return ImportSummary(0, 0, 0)
        with open_archive(entry.path) as source:
            for item in source.items():
                record = str(source.ref(item))
                if record in known:
                    continue
                records += 1
                picks += [p.with_changes(record=record, station_id=p.station_id or item.station_id)
                          for p in item.labels]
                if item.category is not None:
                    labels.append(WindowLabel(record, item.category, station_id=item.station_id))
        if progress is not None:
            progress(done + 1, len(archives))
    author = "archive " + ", ".join(os.path.basename(a.path) for a in archives) if archives else None
    session.import_labels(picks, labels, author=author)
    return ImportSummary(records, len(picks), len(labels))
