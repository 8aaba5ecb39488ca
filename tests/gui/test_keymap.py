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
