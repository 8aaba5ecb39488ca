"""Picks no event explains ("likely noise") looked at once more: a pick that an event would explain as the other
phase (an S labelled P, a P labelled S) is a mislabelled arrival rather than noise. The Event tab offers such picks
relabelled, and relabelling one joins it to that event (one undoable edit; the event then needs relocating).

Reading the list takes a few hundred milliseconds on a busy day (``benchmarks/likely_noise.py``), so the window reads
it after each edit with :func:`read_likely_noise`, in a worker thread through a read-only handle of its own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from eqviewer.app.pick_editor import PHASE_SWAP, PickEditor
from eqviewer.associate import AssociationSettings, event_section
from eqviewer.io import SAMPLING_RATE, station_key
from eqviewer.labels import Pick
from eqviewer.review import Session

SEARCH_S = 600.0
"""Events up to this long before a pick are asked whether they explain it."""


@dataclass(frozen=True)
class OtherPhase:
    """Pick ``pick_id`` would be the ``phase`` arrival of event ``origin_id``, ``residual_s`` from its predicted
    time."""

    pick_id: int
    phase: str
    origin_id: int
    residual_s: float

    def text(self) -> str:
        """What the likely-noise list says of the pick."""
        return f"likely {self.phase}, not noise (event {self.origin_id}, {self.residual_s:+.2f} s)"


@dataclass(frozen=True)
class LikelyNoise:
    """The likely-noise list of a session: ``picks``, the P and S picks no event explains (in time order), and
    ``explained``, those an event explains as the other phase (by pick id)."""

    picks: list[Pick]
    explained: dict[int, OtherPhase]


def likely_noise(session) -> LikelyNoise:
    """The likely-noise list of ``session`` (empty before an association has made events)."""
    picks = session.unassociated_picks()
    return LikelyNoise(picks, other_phase_explanations(session, picks) if picks else {})


def read_likely_noise(path: str) -> LikelyNoise:
    """:func:`likely_noise` of the session at ``path``, read through a read-only handle of its own (safe in a
    worker thread: the window's handle belongs to the GUI thread)."""
    with Session.open(path, read_only=True) as session:
        return likely_noise(session)


def other_phase_explanations(session, picks: Iterable[Pick],
                             tolerance_s: float = AssociationSettings.tolerance_s) -> dict[int, OtherPhase]:
    """For each of ``picks`` (P or S picks no event explains) that an event of ``session`` explains as the other
    phase, by pick id: the event whose predicted time of that phase at the pick's station lies within
    ``tolerance_s`` of the pick (the nearest such, among events up to :data:`SEARCH_S` before it) and that has no
    arrival of that phase at the station yet (a rejected pick aside). Picks no event explains so are left out
    (noise)."""
    stations = session.stations()
    picks = sorted((p for p in picks if p.phase in PHASE_SWAP and p.id is not None
                    and station_key(p.station_id) in stations), key=lambda p: p.time.ns)
    times = np.array([p.time.timestamp for p in picks])
    found: dict[int, OtherPhase] = {}
    for origin in session.events():
        first, last = np.searchsorted(times, [origin.time.timestamp, origin.time.timestamp + SEARCH_S], "right")
        near = picks[first:last]
        if not near:
            continue
        keys = {station_key(p.station_id) for p in near}
        predicted = {t.station.key: t.predicted
                     for t in event_section(origin, {k: stations[k] for k in keys}, (), read=False)}
        taken = None  # (station, phase) of the event's arrivals, read once a pick fits
        for pick in near:
            key, phase = station_key(pick.station_id), PHASE_SWAP[pick.phase]
            time = predicted.get(key, {}).get(phase)
            residual = None if time is None else float(pick.time - time)
            best = found.get(pick.id)
            if residual is None or abs(residual) > tolerance_s or (best and abs(best.residual_s) <= abs(residual)):
                continue
            if taken is None:
                taken = {(station_key(p.station_id), p.phase) for _, p in session.event_picks(origin.id)
                         if p.status != "rejected"}
            if (key, phase) not in taken:
                found[pick.id] = OtherPhase(pick.id, phase, origin.id, residual)
    return found


def relabel_and_join(session, explanation: OtherPhase) -> int:
    """Relabel the pick of ``explanation`` as its phase (a correction of a pick the analyst did not make) and join
    it to the event as an arrival, one undoable edit; the event then needs relocating. The relabelled pick's id."""
    pick = session.pick(explanation.pick_id)
    editor = PickEditor(session, pick.record, pick.station_id, SAMPLING_RATE, session.author)
    editor.select(pick.id)
    relabelled = editor.relabel_phase()
    session.add_arrival(explanation.origin_id, session.pick(relabelled), session.newest_edit())
    return relabelled
