"""Model picks an analyst's pick of the other phase contradicts (plain data, no Qt).

A model P within :data:`DOUBT_WINDOW_S` of a reviewed S on the same record (or a model S that close to a reviewed
P) is most likely the model taking one phase for the other; the view marks it doubtful.
"""

from __future__ import annotations

from collections.abc import Iterable

from eqviewer.labels import Pick

DOUBT_WINDOW_S = 0.5
"""A model pick this close (seconds) to a reviewed pick of the other phase on the same record is doubtful."""
REVIEWED = ("accepted", "corrected", "manual")


def _phase(pick: Pick) -> str:
    return pick.phase[:1].upper()


def doubtful_picks(picks: Iterable[Pick], window_s: float = DOUBT_WINDOW_S) -> dict[int, Pick]:
    """The automatic P and S picks within ``window_s`` of a reviewed pick of the other phase on the same record:
    ``{model pick id: the reviewed pick that contradicts it}``."""
    picks = list(picks)
    reviewed = [p for p in picks if p.status in REVIEWED and _phase(p) in "PS"]
    doubtful: dict[int, Pick] = {}
    for pick in picks:
        if pick.status != "automatic" or _phase(pick) not in ("P", "S"):
            continue
        for other in reviewed:
            if (other.record == pick.record and _phase(other) != _phase(pick)
                    and abs(float(other.time - pick.time)) <= window_s):
                doubtful[pick.id] = other
                break
    return doubtful


def doubt_text(pick: Pick, reviewed: Pick) -> str:
    """Why a model pick is doubtful, for its tooltip."""
    gap = abs(float(reviewed.time - pick.time))
    return (f"doubtful: this model {pick.phase} is {gap:.2f} s from a reviewed {reviewed.phase} pick on the same "
            f"record (within {DOUBT_WINDOW_S:g} s), so the model most likely took one phase for the other")
