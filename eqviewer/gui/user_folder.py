"""The app's folder in the user's data folder: default sessions, retraining reports, the error log, the example."""

from __future__ import annotations

import os

from PyQt6.QtCore import QStandardPaths


def user_data_folder() -> str:
    """The app's folder in the user's data folder (sessions, retraining reports, the error log)."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation) or os.path.expanduser(
        "~/.local/share/eqviewer")
