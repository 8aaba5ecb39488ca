"""A review session holding located events of the generated network, for the tests of reviewing events."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from eqviewer.associate.session_events import associate_session
from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.review.session import Session
from tests.associate.network import TrueEvent, random_events, ring_stations, synthetic_picks

MODEL = "vp=6.0,vs=3.5"


def located_session(path: Path, n_events: int = 1, seed: int = 5) -> tuple[Session, list[TrueEvent]]:
    """A new session at ``path`` with 8 ring stations, the picks of ``n_events`` generated events, associated
    into located events (the caller closes it), and the true events."""
    rng = np.random.default_rng(seed)
    stations = ring_stations(8)
    events = random_events(n_events, 3600, rng)
    session = Session.create(path)
    session.add_automatic([p.with_changes(id=None) for p in synthetic_picks(stations, events, rng)])
    session.set_stations(stations, source="net.xml")
    associate_session(session, parse_velocity_model(MODEL))
    return session, events
