"""P and S keys in the Event tab's section: a pick at the mouse on the station under it, at the shown event.

The key is refused (a status message) unless the mouse is over the section, at a time in view, on a station with a
record there. As in the 3-component view, the key corrects the selected automatic pick of that phase on that
station, else adds a manual pick; a new pick joins the shown event as an arrival (joined to the pick's edit, so one
undo takes back both) and the event is relocated.
"""

from __future__ import annotations

from collections.abc import Callable

from obspy import UTCDateTime
from PyQt6.QtCore import QEvent, QObject, QPointF

from eqviewer.app.pick_editor import PickEditor
from eqviewer.associate import SectionTrace
from eqviewer.errors import EqviewerError
from eqviewer.gui.event_view import EventView
from eqviewer.io import SAMPLING_RATE

STATUS_MS = 4000


class SectionPicking(QObject):
    """Follows the mouse over ``view``'s section; :meth:`set_pick` places a pick there. ``relocate()`` after a
    pick joined the event; ``status(text, ms)`` and ``show_error(title, text)`` report."""

    def __init__(self, view: EventView, relocate: Callable[[], None], status: Callable[[str, int], None],
                 show_error: Callable[[str, str], object]):
        super().__init__(view)
        self.view, self._relocate, self._status, self._show_error = view, relocate, status, show_error
        self.mouse: QPointF | None = None  # scene position of the mouse while over the section
        view.plot.scene().sigMouseMoved.connect(self._on_moved)
        view.plot.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Forget the mouse when it leaves the section."""
        if event.type() == QEvent.Type.Leave:
            self.mouse = None
        return False

    def under_mouse(self) -> tuple[SectionTrace, UTCDateTime] | None:
        """The station and time under the mouse, when it is over a station of the section at a time in view."""
        view = self.view
        if self.mouse is None or view.origin is None or not view.traces:
            return None
        box = view.plot.getPlotItem().vb
        if not box.sceneBoundingRect().contains(self.mouse):
            return None
        point = box.mapSceneToView(self.mouse)
        index = int(round(-point.y()))
        (left, right), _ = box.viewRange()
        if not 0 <= index < len(view.traces) or not left <= point.x() <= right:
            return None
        return view.traces[index], view.section_time(index, point.x())

    def set_pick(self, phase: str) -> None:
        """P / S in the section: a pick of ``phase`` at the mouse, on the station under it, at the shown event."""
        session, origin = self.view.session, self.view.origin
        if session is None or origin is None:
            return
        found = self.under_mouse()
        if found is None:
            self._status(f"no {phase} pick placed: point at a station of the section, at a time in view", STATUS_MS)
            return
        trace, time = found
        if trace.record is None or trace.station_id is None:
            self._status(f"no {phase} pick placed: no record of {trace.station.key} at this event", STATUS_MS)
            return
        editor = PickEditor(session, trace.record, trace.station_id, SAMPLING_RATE, session.author)
        selected = self.view.editor.selected if self.view.editor is not None else None
        editor.select(selected if any(p.id == selected for p in trace.picks) else None)
        try:
            pick_id = editor.set_pick(phase, time)
            if pick_id not in {p.id for _, p in session.event_picks(origin.id)}:
                session.add_arrival(origin.id, session.pick(pick_id), session.newest_edit())
        except EqviewerError as exc:
            self._show_error("Cannot place the pick", str(exc))
            return
        self.view.refresh()
        self.view.select_pick(session.pick(pick_id))
        self._relocate()

    def _on_moved(self, position: QPointF) -> None:
        self.mouse = QPointF(position)
