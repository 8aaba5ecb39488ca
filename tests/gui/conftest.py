"""Fixtures of the GUI tests: a private QSettings file and user data folder per test, and an open main window."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QSettings


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """QSettings in a file of this test only (never the user's)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path, monkeypatch):
    """Default sessions and the example record go to this test's folder, not the user's data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


@pytest.fixture
def window(qtbot, settings):
    """A shown main window; closed (session released) at the end of the test."""
    from eqviewer.gui.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
