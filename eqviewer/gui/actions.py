"""The window's action registry: every menu item and key of the window in one place.

Each part of the window declares its actions (:class:`Action`: id, text, callback, menu, group, fixed shortcut or
a review key from the keymap) and its submenus (:class:`Submenu`); :class:`ActionRegistry` makes one QAction per
action when it is registered, builds the menu bar from the declarations once every part has registered
(:meth:`ActionRegistry.build_menus`) and binds the review keys of a keymap (:meth:`ActionRegistry.apply_keymap`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import QMainWindow, QMenu

from eqviewer.gui import keymap as keys

FILE_MENU, EDIT_MENU, VIEW_MENU, MODEL_MENU = "&File", "&Edit", "&View", "&Model"
SETTINGS_MENU, HELP_MENU, EVENTS_MENU = "&Settings", "&Help", "E&vents"
MENUS = (FILE_MENU, EDIT_MENU, VIEW_MENU, MODEL_MENU, SETTINGS_MENU, HELP_MENU, EVENTS_MENU)
"""The menu bar's menus, left to right."""


@dataclass(frozen=True)
class Action:
    """One action of the window.

    ``id`` is unique (a review key's id is its keymap name); ``callback`` is called without arguments when the
    action is triggered, or with the checked state when it is ``checkable`` (initially ``checked``); ``menu`` is a
    title of :data:`MENUS` or a :class:`Submenu`'s id (None: no menu); a menu lists its items by ``group``, in the
    order they were registered within a group, with a separator between groups. ``shortcut`` is a fixed key;
    a ``review_key`` action takes its keys from the keymap instead and acts wherever the window has the focus.
    """

    id: str
    text: str
    callback: Callable[..., object]
    menu: str | None = None
    group: str = ""
    shortcut: str = ""
    review_key: bool = False
    checkable: bool = False
    checked: bool = False


@dataclass(frozen=True)
class Submenu:
    """A submenu ``title`` in ``menu`` (at ``group``), named ``id`` by the actions in it; ``fill`` (optional)
    refills it each time it opens."""

    id: str
    title: str
    menu: str
    group: str = ""
    fill: Callable[[QMenu], None] | None = None


@dataclass(frozen=True)
class QtAction:
    """A QAction that Qt makes (a dock's show/hide toggle), listed in ``menu`` at ``group`` under ``id``."""

    id: str
    action: QAction
    menu: str
    group: str = ""


Entry = Action | Submenu | QtAction


def review_key_actions(handlers: dict[str, Callable[[], object]]) -> list[Action]:
    """The review keys as actions, in the keymap's order (:data:`eqviewer.gui.keymap.ACTIONS`): each calls
    ``handlers[name]``; in the Edit menu, the help key in the Help menu. ValueError when the handlers miss a key
    of the keymap or name one it does not have."""
    missing, unknown = set(keys.ACTION_BY_NAME) - set(handlers), set(handlers) - set(keys.ACTION_BY_NAME)
    if missing or unknown:
        raise ValueError(f"review keys without a callback: {sorted(missing)}; unknown review keys: {sorted(unknown)}")
    return [Action(spec.name, spec.text, handlers[spec.name], HELP_MENU if spec.name == "help" else EDIT_MENU,
                   review_key=True) for spec in keys.ACTIONS]


class ActionRegistry:
    """The actions and submenus the parts of ``window`` declared, their QActions and the menus built from them."""

    def __init__(self, window: QMainWindow):
        self.window = window
        self.entries: list[Entry] = []
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}

    def register(self, *entries: Entry) -> None:
        """Declare actions and submenus; each action gets its QAction now (ValueError for an id taken already)."""
        for entry in entries:
            if any(e.id == entry.id for e in self.entries):
                raise ValueError(f"action {entry.id!r} is declared twice")
            self.entries.append(entry)
            if isinstance(entry, Action):
                self.actions[entry.id] = self._make(entry)
            elif isinstance(entry, QtAction):
                self.actions[entry.id] = entry.action

    def __getitem__(self, action_id: str) -> QAction:
        """The QAction of a declared action."""
        return self.actions[action_id]

    def review_actions(self) -> dict[str, QAction]:
        """The review keys' QActions by keymap name, in the order they were declared."""
        return {e.id: self.actions[e.id] for e in self.entries if isinstance(e, Action) and e.review_key}

    def apply_keymap(self, keymap: dict[str, list[str]]) -> None:
        """Bind the review keys to the keys of ``keymap`` (an action it does not name gets none)."""
        for name, action in self.review_actions().items():
            action.setShortcuts([QKeySequence(k) for k in keymap.get(name, [])])

    def fixed_keys(self) -> dict[str, list[str]]:
        """The keys of the actions that are not review keys (menu actions with a key of their own), by action id:
        a review key remapped onto one of them would clash."""
        return {e.id: [k.toString() for k in self.actions[e.id].shortcuts()] for e in self.entries
                if isinstance(e, Action) and not e.review_key and self.actions[e.id].shortcuts()}

    def key_rows(self) -> list[tuple[str, str, list[str]]]:
        """Every action bound to a key, as the help lists it: (group, text, keys in use). A review key's group is
        its keymap group; an action with a fixed key is grouped by its menu."""
        menu_of = {e.id: e.menu for e in self.entries if isinstance(e, Submenu)}
        rows = []
        for entry in self.entries:
            if not isinstance(entry, Action):
                continue
            bound = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in self.actions[entry.id].shortcuts()]
            if not bound and not entry.review_key:
                continue
            menu = menu_of.get(entry.menu, entry.menu) or ""
            group = keys.ACTION_BY_NAME[entry.id].group if entry.review_key else menu.replace("&", "")
            rows.append((group, entry.text.replace("&", "").rstrip("…"), bound))
        return rows

    def build_menus(self) -> None:
        """Fill the window's menu bar from the declarations (call once, after every part registered)."""
        bar = self.window.menuBar()
        for title in MENUS:
            if any(e.menu == title for e in self.entries):
                self.menus[title] = bar.addMenu(title)
                self._fill(self.menus[title], title)

    def _fill(self, menu: QMenu, name: str) -> None:
        items = [e for e in self.entries if e.menu == name]
        groups = list(dict.fromkeys(sorted(e.group for e in items)))
        for index, group in enumerate(groups):
            if index:
                menu.addSeparator()
            for entry in (e for e in items if e.group == group):
                if isinstance(entry, Submenu):
                    self.menus[entry.id] = menu.addMenu(entry.title)
                    if entry.fill is not None:
                        self.menus[entry.id].aboutToShow.connect(
                            lambda sub=self.menus[entry.id], fill=entry.fill: fill(sub))
                    self._fill(self.menus[entry.id], entry.id)
                else:
                    menu.addAction(self.actions[entry.id])

    def _make(self, spec: Action) -> QAction:
        action = QAction(spec.text, self.window)
        if spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.checkable:
            action.setCheckable(True)
            action.setChecked(spec.checked)
            action.toggled.connect(spec.callback)
        else:
            action.triggered.connect(lambda _checked=False, callback=spec.callback: callback())
        if spec.review_key:  # the keys act wherever the focus is in the window, also without a menu open
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.window.addAction(action)
        return action
