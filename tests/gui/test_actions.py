"""The action registry: menus built from the parts' declarations (grouped, with separators and submenus), review
keys bound from a keymap, an id declared twice refused."""

from __future__ import annotations

import pytest
from PyQt6.QtWidgets import QMainWindow

from eqviewer.gui import keymap as keys
from eqviewer.gui.actions import EDIT_MENU, FILE_MENU, HELP_MENU, Action, ActionRegistry, Submenu, review_key_actions


def test_menus_follow_the_declarations_and_review_keys_the_keymap(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    registry = ActionRegistry(window)
    called = []
    filled = []
    handlers = {spec.name: (lambda name=spec.name: called.append(name)) for spec in keys.ACTIONS}
    registry.register(
        Action("quit", "Quit", lambda: called.append("quit"), FILE_MENU, "2_end", "Ctrl+Q"),
        Action("open", "Open", lambda: called.append("open"), FILE_MENU, "1_open"),
        Submenu("recent", "Recent", FILE_MENU, "1_open", lambda menu: filled.append(menu)),
        Action("old", "Old file", lambda: called.append("old"), "recent"),
        *review_key_actions(handlers))
    registry.build_menus()
    assert [m.title() for m in registry.menus.values() if m.parent() is window.menuBar()] == [
        FILE_MENU, EDIT_MENU, HELP_MENU]
    file_items = [a.text() or "|" for a in registry.menus[FILE_MENU].actions()]
    assert file_items == ["Open", "Recent", "|", "Quit"]
    assert [a.text() for a in registry.menus["recent"].actions()] == ["Old file"]
    registry.menus["recent"].aboutToShow.emit()
    assert filled == [registry.menus["recent"]]
    assert registry["quit"].shortcut().toString() == "Ctrl+Q"
    registry["open"].trigger()
    registry["accept_pick"].trigger()
    assert called == ["open", "accept_pick"]
    assert list(registry.review_actions()) == [spec.name for spec in keys.ACTIONS]
    assert [a.text() for a in registry.menus[HELP_MENU].actions()] == [keys.ACTION_BY_NAME["help"].text]
    registry.apply_keymap({**keys.default_keymap(), "accept_pick": ["X", "Return"]})
    assert [k.toString() for k in registry["accept_pick"].shortcuts()] == ["X", "Return"]


def test_an_id_declared_twice_and_a_missing_review_key_are_refused(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    registry = ActionRegistry(window)
    registry.register(Action("open", "Open", lambda: None, FILE_MENU))
    with pytest.raises(ValueError, match="'open' is declared twice"):
        registry.register(Submenu("open", "Open", FILE_MENU))
    with pytest.raises(ValueError, match="without a callback: \\['undo'\\]"):
        review_key_actions({spec.name: print for spec in keys.ACTIONS if spec.name != "undo"})
