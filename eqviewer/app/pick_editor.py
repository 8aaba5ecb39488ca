"""What the review keys do to one record's picks: selection plus one Session call per edit (no Qt here).

The Session is the single source of truth: every method sends one edit to it at once and then re-reads; this class
only remembers which pick is selected. The main window maps key actions to these methods and redraws afterwards.
"""

from __future__ import annotations

from obspy import UTCDateTime

from eqviewer.labels import Pick

PHASE_SWAP = {"P": "S", "S": "P"}
"""What relabelling a pick's phase makes of it."""


class PickEditor:
    """Edits of the picks of one record of an open review session."""

    def __init__(self, session, record_id: str, station_id: str, sampling_rate: float, author: str | None = None):
        self.session = session
        self.record_id = record_id
        self.station_id = station_id
        self.sampling_rate = sampling_rate
        self.author = author
        self.selected: int | None = None

    # ----- reading ------------------------------------------------------------------------------------------------
    def picks(self) -> list[Pick]:
        """The record's picks in time order, without automatic picks a correction has replaced."""
        picks = self.session.picks(record=self.record_id)
        replaced = {p.origin_id for p in picks if p.origin_id is not None and p.status != "automatic"}
        shown = [p for p in picks if not (p.status == "automatic" and p.id in replaced)]
        return sorted(shown, key=lambda p: (float(p.time), p.phase))

    def selected_pick(self) -> Pick | None:
        """The selected pick, or None (also when an undo removed it)."""
        if self.selected is None:
            return None
        for pick in self.picks():
            if pick.id == self.selected:
                return pick
        self.selected = None
        return None

    def select(self, pick_id: int | None) -> None:
        """Select a pick by id (None: nothing)."""
        self.selected = pick_id

    # ----- edits --------------------------------------------------------------------------------------------------
    def set_pick(self, phase: str, time: UTCDateTime) -> int:
        """P / S key: correct the selected automatic pick of this phase to ``time``, else add a manual pick."""
        selected = self.selected_pick()
        if selected is not None and selected.status == "automatic" and selected.phase == phase:
            self.selected = self.session.move_pick(selected.id, UTCDateTime(time))
        else:
            pick = Pick(station_id=self.station_id, phase=phase, time=UTCDateTime(time), record=self.record_id,
                        status="manual", author=self.author)
            self.selected = self.session.add_pick(pick)
        return self.selected

    def accept(self) -> int | None:
        """Accept the selected pick."""
        return self._edit(self.session.accept)

    def reject(self) -> int | None:
        """Reject the selected pick."""
        return self._edit(self.session.reject)

    def move(self, pick_id: int, time: UTCDateTime) -> int:
        """Move a pick (a drag ended, or a nudge); an automatic pick becomes 'corrected'. Selects the result."""
        self.selected = self.session.move_pick(pick_id, UTCDateTime(time))
        return self.selected

    def nudge(self, samples: int) -> int | None:
        """Move the selected pick by a number of samples (negative: earlier)."""
        pick = self.selected_pick()
        if pick is None:
            return None
        return self.move(pick.id, pick.time + samples / self.sampling_rate)

    def relabel_phase(self) -> int | None:
        """Relabel the selected P pick S, or S pick P (a pick the analyst did not make becomes a correction)."""
        pick = self.selected_pick()
        if pick is None or pick.phase not in PHASE_SWAP:
            return None
        return self._update(phase=PHASE_SWAP[pick.phase])

    def set_polarity(self, polarity: str) -> int | None:
        """Set the first-motion polarity of the selected pick."""
        return self._update(polarity=polarity)

    def set_onset(self, onset: str) -> int | None:
        """Set the onset (impulsive, emergent, questionable) of the selected pick."""
        return self._update(onset=onset)

    def set_uncertainty(self, seconds: float) -> int | None:
        """Set the timing uncertainty of the selected pick, in seconds."""
        return self._update(uncertainty_s=seconds)

    def label_window(self, category: str, start: UTCDateTime | None = None, end: UTCDateTime | None = None) -> int:
        """Label the record (or the window ``start``-``end`` of it) earthquake, noise or unsure."""
        return self.session.set_label(self.record_id, category, station_id=self.station_id, start=start, end=end)

    def _edit(self, call) -> int | None:
        pick = self.selected_pick()
        if pick is None:
            return None
        self.selected = call(pick.id)
        return self.selected

    def _update(self, **fields) -> int | None:
        pick = self.selected_pick()
        if pick is None:
            return None
        self.selected = self.session.update_pick(pick.id, **fields)
        return self.selected
