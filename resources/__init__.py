"""The application's bundled files: icon, Qt style sheet, default settings and default keymap.

This folder is installed as the package ``eqviewer.resources`` (a setuptools ``package-dir`` mapping), so
``from eqviewer.resources import load_keymap`` works the same from a wheel, an editable install and a
PyInstaller build: every file is found through :mod:`importlib.resources`, never through ``__file__`` or the
current directory. Nothing here imports Qt.

A missing or unreadable bundled file means a broken installation; it raises
:class:`eqviewer.errors.EqviewerError` naming the file.
"""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from eqviewer.errors import EqviewerError

#: The application's freedesktop/AppStream id: the .desktop file is ``APP_ID + ".desktop"`` and the installed icon
#: is named ``APP_ID``; the GUI passes it to ``QGuiApplication.setDesktopFileName`` so desktops match windows to it.
APP_ID = "org.eqviewer.eqviewer"

#: Pixel sizes of the PNG renderings of the application icon (the SVG is the source of all of them).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

KEYMAP_FILE = "keymap.json"
STYLESHEET_FILE = "style.qss"
SETTINGS_FILE = "settings.json"
ICON_SVG = "icons/eqviewer.svg"


def _resource(name: str) -> Traversable:
    """The bundled file ``name`` (a '/'-separated path inside this package); raises if it is not there."""
    resource = files(__name__).joinpath(*name.split("/"))
    if not resource.is_file():
        raise EqviewerError(str(resource), "bundled resource file is missing (broken installation?)")
    return resource


def _read_json(name: str) -> dict:
    """A bundled JSON object, with the keys that start with '_' (comments) left out."""
    resource = _resource(name)
    try:
        data = json.loads(resource.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EqviewerError(str(resource), f"cannot read bundled JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise EqviewerError(str(resource), "bundled JSON is not an object")
    return {key: value for key, value in data.items() if not key.startswith("_")}


def load_keymap() -> dict[str, list[str]]:
    """The default review keys: action name -> the key sequences that trigger it.

    Each key sequence is Qt's portable text (``"Shift+E"``, ``"Ctrl+Shift+Z"``, ``"Return"``), ready for
    ``QKeySequence(text)``; an action may have several (``accept_pick``: A, Return, Enter), so use
    ``QAction.setShortcuts([QKeySequence(k) for k in keys])``. :func:`eqviewer.gui.keymap.default_keymap` checks
    them against the review actions and for conflicts. A fresh dict is returned on each call.
    """
    keymap = _read_json(KEYMAP_FILE)
    for action, keys in keymap.items():
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) and k for k in keys):
            raise EqviewerError(str(_resource(KEYMAP_FILE)), f"action {action!r} needs a list of key sequences")
    return keymap


def load_stylesheet() -> str:
    """The Qt style sheet of the application, for ``QApplication.setStyleSheet``."""
    resource = _resource(STYLESHEET_FILE)
    try:
        return resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EqviewerError(str(resource), f"cannot read bundled style sheet: {exc}") from exc


def icon_path(size: int | None = None) -> Path:
    """The application icon: the SVG for ``size=None``, else the PNG of the smallest bundled size >= ``size``.

    Sizes above 512 get the 512-pixel PNG. The path is a real file on disk (wheel, editable install and
    PyInstaller folder all install resources as plain files), usable with ``QIcon(str(path))``.
    """
    if size is None:
        name = ICON_SVG
    else:
        if size <= 0:
            raise ValueError(f"icon size must be positive, not {size}")
        chosen = next((s for s in ICON_SIZES if s >= size), ICON_SIZES[-1])
        name = f"icons/eqviewer-{chosen}.png"
    return Path(str(_resource(name)))


def default_settings() -> dict:
    """The default application settings (window size, view filter presets, colours, pick uncertainty classes,
    the review queue's first sort order), which the app reads instead of keeping copies; a fresh dict.

    The GUI keeps the user's own choices in QSettings.
    """
    return _read_json(SETTINGS_FILE)
