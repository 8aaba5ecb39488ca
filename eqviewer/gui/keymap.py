"""The review keys: the actions, their default keys (from the bundled ``keymap.json``), and the conflict check.

A keymap is a plain ``dict[str, list[str]]`` from action name to key sequences in Qt's portable text form
("Shift+E", "Ctrl+Shift+Z"). The defaults are :func:`eqviewer.resources.load_keymap`'s; users remap keys in the
settings dialog and the map is kept in QSettings under ``keys/<action>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PyQt6.QtCore import QSettings
from PyQt6.QtGui import QKeySequence

from eqviewer.errors import EqviewerError
from eqviewer.resources import KEYMAP_FILE, default_settings, load_keymap


@dataclass(frozen=True)
class ActionSpec:
    """One review action: its name (the keymap key), what the help overlay says, and its group there."""

    name: str
    text: str
    group: str


# Uncertainty classes (keys 1-4) as pick uncertainty in seconds.
UNCERTAINTY_CLASSES_S = {int(k): float(v) for k, v in default_settings()["picking"]["uncertainty_classes_s"].items()}


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("set_p_pick", "Set a P pick at the mouse, else at the centre line (corrects the selected automatic P)", "Picks"),
    ActionSpec("set_s_pick", "Set an S pick at the mouse, else at the centre line (corrects the selected automatic S)", "Picks"),
    ActionSpec("relabel_phase", "Relabel the selected pick's phase (P <-> S; a correction)", "Picks"),
    ActionSpec("accept_pick", "Accept the selected pick", "Picks"),
    ActionSpec("reject_pick", "Reject the selected pick", "Picks"),
    ActionSpec("nudge_pick_left", "Move the selected pick one sample earlier", "Picks"),
    ActionSpec("nudge_pick_right", "Move the selected pick one sample later", "Picks"),
    ActionSpec("nudge_pick_left_10", "Move the selected pick ten samples earlier", "Picks"),
    ActionSpec("nudge_pick_right_10", "Move the selected pick ten samples later", "Picks"),
    ActionSpec("next_pick", "Select the next pick in time from the view, and centre on it", "Picks"),
    ActionSpec("previous_pick", "Select the previous pick in time from the view, and centre on it", "Picks"),
    ActionSpec("polarity_positive", "Polarity: positive (up)", "Pick attributes"),
    ActionSpec("polarity_negative", "Polarity: negative (down)", "Pick attributes"),
    ActionSpec("polarity_undecidable", "Polarity: undecidable", "Pick attributes"),
    ActionSpec("onset_impulsive", "Onset: impulsive", "Pick attributes"),
    ActionSpec("onset_emergent", "Onset: emergent", "Pick attributes"),
    ActionSpec("onset_questionable", "Onset: questionable", "Pick attributes"),
    ActionSpec("uncertainty_class_1", f"Uncertainty class 1 ({UNCERTAINTY_CLASSES_S[1]:g} s)", "Pick attributes"),
    ActionSpec("uncertainty_class_2", f"Uncertainty class 2 ({UNCERTAINTY_CLASSES_S[2]:g} s)", "Pick attributes"),
    ActionSpec("uncertainty_class_3", f"Uncertainty class 3 ({UNCERTAINTY_CLASSES_S[3]:g} s)", "Pick attributes"),
    ActionSpec("uncertainty_class_4", f"Uncertainty class 4 ({UNCERTAINTY_CLASSES_S[4]:g} s)", "Pick attributes"),
    ActionSpec("label_window_earthquake", "Label the window: earthquake", "Window"),
    ActionSpec("label_window_noise", "Label the window: noise", "Window"),
    ActionSpec("label_window_unsure", "Label the window: unsure", "Window"),
    ActionSpec("next_item", "Next item in the review queue", "Navigation"),
    ActionSpec("previous_item", "Previous item in the review queue", "Navigation"),
    ActionSpec("undo", "Undo", "Edit"),
    ActionSpec("redo", "Redo", "Edit"),
    ActionSpec("page_forward", "Page forward in time", "View"),
    ActionSpec("page_back", "Page back in time", "View"),
    ActionSpec("zoom_in", "Zoom in on time (half the span)", "View"),
    ActionSpec("zoom_out", "Zoom out in time (twice the span)", "View"),
    ActionSpec("toggle_filter", "Filter on / off (view only)", "View"),
    ActionSpec("focus_traces", "Back to the traces (the review keys act again after editing a field)", "View"),
    ActionSpec("help", "Show / hide this help", "View"),
)

ACTION_BY_NAME = {spec.name: spec for spec in ACTIONS}

SETTINGS_GROUP = "keys"


def normalise(key: str) -> str:
    """A key sequence in Qt's canonical portable text ("shift+e" -> "Shift+E"); "" for an invalid one."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def default_keymap() -> dict[str, list[str]]:
    """The default keys of every action, from the bundled keymap (EqviewerError naming the file when it misses an
    action or names one that does not exist); a fresh dict."""
    keymap = load_keymap()
    missing, unknown = set(ACTION_BY_NAME) - set(keymap), set(keymap) - set(ACTION_BY_NAME)
    if missing or unknown:
        problem = "; ".join(f"{what}: {', '.join(sorted(names))}" for what, names in
                            (("no keys for", missing), ("unknown actions", unknown)) if names)
        raise EqviewerError(KEYMAP_FILE, f"bundled keymap does not match the review actions ({problem})")
    return {spec.name: keymap[spec.name] for spec in ACTIONS}


def conflicts(keymap: dict[str, list[str]], fixed: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Key sequences bound to more than one action: ``{key: [action, ...]}`` (empty when the map is clean).
    ``fixed``: the keys of the window's other actions (not remappable here), which a review key must not take."""
    owners: dict[str, list[str]] = {}
    for name, keys in {**(fixed or {}), **keymap}.items():
        for key in keys:
            canonical = normalise(key)
            if canonical:
                owners.setdefault(canonical, []).append(name)
    return {key: names for key, names in owners.items() if len(names) > 1 and any(n in keymap for n in names)}


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


def write_keymap(settings: QSettings, keymap: dict[str, list[str]], fixed: dict[str, list[str]] | None = None) -> None:
    """Store a remapped keymap; refuses (ValueError) a map in which one key triggers two actions (``fixed``: the
    keys of the window's other actions, see :func:`conflicts`)."""
    clashes = conflicts(keymap, fixed)
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
