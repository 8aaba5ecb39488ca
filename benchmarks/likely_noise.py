"""How long the Event tab's likely-noise list takes to ask every event whether it explains a pick as the other
phase (app.noise_review.other_phase_explanations), which it does after each edit in the GUI thread.

    python benchmarks/likely_noise.py [--events 100] [--false 3000] [--mislabelled 100] [--stations 10] [--repeat 5]

A generated day of the ring network of tests/associate/network.py: ``--events`` events with P and S picks on every
station, ``--false`` false picks at random times, associated; then in ``--mislabelled`` events one P pick is
rejected and its time picked again as S (a mislabelled arrival the list should offer relabelled). Prints the number
of likely-noise picks, how many are explained, and the median and longest time of the call.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eqviewer.app.noise_review import other_phase_explanations  # noqa: E402
from eqviewer.associate.session_events import associate_session  # noqa: E402
from eqviewer.associate.velocity import parse_velocity_model  # noqa: E402
from eqviewer.labels import Pick  # noqa: E402
from eqviewer.review.session import Session  # noqa: E402
from tests.associate.network import random_events, ring_stations, synthetic_picks  # noqa: E402

DAY_S = 86400.0


def main() -> None:
    """Build the day, then time the call ``--repeat`` times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--false", type=int, default=3000)
    parser.add_argument("--mislabelled", type=int, default=100)
    parser.add_argument("--stations", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(8)
    stations = ring_stations(args.stations)
    events = random_events(args.events, DAY_S, rng)
    picks = synthetic_picks(stations, events, rng, n_false=args.false, span_s=DAY_S)
    with tempfile.TemporaryDirectory() as folder, Session.create(Path(folder) / "day.eqreview") as session:
        session.add_automatic([p.with_changes(id=None) for p in picks])
        session.set_stations(stations, source="benchmark")
        associate_session(session, parse_velocity_model("vp=6.0,vs=3.5"))
        for event_picks in (session.event_picks(o.id) for o in session.events()[: args.mislabelled]):
            first_p = next((p for _, p in event_picks if p.phase == "P"), None)
            if first_p is not None:  # its P rejected, the same time labelled S: a mislabelled arrival
                session.reject(first_p.id)
                session.add_pick(Pick(first_p.station_id, "S", first_p.time, record=first_p.record))
        unexplained = session.unassociated_picks()
        seconds, found = [], {}
        for _ in range(args.repeat):
            start = time.perf_counter()
            found = other_phase_explanations(session, unexplained)
            seconds.append(time.perf_counter() - start)
        print(f"{len(session.events())} events, {len(unexplained)} likely-noise picks, {len(found)} explained as "
              f"the other phase; other_phase_explanations median {statistics.median(seconds) * 1000:.0f} ms, "
              f"longest {max(seconds) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
