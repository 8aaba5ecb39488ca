"""eqviewer.resources: the bundled keymap, style sheet, icon and settings, read through importlib.resources."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
from PyQt6.QtCore import QtMsgType, qInstallMessageHandler
from PyQt6.QtGui import QImage, QKeySequence
from PyQt6.QtSvg import QSvgRenderer
from PyQt6.QtWidgets import QPushButton, QTreeView

import eqviewer.resources as resources
from eqviewer.errors import EqviewerError

# The default review keys the analysts asked for.
REQUESTED_KEYS = {
    "set_p_pick": ["P"],
    "set_s_pick": ["S"],
    "accept_pick": ["A", "Return"],
    "reject_pick": ["R", "Delete"],
    "nudge_pick_left": ["Left"],
    "nudge_pick_right": ["Right"],
    "nudge_pick_left_10": ["Shift+Left"],
    "nudge_pick_right_10": ["Shift+Right"],
    "polarity_positive": ["+"],
    "polarity_negative": ["-"],
    "polarity_undecidable": ["0"],
    "onset_impulsive": ["I"],
    "onset_emergent": ["E"],
    "onset_questionable": ["Q"],
    "uncertainty_class_1": ["1"],
    "uncertainty_class_2": ["2"],
    "uncertainty_class_3": ["3"],
    "uncertainty_class_4": ["4"],
    "label_window_earthquake": ["Shift+E"],
    "label_window_noise": ["Shift+N"],
    "label_window_unsure": ["Shift+U"],
    "next_item": ["Space", "J"],
    "previous_item": ["K"],
    "undo": ["Ctrl+Z"],
    "redo": ["Ctrl+Shift+Z"],
    "toggle_filter": ["F"],
    "next_pick": ["Tab"],
}


def test_keymap_has_every_requested_action_and_key():
    keymap = resources.load_keymap()
    for action, keys in REQUESTED_KEYS.items():
        assert action in keymap, f"missing action {action}"
        for key in keys:
            assert key in keymap[action], f"{action}: key {key} missing from {keymap[action]}"


def test_every_default_key_is_one_valid_qt_key_sequence():
    for action, keys in resources.load_keymap().items():
        for key in keys:
            sequence = QKeySequence(key)
            assert sequence.count() == 1 and not sequence.isEmpty(), f"{action}: Qt cannot parse {key!r}"


def test_default_keymap_is_a_fresh_copy():
    keymap = resources.load_keymap()
    keymap["undo"].append("P")
    assert resources.load_keymap()["undo"] == ["Ctrl+Z"]


def test_resources_are_found_through_importlib_resources():
    package = files("eqviewer.resources")
    for name in (resources.KEYMAP_FILE, resources.STYLESHEET_FILE, resources.SETTINGS_FILE, resources.ICON_SVG):
        assert package.joinpath(*name.split("/")).is_file(), name


def test_icon_svg_renders_and_every_png_has_its_size():
    svg = resources.icon_path()
    assert svg.suffix == ".svg" and QSvgRenderer(str(svg)).isValid()
    for size in resources.ICON_SIZES:
        path = resources.icon_path(size)
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size), path
        assert path.stat().st_size < 64 * 1024, f"{path} is larger than an icon needs"


def test_icon_path_picks_the_next_larger_size():
    assert resources.icon_path(20).name == "eqviewer-24.png"
    assert resources.icon_path(1000).name == "eqviewer-512.png"
    with pytest.raises(ValueError):
        resources.icon_path(0)


def test_stylesheet_parses_in_qt_without_warnings(qapp):
    messages: list[str] = []

    def handler(kind, context, message):
        if kind != QtMsgType.QtDebugMsg:
            messages.append(message)

    style = resources.load_stylesheet()
    assert "QStatusBar" in style
    previous = qInstallMessageHandler(handler)
    try:
        qapp.setStyleSheet(style)
        widgets = [QPushButton("accept"), QTreeView()]
        for widget in widgets:
            widget.ensurePolished()
    finally:
        qInstallMessageHandler(previous)
        qapp.setStyleSheet("")
    assert not [m for m in messages if "style" in m.lower()], messages


def test_default_settings_are_sane_and_fresh():
    settings = resources.default_settings()
    assert set(settings) == {"window", "filter", "colours", "picking", "review_queue", "event_section"}  # each read
    for name, colour in settings["colours"].items():
        if name != "attention_colormap":
            assert re.fullmatch(r"#[0-9a-fA-F]{6}", colour), (name, colour)
    assert sorted(settings["picking"]["uncertainty_classes_s"]) == ["1", "2", "3", "4"]
    settings["window"]["width"] = 1
    assert resources.default_settings()["window"]["width"] != 1


def test_a_missing_or_broken_resource_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    with pytest.raises(EqviewerError, match="keymap.json.*missing"):
        resources.load_keymap()
    (tmp_path / "keymap.json").write_text('{"undo": "Ctrl+Z"}', encoding="utf-8")
    with pytest.raises(EqviewerError, match="keymap.json.*'undo' needs a list"):
        resources.load_keymap()
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(EqviewerError, match="settings.json.*cannot read"):
        resources.default_settings()
