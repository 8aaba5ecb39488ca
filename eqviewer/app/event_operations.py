"""Regrouping the picks of located events: merging two events, splitting picks off into a new event, moving one
arrival to another event; the one workflow the window's Event tab and scripts share.

Each operation relocates every event it changes (each from where it is, with the velocity model its relocation
uses, a held depth kept held) and stores them as one undoable edit; events keep their ids (a merge keeps the
first event's, the second is retired). A changed event's local magnitude is recomputed from its stored amplitudes
at their new distances within the same edit, so one undo takes back the regrouping, the locations and the
magnitudes. Nothing is stored when an event would be left with too few picks to locate it (EqviewerError saying
which). Each call is quick (a least-squares location per event) and runs in the session's thread.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import replace

from eqviewer.associate import AssociationSettings, relocate, relocation_inputs, update_magnitude
from eqviewer.errors import EqviewerError
from eqviewer.labels import Pick
from eqviewer.origins import Origin

__all__ = ["merge_events", "move_arrival", "split_event"]

EventPicks = list[tuple[Pick, bool]]
"""An event's current P and S picks, each with whether the location uses it."""


def merge_events(session, first_id: int, second_id: int,
                 settings: AssociationSettings = AssociationSettings()) -> Origin:
    """Merge the event ``second_id`` into ``first_id`` (one undoable edit): the picks of both become the first
    event's arrivals, it is relocated and keeps its id, the second event is retired (its picks are not changed).
    The merged event. EqviewerError when either event does not exist or they are the same."""
    if first_id == second_id:
        raise EqviewerError(session.path, f"cannot merge event {first_id} with itself")
    first, first_picks, model = relocation_inputs(session, first_id)
    _, second_picks, _ = relocation_inputs(session, second_id)
    known = {pick.id for pick, _ in first_picks}
    merged = _locate(first, first_picks + [(p, used) for p, used in second_picks if p.id not in known],
                     session, model, settings)
    session.rearrange_events("merge events", updated=[merged], deleted=[second_id])
    update_magnitude(session, merged)
    return merged


def split_event(session, event_id: int, pick_ids: Iterable[int],
                settings: AssociationSettings = AssociationSettings()) -> tuple[Origin, Origin]:
    """Split the picks ``pick_ids`` (current picks, or the picks they correct) off the event ``event_id`` into a
    new event (one undoable edit); both are relocated, the event keeps its id. (the event, the new event).
    EqviewerError when a pick is not one of the event's arrivals, or either part has too few picks to locate."""
    origin, picks, model = relocation_inputs(session, event_id)
    chosen = _arrival_picks(session, origin, picks, pick_ids)
    if len(chosen) == len(picks):
        raise EqviewerError(session.path, f"event {event_id}: splitting off all its picks leaves nothing")
    kept = [(p, used) for p, used in picks if p.id not in chosen]
    parted = [(p, used) for p, used in picks if p.id in chosen]
    start = replace(origin, id=None, time=origin.time + _offset_s(session, origin, chosen), arrivals=(),
                    event_type=None, evaluation_status=None, author=session.author)
    remaining = _locate(origin, kept, session, model, settings)
    new = _locate(start, parted, session, model, settings)
    (new_id,) = session.rearrange_events("split event", updated=[remaining], added=[new])
    update_magnitude(session, remaining)
    return remaining, replace(new, id=new_id)


def move_arrival(session, pick_id: int, target_id: int,
                 settings: AssociationSettings = AssociationSettings()) -> tuple[Origin, Origin]:
    """Move the arrival of ``pick_id`` (a current pick, or the pick it corrects) from its event to the event
    ``target_id`` (one undoable edit); both are relocated and keep their ids. (the event it left, the target).
    EqviewerError when no event explains the pick, it already belongs to the target, or the event it leaves would
    have too few picks to locate."""
    source_id = _event_of(session, pick_id)
    if source_id == target_id:
        raise EqviewerError(session.path, f"pick {pick_id} already belongs to event {target_id}")
    origin, picks, model = relocation_inputs(session, source_id)
    target, target_picks, _ = relocation_inputs(session, target_id)
    chosen = _arrival_picks(session, origin, picks, [pick_id])
    left = _locate(origin, [(p, used) for p, used in picks if p.id not in chosen], session, model, settings)
    joined = _locate(target, target_picks + [(p, used) for p, used in picks if p.id in chosen], session, model,
                     settings)
    session.rearrange_events("move arrival", updated=[left, joined])
    update_magnitude(session, left)
    update_magnitude(session, joined)
    return left, joined


def _locate(origin: Origin, picks: EventPicks, session, model, settings: AssociationSettings) -> Origin:
    """``origin`` located anew on ``picks`` from where it is, a held depth kept held."""
    fixed = origin.depth_km if origin.depth_fixed else None
    return relocate(origin, picks, session.stations(), model, settings.pick_error_s, settings.max_depth_km, fixed)


def _arrival_picks(session, origin: Origin, picks: EventPicks, pick_ids: Iterable[int]) -> set[int]:
    """The ids of the event's current picks that ``pick_ids`` name (a current pick, or the pick it corrects)."""
    current = {arrival.pick_id: pick.id for arrival, pick in session.event_picks(origin.id)}
    ours = {pick.id for pick, _ in picks}
    chosen = set()
    for pick_id in pick_ids:
        found = current.get(pick_id, pick_id)
        if found not in ours:
            raise EqviewerError(session.path, f"pick {pick_id} is not a P or S arrival of event {origin.id}")
        chosen.add(found)
    return chosen


def _event_of(session, pick_id: int) -> int:
    """The event whose arrival is ``pick_id`` or the pick it corrects."""
    events = session.event_of_picks()
    pick = session.pick(pick_id)
    for candidate in (pick_id, None if pick is None else pick.origin_id):
        if candidate in events:
            return events[candidate]
    raise EqviewerError(session.path, f"no event explains pick {pick_id}")


def _offset_s(session, origin: Origin, pick_ids: set[int]) -> float:
    """How much later than ``origin`` the current picks ``pick_ids`` say their own event happened: the median of
    their arrivals' residuals (0 when they have none), a start for locating it."""
    residuals = [a.residual_s for a, pick in session.event_picks(origin.id)
                 if pick.id in pick_ids and a.residual_s is not None]
    return statistics.median(residuals) if residuals else 0.0
