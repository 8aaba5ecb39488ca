"""The Event tab beside the record view: the :class:`~eqviewer.gui.event_view.EventView` of the session, the
review keys acting on the pick selected there (Tab stepping through the event's picks, P and S placing a pick at
the mouse in the section: :mod:`~eqviewer.gui.section_picking`), a double click opening a station's record,
Events ▸ Re-associate and the operations on the shown event (:mod:`~eqviewer.gui.event_operations`)."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import pyqtBoundSignal
from PyQt6.QtWidgets import QTabWidget

from eqviewer.app.noise_review import relabel_and_join
from eqviewer.app.review_state import ReviewState
from eqviewer.app.view_filter import FilterChoice
from eqviewer.gui.amplitude_items import AmplitudeEdits
from eqviewer.gui.actions import EVENTS_MENU, Action, ActionRegistry, Entry
from eqviewer.gui.event_operations import EventOperations
from eqviewer.gui.event_view import EventView
from eqviewer.gui.record_amplitudes import RecordAmplitudes
from eqviewer.errors import EqviewerError
from eqviewer.gui.reassociate import reassociate
from eqviewer.gui.relocation import relocate_shown
from eqviewer.gui.run_control import RunControl
from eqviewer.gui.section_amplitudes import SectionAmplitudes
from eqviewer.gui.section_picking import SectionPicking
from eqviewer.gui.section_units import SectionUnits
from eqviewer.gui.trace_view import TraceView
from eqviewer.gui.units_choice import TraceUnits
from eqviewer.gui.wadati_panel import WadatiPanel

REASSOCIATE_KEY = "Ctrl+Shift+A"
EXCLUDE_ARRIVAL_KEY = "Ctrl+Shift+X"
SECTION_TIME_KEY = "Ctrl+Shift+T"
RELABEL_EXPLAINED_KEY = "Ctrl+Shift+L"
WADATI_KEY = "Ctrl+Shift+W"
SECTION_GROUP = "0_section"
OPENED_SPAN_S = (-20.0, 40.0)
"""The span shown around the time of a station opened from the event view."""


class EventTab:
    """``tabs`` holds the record view ``trace`` ("Record") and the event ``view`` ("Event").

    ``record_shown`` is the window's signal that a record was drawn, ``show_record(id)`` asks for one; ``record_next_pick()`` is Tab in the record view and ``refresh_picks()`` redraws its picks.
    """

    def __init__(self, trace: TraceView, review: ReviewState, run_control: RunControl,
                 registry: ActionRegistry, record_shown: pyqtBoundSignal, show_record: Callable[[str], None],
                 record_next_pick: Callable[[], None], refresh_picks: Callable[[], None],
                 status: Callable[[str, int], None], show_error: Callable[[str, str], object]):
        self.trace, self.review, self.run_control, self.registry = trace, review, run_control, registry
        self.record_shown, self._show_record = record_shown, show_record
        self._record_next_pick, self._refresh_picks = record_next_pick, refresh_picks
        self._status, self._show_error = status, show_error
        self.view = EventView()
        self.tabs = QTabWidget()
        self.tabs.addTab(trace, "Record")
        self.tabs.addTab(self.view, "Event")
        self.tabs.currentChanged.connect(self._on_tab)
        self.view.pick_selected.connect(self._on_pick)
        self.view.station_opened.connect(self.open_station)
        self.view.edited.connect(self.relocate_if_needed)
        self.operations = EventOperations(self.view, run_control, self.tabs, status, show_error)
        self.picking = SectionPicking(self.view, self.relocate_if_needed, status, show_error)
        self.wadati = WadatiPanel(self.tabs)  # Events ▸ Wadati diagram, shown on demand
        self.wadati.event_chosen.connect(self._show_event)
        self.amplitude_edits = AmplitudeEdits(review, show_error)  # on the section and the record view
        self.amplitude_edits.changed.append(self.view.refresh)  # the list's ML, the section, the magnitudes dock
        self.section_amplitudes = SectionAmplitudes(self.view, self.amplitude_edits)
        self.record_amplitudes = RecordAmplitudes(trace, review, self.amplitude_edits, record_shown)
        self.view.events_loaded.connect(self.record_amplitudes.draw)  # an amplitude edited, here or in the dock
        self.units: SectionUnits | None = None

    def actions(self) -> list[Entry]:
        """Events ▸ the section's time axis, re-associate picks into events, exclude an arrival, and the operations
        on the shown event."""
        return [Action("section_time", "Section time: origin, reduced by distance, aligned on P",
                       self.next_section_time, EVENTS_MENU, SECTION_GROUP, SECTION_TIME_KEY),
                Action("wadati_diagram", "Wadati diagram…", self.show_wadati, EVENTS_MENU, SECTION_GROUP,
                       WADATI_KEY),
                Action("reassociate", "Re-associate picks into events", self.reassociate, EVENTS_MENU,
                       shortcut=REASSOCIATE_KEY),
                Action("exclude_arrival", "Exclude or use the selected arrival in the location", self.exclude_arrival,
                       EVENTS_MENU, shortcut=EXCLUDE_ARRIVAL_KEY),
                Action("relabel_explained", "Relabel the likely-noise pick as the phase an event explains it as",
                       self.relabel_explained, EVENTS_MENU, shortcut=RELABEL_EXPLAINED_KEY),
                *self.operations.actions()]

    def review_keys(self, record_keys: dict[str, Callable[[], object]]) -> dict[str, Callable[[], object]]:
        """Tab, P and S: in the event's section while the Event tab is shown, else as in the record view
        (``record_keys``, the record view's review keys)."""
        def in_section(phase: str, record_key: Callable[[], object]) -> None:
            if self.shown():
                self.picking.set_pick(phase)
            else:
                record_key()

        return {"next_pick": self.select_next_pick,
                "set_p_pick": lambda: in_section("P", record_keys["set_p_pick"]),
                "set_s_pick": lambda: in_section("S", record_keys["set_s_pick"])}

    def use_filter(self, view_filter: FilterChoice) -> None:
        """Draw the section's traces through the window's view filter (redrawn when it changes)."""
        self.view.section_filter.choice = view_filter
        view_filter.changed.connect(self.view.draw)

    def use_units(self, trace_units: TraceUnits) -> None:
        """Draw the section's traces in the record view's units (View ▸ Units, U), converted in a worker of their
        own and kept per slice, the record view's station-days apart."""
        self.units = SectionUnits(trace_units.choice, self.review, self.view.draw,
                                  lambda text: self._status(text, 5000))
        self.view.units = self.units

    def next_section_time(self) -> None:
        """Step the section's time axis on (after the origin time, reduced by distance, aligned on each P)."""
        self._status(f"section time: {self.view.next_section_time()}", 3000)

    def show_wadati(self) -> None:
        """Events ▸ Wadati diagram: the session's reviewed events' S-P against P travel time and the fitted line."""
        self.wadati.show_session(self.review.session, self.view.origin.id if self.view.origin else None)
        self.wadati.show()
        self.wadati.raise_()

    def _show_event(self, origin_id: int) -> None:
        """Show event ``origin_id`` in the Event tab (a Wadati point was clicked)."""
        self.tabs.setCurrentWidget(self.view)
        self.view.select_event(origin_id)
        self.wadati.highlight(origin_id)

    def shown(self) -> bool:
        """Whether the Event tab is the one shown."""
        return self.tabs.currentWidget() is self.view

    def select_next_pick(self) -> None:
        """Tab: step through the event's picks while the Event tab is shown, else through the record's."""
        if self.shown():
            self.view.select_next_pick()
        else:
            self._record_next_pick()

    def show_session(self) -> None:
        """Show the (newly opened) session's events; a session with located events opens on the Event tab."""
        self.view.set_session(self.review.session, list(self.review.sources.values()))
        exclude = self.registry.actions.get("exclude_arrival")
        if exclude is not None and exclude not in self.view.arrivals.table.actions():  # its context menu
            self.view.arrivals.table.addAction(exclude)
        if self.view.origins:
            self.tabs.setCurrentWidget(self.view)

    def reassociate(self) -> None:
        """Events ▸ Re-associate: associate the session's picks anew in the window's job runner."""
        reassociate(self.review.session, self.run_control, self.view.refresh, self._status, self._show_error)

    def exclude_arrival(self) -> None:
        """Exclude the selected pick's arrival from the event's location (or use it again); the pick stands. The
        event is relocated in the background, joined to this edit (one undo takes both back)."""
        origin, editor, session = self.view.origin, self.view.editor, self.review.session
        if origin is None or editor is None or editor.selected is None or session is None:
            return
        used = next((a.used for a, p in session.event_picks(origin.id) if p.id == editor.selected), None)
        if used is None:
            self._status("the selected pick is not an arrival of this event", 4000)
            return
        try:
            session.set_arrival_used(origin.id, editor.selected, not used)
        except EqviewerError as exc:
            self._show_error("Cannot exclude the arrival", str(exc))
            return
        self.relocate_if_needed()

    def relabel_explained(self) -> None:
        """Relabel the selected likely-noise pick as the phase its "likely" column names (P <-> S) and join it to
        that event, which is shown and relocated (one undo takes back all three)."""
        view, session = self.view, self.review.session
        explanation = view.explained.get(view.editor.selected) if view.editor is not None else None
        if explanation is None or session is None:
            self._status("select a likely-noise pick that an event explains as the other phase", 4000)
            return
        try:
            relabelled = relabel_and_join(session, explanation)
        except EqviewerError as exc:
            self._show_error("Cannot relabel the pick", str(exc))
            return
        view.refresh()
        view.select_event(explanation.origin_id)
        view.select_pick(session.pick(relabelled))
        self.relocate_if_needed()
        self._status(f"relabelled {explanation.phase}, joined to event {explanation.origin_id}", 5000)

    def relocate_if_needed(self) -> None:
        """Relocate the shown event in the window's job runner when its picks changed since it was located."""
        relocate_shown(self.review.session, self.view.origin, self.run_control, self.view.refresh, self._status)

    def open_station(self, record: str, seconds: float) -> None:
        """Show ``record`` in the record view around ``seconds`` (since 1970) once it is drawn."""
        def centre(shown: str) -> None:
            self.record_shown.disconnect(centre)
            if shown == record and self.review.record is not None:
                at = seconds - self.review.record.start.timestamp
                self.trace.set_x_range(at + OPENED_SPAN_S[0], at + OPENED_SPAN_S[1])

        self.tabs.setCurrentIndex(0)
        self.record_shown.connect(centre)
        self._show_record(record)

    def _on_tab(self, _index: int) -> None:
        if self.shown():
            self.review.act_on(self.view.editor)
        else:
            self.review.act_on_record()
            self._refresh_picks()

    def _on_pick(self, editor) -> None:
        if self.shown():
            self.review.act_on(editor)
