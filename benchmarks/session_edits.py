"""Time single analyst edits (accept a pick) in a session on disk, with and without the checkpoint after each commit.

    python benchmarks/session_edits.py [--edits 300] [--dir DIR]

Each edit is its own transaction with full fsync; the session store also copies the ``-wal`` pages into the
session file after every commit so that the file alone holds every edit. This prints ms per edit both ways
(the second by switching the checkpoint off for the run). Figures are wall-clock on whatever disk DIR is on.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from obspy import UTCDateTime

from eqviewer.labels import Pick
from eqviewer.review.session import Session
from eqviewer.review.store import Store


def ms_per_edit(folder: Path, edits: int) -> float:
    """Milliseconds per accept() over ``edits`` picks of a fresh session in ``folder``."""
    with Session.create(folder / "bench.eqreview") as session:
        ids = session.add_automatic([Pick("XX.A..HH", "P", UTCDateTime(2020, 1, 1) + i, record=f"/a#r{i % 100}")
                                     for i in range(edits)])
        start = time.perf_counter()
        for pick_id in ids:
            session.accept(pick_id)
        return (time.perf_counter() - start) / edits * 1000


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--dir", help="folder on the disk to measure (default: the system's temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as with_checkpoint:
        checkpointed = ms_per_edit(Path(with_checkpoint), args.edits)
    checkpoint = Store.checkpoint
    Store.checkpoint = lambda self: None
    try:
        with tempfile.TemporaryDirectory(dir=args.dir) as without:
            plain = ms_per_edit(Path(without), args.edits)
    finally:
        Store.checkpoint = checkpoint
    print(f"{args.edits} edits: {checkpointed:.2f} ms per edit with a checkpoint after each commit,"
          f" {plain:.2f} ms without")


if __name__ == "__main__":
    main()
