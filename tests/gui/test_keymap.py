"""The review keymap: issue 6 defaults, conflict check, persistence in QSettings."""

from __future__ import annotations

import pytest

from eqviewer.gui import keymap as keys

ISSUE_KEYS = {  # issue 6, section 3
    "set_p_pick": ["P"], "set_s_pick": ["S"], "accept_pick": ["A", "Return"], "reject_pick": ["R", "Delete"],
    "nudge_pick_left": ["Left"], "nudge_pick_right_10": ["Shift+Right"], "polarity_positive": ["+"],
    "polarity_negative": ["-"], "polarity_undecidable": ["0"], "onset_impulsive": ["I"], "onset_emergent": ["E"],
    "onset_questionable": ["Q"], "uncertainty_class_1": ["1"], "uncertainty_class_4": ["4"],
    "label_window_earthquake": ["Shift+E"], "label_window_noise": ["Shift+N"], "label_window_unsure": ["Shift+U"],
    "next_item": ["Space", "J"], "previous_item": ["K"], "undo": ["Ctrl+Z"], "redo": ["Ctrl+Shift+Z"],
    "toggle_filter": ["F"], "next_pick": ["Tab"],
}


def test_defaults_are_the_issue_keys_without_conflicts():
    keymap = keys.default_keymap()
    for action, wanted in ISSUE_KEYS.items():
        have = {keys.normalise(k) for k in keymap[action]}
        assert {keys.normalise(k) for k in wanted} <= have, action
    assert keys.conflicts(keymap) == {}


def test_conflict_is_found_and_refused(settings):
    keymap = keys.default_keymap()
    keymap["accept_pick"] = ["p"]  # lower case: the same key as set_p_pick
    assert keys.conflicts(keymap) == {"P": ["set_p_pick", "accept_pick"]}
    with pytest.raises(ValueError, match="P is bound to set_p_pick, accept_pick"):
        keys.write_keymap(settings, keymap)
    assert keys.read_keymap(settings) == keys.default_keymap()


def test_remapping_survives_in_settings(settings):
    keymap = keys.default_keymap()
    keymap["accept_pick"] = ["X", "Return"]
    keys.write_keymap(settings, keymap)
    settings.sync()
    assert keys.read_keymap(settings)["accept_pick"] == ["X", "Return"]
    assert keys.read_keymap(settings)["reject_pick"] == keys.default_keymap()["reject_pick"]


def test_defaults_come_from_the_bundled_keymap_and_must_match_the_actions(monkeypatch):
    from eqviewer import resources
    from eqviewer.errors import EqviewerError

    bundled = resources.load_keymap()
    assert keys.default_keymap() == {spec.name: bundled[spec.name] for spec in keys.ACTIONS}
    monkeypatch.setattr(keys, "load_keymap", lambda: {**bundled, "undo": ["U"]})
    assert keys.default_keymap()["undo"] == ["U"]
    monkeypatch.setattr(keys, "load_keymap", lambda: {k: v for k, v in bundled.items() if k != "help"} | {"zap": ["Z"]})
    with pytest.raises(EqviewerError, match=r"keymap.json: .*no keys for: help; unknown actions: zap"):
        keys.default_keymap()


def test_uncertainty_classes_come_from_the_settings():
    from eqviewer import resources

    classes = resources.default_settings()["picking"]["uncertainty_classes_s"]
    assert keys.UNCERTAINTY_CLASSES_S == {int(k): v for k, v in classes.items()}
    assert keys.ACTION_BY_NAME["uncertainty_class_4"].text.endswith(f"({classes['4']:g} s)")


def test_a_review_key_may_not_take_a_menu_actions_key():
    keymap = keys.default_keymap()
    keymap["accept_pick"] = ["X"]
    fixed = {"exclude_station": ["X"], "reassociate": ["Ctrl+Shift+A"]}
    assert keys.conflicts(keymap, fixed) == {"X": ["exclude_station", "accept_pick"]}
    assert keys.conflicts(keys.default_keymap(), fixed) == {}  # the menu actions' own keys are not judged here
