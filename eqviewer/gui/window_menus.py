"""The main window's menus and its review-key actions (their keys come from the keymap)."""

from __future__ import annotations

from functools import partial

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QAction, QKeySequence

from eqviewer.app.view_filter import PRESETS
from eqviewer.gui import keymap as keys
from eqviewer.gui.trace_view import PANEL_TITLES, PANELS
from eqviewer.review import pick_view


def menu_action(window, menu, text: str, slot, shortcut: str | None = None, checkable: bool = False) -> QAction:
    """Add an action that calls ``slot()`` to ``menu``."""
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def build_menus(window) -> None:
    """File, Edit, View, Model, Settings and Help; sets ``window.recent_menu``, ``edit_menu``, ``help_menu``,
    ``panel_actions`` and ``common_scale_action``."""
    bar = window.menuBar()
    add = partial(menu_action, window)
    file_menu = bar.addMenu("&File")
    add(file_menu, "&Open files…", window.open_files_dialog, "Ctrl+O")
    add(file_menu, "Open &folder or SDS archive…", window.open_folder_dialog, "Ctrl+Shift+O")
    add(file_menu, "Open &session…", window.open_session_dialog)
    window.recent_menu = file_menu.addMenu("Open &recent")
    window.recent_menu.aboutToShow.connect(window.fill_recent_menu)
    file_menu.addSeparator()
    add(file_menu, "&Import the archives' own labels", window.import_archive_labels)
    add(file_menu, "&Export labels…", window.export_dialog, "Ctrl+E")
    file_menu.addSeparator()
    add(file_menu, "&Quit", window.close, "Ctrl+Q")

    window.edit_menu = bar.addMenu("&Edit")

    view_menu = bar.addMenu("&View")
    window.panel_actions = {}
    for name in PANELS:
        action = add(view_menu, f"Show {PANEL_TITLES[name]} panel", None, checkable=True)
        action.setChecked(True)
        action.toggled.connect(partial(window.set_panel_visible, name))
        window.panel_actions[name] = action
    view_menu.addSeparator()
    filter_menu = view_menu.addMenu("Filter (view only)")
    for spec in PRESETS:
        add(filter_menu, spec.label, partial(window.view_filter.choose, spec))
    add(filter_menu, "Custom…", window.custom_filter_dialog)
    view_menu.addSeparator()
    window.common_scale_action = add(view_menu, "Common amplitude scale for Z, N, E", None, checkable=True)
    window.common_scale_action.toggled.connect(
        lambda on: window.trace.set_amplitude_mode("common" if on else "panel"))
    add(view_menu, "Amplitude ×2", partial(window.trace.scale_amplitude, 2.0), "Ctrl+Up")
    add(view_menu, "Amplitude ÷2", partial(window.trace.scale_amplitude, 0.5), "Ctrl+Down")
    add(view_menu, "Fit amplitude to the view", window.trace.fit_amplitude, "Ctrl+0")
    add(view_menu, "Whole record", window.trace.show_all, "Home")
    view_menu.addSeparator()
    view_menu.addAction(window.model_dock.toggleViewAction())

    model_menu = bar.addMenu("&Model")
    add(model_menu, "Run on this record", partial(window.run_model, False), "Ctrl+R")
    add(model_menu, "Run on all records", partial(window.run_model, True), "Ctrl+Shift+R")
    add(model_menu, "Cancel run", window.cancel_model)
    model_menu.addSeparator()
    add(model_menu, "Re&train on this session…", window.retrain_dialog)

    settings_menu = bar.addMenu("&Settings")
    add(settings_menu, "Review &keys…", window.keymap_dialog)
    window.help_menu = bar.addMenu("&Help")


def build_review_actions(window) -> dict[str, QAction]:
    """One QAction per review key, in the Edit (Help: the key list) menu; their keys come from the keymap."""
    edit = window.edit
    handlers = {
        "set_p_pick": partial(window.set_pick, "P"),
        "set_s_pick": partial(window.set_pick, "S"),
        "accept_pick": partial(window.edit_in_view, lambda e: e.accept()),
        "reject_pick": partial(window.edit_in_view, lambda e: e.reject()),
        "nudge_pick_left": partial(edit, lambda e: e.nudge(-1)),
        "nudge_pick_right": partial(edit, lambda e: e.nudge(1)),
        "nudge_pick_left_10": partial(edit, lambda e: e.nudge(-10)),
        "nudge_pick_right_10": partial(edit, lambda e: e.nudge(10)),
        "next_pick": window.select_next_pick,
        "previous_pick": partial(window.step_pick, -1),
        "page_forward": partial(window.set_view_span, lambda v: pick_view.paged_span(v, 1)),
        "page_back": partial(window.set_view_span, lambda v: pick_view.paged_span(v, -1)),
        "zoom_in": partial(window.set_view_span, lambda v: pick_view.zoomed_span(v, 1 / pick_view.ZOOM_FACTOR)),
        "zoom_out": partial(window.set_view_span, lambda v: pick_view.zoomed_span(v, pick_view.ZOOM_FACTOR)),
        "polarity_positive": partial(edit, lambda e: e.set_polarity("positive")),
        "polarity_negative": partial(edit, lambda e: e.set_polarity("negative")),
        "polarity_undecidable": partial(edit, lambda e: e.set_polarity("undecidable")),
        "onset_impulsive": partial(edit, lambda e: e.set_onset("impulsive")),
        "onset_emergent": partial(edit, lambda e: e.set_onset("emergent")),
        "onset_questionable": partial(edit, lambda e: e.set_onset("questionable")),
        "label_window_earthquake": partial(edit, lambda e: e.label_window("earthquake")),
        "label_window_noise": partial(edit, lambda e: e.label_window("noise")),
        "label_window_unsure": partial(edit, lambda e: e.label_window("unsure")),
        "next_item": partial(window.queue.step, 1),
        "previous_item": partial(window.queue.step, -1),
        "undo": window.undo,
        "redo": window.redo,
        "toggle_filter": window.view_filter.toggle,
        "help": window.help.toggle,
        "focus_traces": window.trace.layout_widget.setFocus,
    }
    for cls, seconds in keys.UNCERTAINTY_CLASSES_S.items():
        handlers[f"uncertainty_class_{cls}"] = partial(edit, lambda e, s=seconds: e.set_uncertainty(s))
    actions = {}
    for spec in keys.ACTIONS:
        action = QAction(spec.text, window)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, handler=handlers[spec.name]: handler())
        window.addAction(action)
        actions[spec.name] = action
        (window.help_menu if spec.name == "help" else window.edit_menu).addAction(action)
    return actions
