"""Which picks a review view shows and how the analyst steps between them (plain data, no Qt).

The view thresholds hide automatic picks whose probability is below the threshold of their phase at once, without
running the model again; reviewed picks (accepted, corrected, manual, rejected) are always shown. Stepping goes
from the pick selected in view, or else from the view itself, to the next or previous shown pick in time; the view
then centres on it at a working zoom.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from obspy import UTCDateTime

from eqviewer.labels import Pick

WORKING_SPAN_S = (30.0, 60.0)
"""A view narrower or wider than this is set to :data:`DEFAULT_WORKING_SPAN_S` when stepping to a pick."""
DEFAULT_WORKING_SPAN_S = 40.0
PAGE_FRACTION = 0.8
"""Paging moves the view by this fraction of its width (a little overlap keeps the eye's place)."""
ZOOM_FACTOR = 2.0
DAY_S = 86400.0


@dataclass(frozen=True)
class ViewThresholds:
    """The lowest probability of an automatic pick the view shows, per phase (P, S)."""

    p: float = 0.0
    s: float = 0.0

    def of(self, phase: str) -> float:
        """The threshold of a phase ("Pn" counts as P); 0 for other phases."""
        first = phase[:1].upper()
        return self.p if first == "P" else self.s if first == "S" else 0.0


def passes(pick: Pick, thresholds: ViewThresholds) -> bool:
    """Whether the view shows a pick: reviewed picks always, automatic ones at or above their phase threshold."""
    if pick.status != "automatic" or pick.probability is None:
        return True
    return pick.probability >= thresholds.of(pick.phase)


def shown_picks(picks: Iterable[Pick], thresholds: ViewThresholds) -> list[Pick]:
    """The picks the view shows, in time order."""
    return sorted((p for p in picks if passes(p, thresholds)), key=lambda p: (float(p.time), p.phase))


def step_pick(picks: list[Pick], view: tuple[float, float], origin: float, selected: Pick | None,
              direction: int) -> Pick | None:
    """The pick to select on Tab (``direction`` 1) or Shift+Tab (-1).

    ``picks`` are the shown picks (rejected ones are skipped), ``view`` the visible span and ``origin`` the time
    of x = 0, all in seconds on one clock. From the selected pick when it is in view (also just rejected), else
    from the view: Tab takes the first pick from the view's left edge on, Shift+Tab the last one before its right
    edge. None when there is no pick that way.
    """
    candidates = sorted((p for p in picks if p.status != "rejected"), key=lambda p: (float(p.time), p.phase))
    x0, x1 = view
    keyed = [(float(p.time) - origin, p.phase, p.id, p) for p in candidates]
    if selected is not None and x0 <= float(selected.time) - origin <= x1:
        here = (float(selected.time) - origin, selected.phase, selected.id)
        after = [k for k in keyed if k[:3] > here] if direction > 0 else [k for k in keyed if k[:3] < here]
    elif direction > 0:
        after = [k for k in keyed if k[0] >= x0]
    else:
        after = [k for k in keyed if k[0] <= x1]
    if not after:
        return None
    return after[0][3] if direction > 0 else after[-1][3]


def centred_span(at: float, view: tuple[float, float], record_s: float | None = None) -> tuple[float, float]:
    """The view centred on ``at``, keeping its width when that is a working width (30-60 s), else 40 s; with the
    record's length ``record_s``, moved (not narrowed) to stay within the record, or the whole record when it is
    shorter than the view (no empty time beside a short event file's pick)."""
    width = view[1] - view[0]
    if not WORKING_SPAN_S[0] <= width <= WORKING_SPAN_S[1]:
        width = DEFAULT_WORKING_SPAN_S
    start = at - width / 2
    if record_s is not None:
        if width >= record_s:
            return 0.0, record_s
        start = min(max(start, 0.0), record_s - width)
    return start, start + width


def paged_span(view: tuple[float, float], direction: int, record_s: float | None = None) -> tuple[float, float]:
    """The view moved by most of its width forward (``direction`` 1) or back (-1); with the record's length
    ``record_s``, it stops at the record's ends (no empty view past them; a view wider than the record keeps its
    place)."""
    width = view[1] - view[0]
    start = view[0] + width * PAGE_FRACTION * direction
    if record_s is not None and width < record_s:
        start = min(max(start, 0.0), record_s - width)
    elif record_s is not None:
        start = view[0]
    return start, start + width


def carried_span(view: tuple[float, float], old_start: UTCDateTime, old_record_s: float, new_start: UTCDateTime,
                 new_record_s: float) -> tuple[float, float] | None:
    """The span to show on the next record so that the analyst keeps looking at the same time of day over the same
    length: ``view`` is the visible span of the record that started at ``old_start`` (lasting ``old_record_s``), the
    result is in seconds after ``new_start``. None (show the whole record) when the view held the whole old record
    or that time of day lies outside the new record."""
    width = view[1] - view[0]
    if view[0] <= 0.0 and view[1] >= old_record_s:
        return None
    time_of_day = (float(old_start) + view[0]) % DAY_S
    new_time_of_day = float(new_start) % DAY_S
    offset = (time_of_day - new_time_of_day) % DAY_S
    if offset >= new_record_s and offset - DAY_S + width > 0.0:
        offset -= DAY_S  # the view began on the day before the new record: keep its part in the record
    if offset >= new_record_s or offset + width <= 0.0:
        return None
    return offset, offset + width


def zoomed_span(view: tuple[float, float], factor: float) -> tuple[float, float]:
    """The view ``factor`` times wider (< 1 zooms in) about its centre."""
    centre, half = (view[0] + view[1]) / 2, (view[1] - view[0]) / 2 * factor
    return centre - half, centre + half


def in_view(pick: Pick | None, view: tuple[float, float], origin: float) -> bool:
    """Whether a pick lies in the visible span (``origin``: the time of x = 0 in seconds)."""
    return pick is not None and view[0] <= float(pick.time) - origin <= view[1]


def source_models(picks: Iterable[Pick]) -> list[str]:
    """The models (name:version) the automatic picks came from, most frequent first."""
    counts: dict[str, int] = {}
    for pick in picks:
        if pick.model:
            counts[pick.model] = counts.get(pick.model, 0) + 1
    return sorted(counts, key=lambda m: -counts[m])
