"""Reading a session's labels: the current picks and window labels, and where each record's review stands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from obspy import UTCDateTime

from eqviewer.errors import SessionError
from eqviewer.labels import Pick, WindowLabel
from eqviewer.review.session_base import SessionBase, from_ns, to_ns

REVIEW_STATES = ("unreviewed", "in progress", "done")


class SessionLabels(SessionBase):
    """Queries of picks, window labels and records."""

    def pick(self, pick_id: int) -> Pick | None:
        """Any pick by id, also one that was replaced or undone (None when the id is unknown)."""
        row = self._store.row("pick", int(pick_id))
        return None if row is None else _pick_from_row(row, self.path)

    def picks(self, record: str | None = None, station_id: str | None = None, status: str | None = None,
              phase: str | None = None) -> list[Pick]:
        """The current picks matching every filter given, in time order."""
        equal = {}
        if record is not None:
            equal["record_id"] = self._store.record_id(record)
            if equal["record_id"] is None:
                return []
        for column, value in (("station_id", station_id), ("status", status), ("phase", phase)):
            if value is not None:
                equal[column] = value
        return [_pick_from_row(r, self.path) for r in self._store.select("pick", equal)]

    def picks_in_span(self, start: UTCDateTime, end: UTCDateTime) -> list[Pick]:
        """The current picks of every station between ``start`` and ``end`` (inclusive), in time order."""
        rows = self._store.select("pick", within=("time_ns", to_ns(start), to_ns(end) + 1))  # end included
        return [_pick_from_row(r, self.path) for r in rows]

    def window_labels(self, record: str | None = None) -> list[WindowLabel]:
        """The current window and record labels (of one record, or all)."""
        equal = {}
        if record is not None:
            equal["record_id"] = self._store.record_id(record)
            if equal["record_id"] is None:
                return []
        rows = self._store.select("window_label", equal)
        return [_label_from_row(r, self.path) for r in rows]

    def records(self) -> list[str]:
        """Every record the session holds labels or curves for, sorted."""
        return self._store.record_names()

    def counts(self) -> dict[tuple[str, str], int]:
        """Current picks counted by (phase, status)."""
        return self._store.counts()

    def review_state(self, record: str) -> str:
        """"unreviewed" (no analyst label yet), "in progress" (automatic picks remain) or "done"."""
        state = self._store.record_state(record)
        return REVIEW_STATES[state or 0]

    def next_unreviewed(self, after_record: str | None = None) -> str | None:
        """The next record (in name order, after ``after_record``) that is not done, or None."""
        return self._store.next_record_not_done(after_record)

    def records_by_uncertainty(self, threshold: float = 0.5, limit: int | None = None) -> list[str]:
        """Records not done whose highest model probability is closest to ``threshold`` first (active learning)."""
        return self._store.records_near_peak(threshold, limit)


@contextmanager
def _readable_row(path: str, table: str, row: dict) -> Iterator[None]:
    """Turn a value of the wrong kind in a row of a damaged session (text where a time belongs, broken JSON) into
    a SessionError naming the session, the table and the row."""
    try:
        yield
    except (ValueError, TypeError, OverflowError) as exc:
        raise SessionError(path, f"damaged: {table} row {row['id']} holds a value of the wrong kind ({exc})") from exc


def _pick_from_row(row: dict, path: str) -> Pick:
    with _readable_row(path, "pick", row):
        return _pick(row)


def _label_from_row(row: dict, path: str) -> WindowLabel:
    with _readable_row(path, "window_label", row):
        return _label(row)


def _pick(row: dict) -> Pick:
    return Pick(
        station_id=row["station_id"], phase=row["phase"], time=from_ns(row["time_ns"]), record=row["record"],
        probability=row["probability"], uncertainty_s=row["uncertainty_s"], onset=row["onset"],
        polarity=row["polarity"], status=row["status"], origin_id=row["origin_id"], model=row["model"],
        author=row["author"], created=from_ns(row["created_ns"]), modified=from_ns(row["modified_ns"]), id=row["id"],
    )


def _label(row: dict) -> WindowLabel:
    return WindowLabel(
        record=row["record"], category=row["category"], status=row["status"], station_id=row["station_id"],
        start=from_ns(row["start_ns"]), end=from_ns(row["end_ns"]), probability=row["probability"],
        model=row["model"], author=row["author"], created=from_ns(row["created_ns"]),
        modified=from_ns(row["modified_ns"]), id=row["id"], extra=json.loads(row["extra"]),
    )
