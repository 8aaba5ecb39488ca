"""A generated network whose true vp/vs and station delays differ from the model it is located with: picks of ring
stations with known P and S delays, associated with vp 6.0 / vs 3.5 into a review session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eqviewer.associate.session_events import associate_session
from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.labels import Pick
from eqviewer.review.session import Session
from tests.associate.network import TrueEvent, arrival, random_events, ring_stations

MODEL = "vp=6.0,vs=3.5"
TRUE_VP, TRUE_VP_VS = 6.0, 1.78


@dataclass(frozen=True)
class Truth:
    """What the picks were made with: the events, vp/vs and each station's P and S delays (s) by NET.STA.LOC."""

    events: list[TrueEvent]
    vp_vs: float
    delays: dict[tuple[str, str], float]


def delayed_session(path: Path, n_events: int = 20, seed: int = 11, jitter_s: float = 0.03
                    ) -> tuple[Session, Truth]:
    """A new session at ``path`` (the caller closes it) with the associated picks of ``n_events`` events at 10 ring
    stations, made with :data:`TRUE_VP_VS` and zero-mean station delays, and the truth."""
    rng = np.random.default_rng(seed)
    stations = ring_stations(10)
    events = random_events(n_events, 300.0 * n_events, rng)
    p_delays = rng.normal(0.0, 0.15, len(stations))
    p_delays -= p_delays.mean()
    delays = {}
    for station, p_delay in zip(stations, p_delays):
        delays[(station.key, "P")], delays[(station.key, "S")] = float(p_delay), float(1.7 * p_delay)
    picks = []
    for event in events:
        for station in stations:
            for phase in ("P", "S"):
                time = arrival(event, station, phase, TRUE_VP, TRUE_VP / TRUE_VP_VS) + delays[(station.key, phase)]
                picks.append(Pick(station.key + ".HH", phase, time + float(rng.normal(0, jitter_s)),
                                  record="synthetic", uncertainty_s=0.1))
    session = Session.create(path)
    session.add_automatic(picks)
    session.set_stations(stations, source="net.xml")
    associate_session(session, parse_velocity_model(MODEL))
    return session, Truth(events, TRUE_VP_VS, delays)
