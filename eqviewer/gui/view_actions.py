"""The View menu: which trace panels are shown (remembered in the settings), the view filter, the amplitude
scale, the whole record, and the model panel's dock."""

from __future__ import annotations

from functools import partial

from PyQt6.QtCore import QSettings
from PyQt6.QtWidgets import QDialog, QDockWidget, QWidget

from eqviewer.app.view_filter import PRESETS, FilterChoice
from eqviewer.gui.actions import VIEW_MENU, Action, ActionRegistry, Entry, QtAction, Submenu
from eqviewer.gui.dialogs import FilterDialog
from eqviewer.gui.trace_view import PANEL_TITLES, PANELS, TraceView

FILTER_MENU = "view_filter"


def panel_action(name: str) -> str:
    """The id of the action that shows or hides the trace panel ``name``."""
    return f"show_panel_{name}"


class ViewActions:
    """View ▸ … for ``trace``; ``settings`` remembers the panels shown, ``parent`` owns the filter dialog."""

    def __init__(self, trace: TraceView, view_filter: FilterChoice, settings: QSettings, model_dock: QDockWidget,
                 parent: QWidget):
        self.trace, self.view_filter, self.settings = trace, view_filter, settings
        self.model_dock, self.parent = model_dock, parent

    def actions(self) -> list[Entry]:
        """The panel toggles, the filter submenu, the amplitude actions, Whole record and the model dock."""
        entries: list[Entry] = [
            Action(panel_action(name), f"Show {PANEL_TITLES[name]} panel", partial(self.set_panel_visible, name),
                   VIEW_MENU, "1_panels", checkable=True, checked=True) for name in PANELS]
        entries.append(Submenu(FILTER_MENU, "Filter (view only)", VIEW_MENU, "2_filter"))
        entries += [Action(f"filter_{spec.label}", spec.label, partial(self.view_filter.choose, spec), FILTER_MENU)
                    for spec in PRESETS]
        entries += [
            Action("filter_custom", "Custom…", self.custom_filter_dialog, FILTER_MENU),
            Action("common_scale", "Common amplitude scale for Z, N, E",
                   lambda on: self.trace.set_amplitude_mode("common" if on else "panel"), VIEW_MENU, "3_amplitude",
                   checkable=True),
            Action("amplitude_up", "Amplitude ×2", partial(self.trace.scale_amplitude, 2.0), VIEW_MENU,
                   "3_amplitude", "Ctrl+Up"),
            Action("amplitude_down", "Amplitude ÷2", partial(self.trace.scale_amplitude, 0.5), VIEW_MENU,
                   "3_amplitude", "Ctrl+Down"),
            Action("fit_amplitude", "Fit amplitude to the view", self.trace.fit_amplitude, VIEW_MENU, "3_amplitude",
                   "Ctrl+0"),
            Action("whole_record", "Whole record", self.trace.show_all, VIEW_MENU, "3_amplitude", "Home"),
            QtAction("show_model_panel", self.model_dock.toggleViewAction(), VIEW_MENU, "4_docks"),
        ]
        return entries

    def set_panel_visible(self, name: str, visible: bool) -> None:
        """Show or hide a panel of the trace view (remembered in the settings)."""
        self.trace.set_panel_visible(name, visible)
        self.settings.setValue(f"panels/{name}", visible)

    def restore_panels(self, actions: ActionRegistry) -> None:
        """Show the panels the settings remember, through their View menu toggles in ``actions``."""
        for name in PANELS:
            actions[panel_action(name)].setChecked(self.settings.value(f"panels/{name}", True, type=bool))

    def custom_filter_dialog(self) -> None:
        """View ▸ Filter ▸ Custom."""
        dialog = FilterDialog(self.view_filter.spec, self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.view_filter.choose(dialog.spec())
