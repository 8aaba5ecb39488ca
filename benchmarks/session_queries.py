"""Time the review-session queries the GUI needs with 1,000,000 picks in the store (prints ms per query).

    python benchmarks/session_queries.py [--picks 1000000] [--records 20000] [--keep DIR]

Builds a session in a temporary folder: automatic P/S picks spread over records, a share of them reviewed, then
times each query (median of repeats). Figures are wall-clock on whatever machine runs it.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from obspy import UTCDateTime

from eqviewer.labels import Pick
from eqviewer.review.session import Session


def _timed(function, repeats: int = 20) -> float:
    """Median milliseconds of ``function()``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build(path: Path, n_picks: int, n_records: int, seed: int = 0) -> tuple[Session, list[int], list[str]]:
    """A session holding ``n_picks`` automatic picks over ``n_records`` records, a few hundred of them reviewed."""
    rng = np.random.default_rng(seed)
    t0 = UTCDateTime(2020, 1, 1)
    names = [f"/archive/day{r // 100:04d}.mseed#XX.S{r % 100:03d}..HH" for r in range(n_records)]
    record_of = np.sort(rng.integers(0, n_records, n_picks))
    offsets = rng.uniform(0, 86400, n_picks)
    probabilities = rng.uniform(0.1, 1.0, n_picks)
    picks = [Pick(f"XX.S{r % 100:03d}..HH", "P" if i % 2 == 0 else "S", t0 + float(offsets[i]), record=names[r],
                  probability=float(probabilities[i]), model="seed v1")
             for i, r in enumerate(record_of)]
    session = Session.create(path, author="bench")
    start = time.perf_counter()
    ids = session.add_automatic(picks, run_info={"benchmark": True})
    print(f"add_automatic of {n_picks:,} picks over {n_records:,} records: {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    for pick_id in ids[:300:3]:
        session.accept(pick_id)
        session.reject(pick_id + 1)
        session.move_pick(pick_id + 2, picks[pick_id + 1].time + 0.1)
    print(f"300 single edits: {(time.perf_counter() - start) * 1000 / 300:.1f} ms per edit")
    return session, ids, names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--picks", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="build the session in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="eqviewer-bench-"))
    session, ids, names = build(folder / "bench.eqreview", args.picks, args.records)
    middle = names[len(names) // 2]
    queries = {
        "picks(record=...)": lambda: session.picks(record=middle),
        "picks(record=..., status='automatic', phase='P')":
            lambda: session.picks(record=middle, status="automatic", phase="P"),
        "window_labels(record=...)": lambda: session.window_labels(middle),
        "counts()": session.counts,
        "review_state(record)": lambda: session.review_state(middle),
        "next_unreviewed()": session.next_unreviewed,
        "next_unreviewed(after_record=...)": lambda: session.next_unreviewed(after_record=middle),
        "records_by_uncertainty(0.5, limit=100)": lambda: session.records_by_uncertainty(0.5, limit=100),
        f"records_by_uncertainty(0.5) (all {len(names):,} records)": lambda: session.records_by_uncertainty(0.5),
        "pick(id)": lambda: session.pick(ids[len(ids) // 2]),
        "can_undo and can_redo": lambda: (session.can_undo, session.can_redo),
    }
    print(f"{len(ids):,} picks in the store; median of 20 runs per query:")
    for name, query in queries.items():
        print(f"  {name:<60} {_timed(query):8.2f} ms")
    start = time.perf_counter()
    session.undo()
    print(f"undo of one edit: {(time.perf_counter() - start) * 1000:.1f} ms")
    session.close()


if __name__ == "__main__":
    main()
