"""Labels that come in bulk: a detector's automatic picks and window labels (with the run that made them), and
the labels an archive already holds; each batch is one undoable edit."""

from __future__ import annotations

import json
from collections.abc import Iterable

from obspy import UTCDateTime

from eqviewer.labels import Pick, WindowLabel
from eqviewer.review.pick_dedup import without_reviewed_duplicates
from eqviewer.review.session_base import ACTIVATE, DEACTIVATE, from_ns, id_ranges, now_ns, to_ns
from eqviewer.review.session_edits import LABEL_INSERT_COLUMNS
from eqviewer.review.session_labels import SessionLabels
from eqviewer.review.store import Change

_PICK_INSERT_COLUMNS = (
    "record_id", "station_id", "phase", "time_ns", "probability", "uncertainty_s", "onset", "polarity", "status",
    "origin_id", "model", "author", "run_id", "created_ns", "modified_ns", "active",
)


class SessionResults(SessionLabels):
    """Storing detector results and imported labels; the runs that made them."""

    def add_automatic(self, picks: Iterable[Pick], window_labels: Iterable[WindowLabel] = (),
                      run_info: dict | None = None, replace_records: Iterable[str] = (),
                      replace_span: tuple[UTCDateTime, UTCDateTime] | None = None) -> list[int]:
        """Store a detector's picks (status "automatic") and window labels as one undoable edit; the pick ids.

        ``replace_records``: records the model ran on again; their earlier picks and window labels that are still
        "automatic" are retired in the same edit (reviewed ones, also rejected picks, stay), so a re-run does not
        duplicate them. ``replace_span`` = (t1, t2): the run covered only [t1, t2) of them (a station-day of a
        distributed run); only picks, and window labels starting, in that span are retired.
        Picks on an arrival the analyst has reviewed already are not added
        (:func:`eqviewer.review.pick_dedup.without_reviewed_duplicates`), so a finished record stays finished.
        """
        picks = list(picks)
        reviewed = [p for record in {p.record for p in picks} for p in self.picks(record=record)
                    if p.status != "automatic"]
        picks = without_reviewed_duplicates(picks, reviewed)
        return self._add_bulk("add automatic", picks, window_labels, "automatic", run_info,
                              replace_records=replace_records, replace_span=replace_span)

    def import_labels(self, picks: Iterable[Pick], window_labels: Iterable[WindowLabel] = (),
                      author: str | None = None) -> list[int]:
        """Store labels an archive already holds as manual labels, as one undoable edit; the pick ids."""
        return self._add_bulk("import labels", picks, window_labels, "manual", None, author)

    def runs(self) -> list[dict]:
        """The ``run_info`` of every :meth:`add_automatic` call that gave one, with its ``id`` and ``created`` time."""
        return [json.loads(info) | {"id": run_id, "created": from_ns(created)}
                for run_id, info, created in self._store.runs()]

    def _add_bulk(self, kind: str, picks: Iterable[Pick], window_labels: Iterable[WindowLabel], status: str,
                  run_info: dict | None, author: str | None = None, replace_records: Iterable[str] = (),
                  replace_span: tuple[UTCDateTime, UTCDateTime] | None = None) -> list[int]:
        store = self._writable()
        picks, window_labels = list(picks), list(window_labels)
        now = now_ns()
        with store.transaction():
            changes = self._retire_automatic(replace_records, replace_span)
            run_id = store.add_run(run_info, now) if run_info is not None else None
            stations = {p.record: p.station_id for p in picks}
            for label in window_labels:
                stations.setdefault(label.record, label.station_id)
            ids = store.record_ids(stations)
            pick_rows = (
                (ids[p.record], p.station_id, p.phase, to_ns(p.time), p.probability, p.uncertainty_s, p.onset,
                 p.polarity, status, p.origin_id, p.model, author or p.author, run_id, now, now, 1)
                for p in picks
            )
            first, last = store.insert_rows("pick", _PICK_INSERT_COLUMNS, pick_rows)
            label_rows = (
                (ids[w.record], w.category, status, w.station_id, to_ns(w.start), to_ns(w.end), w.probability,
                 w.model, author or w.author, run_id, json.dumps(w.extra, default=str), now, now, 1)
                for w in window_labels
            )
            first_label, last_label = store.insert_rows("window_label", LABEL_INSERT_COLUMNS, label_rows)
            if last >= first:
                store.account_new_rows("pick", first, last)
                changes.append(Change("pick", first, last, *ACTIVATE))
            if last_label >= first_label:
                store.account_new_rows("window_label", first_label, last_label)
                changes.append(Change("window_label", first_label, last_label, *ACTIVATE))
            if changes:
                store.journal(kind, author or self.author, now, changes, own_history=self.shared)
        return list(range(first, last + 1))

    def _retire_automatic(self, records: Iterable[str],
                          span: tuple[UTCDateTime, UTCDateTime] | None = None) -> list[Change]:
        """Deactivate the still-automatic picks and window labels of ``records`` (only those in ``span`` when given);
        the changes, for the journal."""
        changes = []
        for record in dict.fromkeys(records):
            record_id = self._store.record_id(record)
            if record_id is None:
                continue
            for table, column in (("pick", "time_ns"), ("window_label", "start_ns")):
                within = None if span is None else (column, to_ns(span[0]), to_ns(span[1]))
                equal = {"record_id": record_id, "status": "automatic"}
                rows = self._store.select(table, equal, within=within, order=("id",))
                for first, last in id_ranges([row["id"] for row in rows]):
                    change = Change(table, first, last, *DEACTIVATE)
                    self._store.apply_change(change, change.new)
                    changes.append(change)
        return changes
