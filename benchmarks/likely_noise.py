"""How long the Event tab's likely-noise list takes after an edit: reading it in full (app.noise_review.likely_noise:
the picks no event explains, every event asked whether it explains one as the other phase), which the window does
in a worker thread, and the GUI thread's share per edit (starting the worker, showing the list it reads).

    QT_QPA_PLATFORM=offscreen python benchmarks/likely_noise.py [--events 100] [--false 3000] [--mislabelled 100]
        [--stations 10] [--repeat 5]

A generated day of the ring network of tests/associate/network.py: ``--events`` events with P and S picks on every
station, ``--false`` false picks at random times, associated; then in ``--mislabelled`` events one P pick is
rejected and its time picked again as S (a mislabelled arrival the list should offer relabelled). Prints the number
of likely-noise picks, how many are explained, the median and longest time of reading the list in full, and over
``--repeat`` edits (a listed pick rejected, then the rejection undone) the median and longest GUI-thread time per
edit of the Event tab's list (gui.noise_list.NoiseTable) and how long until the edited list is shown.
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

from PyQt6.QtCore import QEventLoop  # noqa: E402
from PyQt6.QtWidgets import QApplication  # noqa: E402

from eqviewer.app.noise_review import likely_noise  # noqa: E402
from eqviewer.associate.session_events import associate_session  # noqa: E402
from eqviewer.associate.velocity import parse_velocity_model  # noqa: E402
from eqviewer.gui.noise_list import NoiseTable  # noqa: E402
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
        seconds, noise = [], None
        for _ in range(args.repeat):
            start = time.perf_counter()
            noise = likely_noise(session)
            seconds.append(time.perf_counter() - start)
        print(f"{len(session.events())} events, {len(noise.picks)} likely-noise picks, {len(noise.explained)} "
              f"explained as the other phase; read in full (likely_noise) median {_ms(seconds)}")
        gui, shown = time_edits(session, noise.picks[0].id, args.repeat)
        print(f"per edit: GUI thread median {_ms(gui)}; edited list shown after median {_ms(shown)}")


def time_edits(session: Session, pick_id: int, repeat: int) -> tuple[list[float], list[float]]:
    """``repeat`` edits (rejecting ``pick_id``, undoing it), each followed by the Event tab list's reading: the
    GUI thread's seconds per edit (asking for the list, showing it) and the seconds until it was shown."""
    app = QApplication.instance() or QApplication([])
    table = NoiseTable()
    table.reread(session)
    table.wait()
    gui, shown = [], []
    on_done = table._on_done

    def timed_on_done(worker) -> None:
        start = time.perf_counter()
        on_done(worker)
        gui[-1] += time.perf_counter() - start

    table._on_done = timed_on_done
    for edit in range(repeat):
        session.undo() if edit % 2 else session.reject(pick_id)
        start = time.perf_counter()
        table.reread(session)
        gui.append(time.perf_counter() - start)
        while table.worker is not None:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        shown.append(time.perf_counter() - start)
    return gui, shown


def _ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:.0f} ms, longest {max(seconds) * 1000:.0f} ms"


if __name__ == "__main__":
    main()
