"""The review keys: which action each key triggers, the defaults of issue 6 section 3, and the conflict check.

A keymap is a plain ``dict[str, list[str]]`` from action name to key sequences in Qt's portable text form
("Shift+E", "Ctrl+Shift+Z"). Users remap keys in the settings dialog; the map is kept in QSettings under
``keys/<action>``. When :mod:`eqviewer.resources` provides a default keymap, it overrides the built-in one here.
"""

from __future__ import annotations

from dataclasses import dataclass

from PyQt6.QtCore import QSettings
from PyQt6.QtGui import QKeySequence


@dataclass(frozen=True)
class ActionSpec:
    """One review action: its name (the keymap key), what the help overlay says, and its default keys."""

    name: str
    text: str
    group: str
    keys: tuple[str, ...]


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("set_p_pick", "Set a P pick at the cursor (corrects the selected automatic P)", "Picks", ("P",)),
    ActionSpec("set_s_pick", "Set an S pick at the cursor (corrects the selected automatic S)", "Picks", ("S",)),
    ActionSpec("accept_pick", "Accept the selected pick", "Picks", ("A", "Return", "Enter")),
    ActionSpec("reject_pick", "Reject the selected pick", "Picks", ("R", "Delete")),
    ActionSpec("nudge_pick_left", "Move the selected pick one sample earlier", "Picks", ("Left",)),
    ActionSpec("nudge_pick_right", "Move the selected pick one sample later", "Picks", ("Right",)),
    ActionSpec("nudge_pick_left_10", "Move the selected pick ten samples earlier", "Picks", ("Shift+Left",)),
    ActionSpec("nudge_pick_right_10", "Move the selected pick ten samples later", "Picks", ("Shift+Right",)),
    ActionSpec("next_pick", "Select the next pick in time from the view, and centre on it", "Picks", ("Tab",)),
    ActionSpec("previous_pick", "Select the previous pick in time from the view, and centre on it", "Picks",
               ("Shift+Tab", "Backtab")),
    ActionSpec("polarity_positive", "Polarity: positive (up)", "Pick attributes", ("+",)),
    ActionSpec("polarity_negative", "Polarity: negative (down)", "Pick attributes", ("-",)),
    ActionSpec("polarity_undecidable", "Polarity: undecidable", "Pick attributes", ("0",)),
    ActionSpec("onset_impulsive", "Onset: impulsive", "Pick attributes", ("I",)),
    ActionSpec("onset_emergent", "Onset: emergent", "Pick attributes", ("E",)),
    ActionSpec("onset_questionable", "Onset: questionable", "Pick attributes", ("Q",)),
    ActionSpec("uncertainty_class_1", "Uncertainty class 1 (0.05 s)", "Pick attributes", ("1",)),
    ActionSpec("uncertainty_class_2", "Uncertainty class 2 (0.1 s)", "Pick attributes", ("2",)),
    ActionSpec("uncertainty_class_3", "Uncertainty class 3 (0.2 s)", "Pick attributes", ("3",)),
    ActionSpec("uncertainty_class_4", "Uncertainty class 4 (0.5 s)", "Pick attributes", ("4",)),
    ActionSpec("label_window_earthquake", "Label the window: earthquake", "Window", ("Shift+E",)),
    ActionSpec("label_window_noise", "Label the window: noise", "Window", ("Shift+N",)),
    ActionSpec("label_window_unsure", "Label the window: unsure", "Window", ("Shift+U",)),
    ActionSpec("next_item", "Next item in the review queue", "Navigation", ("Space", "J")),
    ActionSpec("previous_item", "Previous item in the review queue", "Navigation", ("K",)),
    ActionSpec("undo", "Undo", "Edit", ("Ctrl+Z",)),
    ActionSpec("redo", "Redo", "Edit", ("Ctrl+Shift+Z",)),
    ActionSpec("page_forward", "Page forward in time", "View", ("PgDown",)),
    ActionSpec("page_back", "Page back in time", "View", ("PgUp",)),
    ActionSpec("zoom_in", "Zoom in on time (half the span)", "View", ("Up",)),
    ActionSpec("zoom_out", "Zoom out in time (twice the span)", "View", ("Down",)),
    ActionSpec("toggle_filter", "Filter on / off (view only)", "View", ("F",)),
    ActionSpec("focus_traces", "Back to the traces (the review keys act again after editing a field)", "View",
               ("Escape",)),
    ActionSpec("help", "Show / hide this help", "View", ("F1", "?")),
)

ACTION_BY_NAME = {spec.name: spec for spec in ACTIONS}

# Uncertainty classes (keys 1-4) as pick uncertainty in seconds.
UNCERTAINTY_CLASSES_S = {1: 0.05, 2: 0.1, 3: 0.2, 4: 0.5}

SETTINGS_GROUP = "keys"


def normalise(key: str) -> str:
    """A key sequence in Qt's canonical portable text ("shift+e" -> "Shift+E"); "" for an invalid one."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def default_keymap() -> dict[str, list[str]]:
    """The built-in keymap (issue 6 section 3), overridden by the packaged default keymap when there is one."""
    keymap = {spec.name: list(spec.keys) for spec in ACTIONS}
    try:
        from eqviewer.resources import load_keymap as packaged_keymap
    except ImportError:  # the packaged resources are optional
        return keymap
    packaged = packaged_keymap()
    for name, keys in packaged.items():
        if name in keymap:
            keymap[name] = [keys] if isinstance(keys, str) else list(keys)
    return keymap


def conflicts(keymap: dict[str, list[str]]) -> dict[str, list[str]]:
    """Key sequences bound to more than one action: ``{key: [action, ...]}`` (empty when the map is clean)."""
    owners: dict[str, list[str]] = {}
    for name, keys in keymap.items():
        for key in keys:
            canonical = normalise(key)
            if canonical:
                owners.setdefault(canonical, []).append(name)
    return {key: names for key, names in owners.items() if len(names) > 1}


def read_keymap(settings: QSettings) -> dict[str, list[str]]:
    """The keymap in use: the defaults with the user's remappings from ``settings`` applied."""
    keymap = default_keymap()
    settings.beginGroup(SETTINGS_GROUP)
    try:
        for name in settings.childKeys():
            if name in keymap:
                value = settings.value(name, type=str)
                keymap[name] = [k for k in value.split("\n") if k] if value else []
    finally:
        settings.endGroup()
    return keymap


def write_keymap(settings: QSettings, keymap: dict[str, list[str]]) -> None:
    """Store a remapped keymap; refuses (ValueError) a map in which one key triggers two actions."""
    clashes = conflicts(keymap)
    if clashes:
        raise ValueError("; ".join(f"{key} is bound to {', '.join(names)}" for key, names in clashes.items()))
    defaults = default_keymap()
    settings.beginGroup(SETTINGS_GROUP)
    try:
        settings.remove("")
        for name, keys in keymap.items():
            if name in defaults and [normalise(k) for k in keys] != [normalise(k) for k in defaults[name]]:
                settings.setValue(name, "\n".join(normalise(k) for k in keys))
    finally:
        settings.endGroup()
