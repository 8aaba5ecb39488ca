"""Queue ranking without Qt: time, station, uncertainty and model-vs-archive disagreement orders."""

from __future__ import annotations

import numpy as np
from obspy import UTCDateTime

from eqviewer.app.queue_ranking import MISSED_LABEL_S, QueueEntry, disagreement, rank
from eqviewer.labels import Pick
from eqviewer.review.session import Session

T0 = UTCDateTime(2024, 5, 1)


def _entry(name: str, station: str, offset_s: float, labels=(), category=None) -> QueueEntry:
    return QueueEntry(f"/data/a.h5#{name}", None, None, station, T0 + offset_s, name, category, list(labels))


def test_rank_orders_by_time_station_uncertainty_and_disagreement(tmp_path):
    early = _entry("early", "XX.B..HH", 0, [Pick("XX.B..HH", "S", T0 + 20)], "earthquake")
    late = _entry("late", "XX.A..HH", 60, [Pick("XX.A..HH", "P", T0 + 70)], "earthquake")
    unrun = _entry("unrun", "XX.C..HH", 30)
    entries = [late, unrun, early]
    assert [e.key for e in rank(entries, "time")] == ["early", "unrun", "late"]
    assert [e.key for e in rank(entries, "station")] == ["late", "early", "unrun"]
    assert [e.key for e in rank(entries, "uncertainty")] == ["early", "unrun", "late"]  # no session: by time

    with Session.create(tmp_path / "rank.eqreview") as session:
        assert disagreement(session, early) == -1.0  # the model has not run on it
        session.add_automatic([Pick("XX.B..HH", "S", T0 + 21.5, record=early.record_id, probability=0.9),
                               Pick("XX.A..HH", "S", T0 + 75, record=late.record_id, probability=0.45)])
        for entry, peak in ((early, 0.9), (late, 0.45)):
            session.store_curves(entry.record_id, entry.start, 100.0, {"P": np.full(6000, peak, np.float32)})
        assert abs(disagreement(session, early) - 1.5) < 1e-6
        assert disagreement(session, late) == MISSED_LABEL_S  # its P label has no automatic P
        assert [e.key for e in rank(entries, "disagreement", session)] == ["late", "early", "unrun"]
        assert [e.key for e in rank(entries, "uncertainty", session, threshold=0.5)][0] == "late"
