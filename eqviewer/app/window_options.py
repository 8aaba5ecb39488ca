"""What `eqviewer open` asks of the review window: archives, a session, a model run, a screenshot."""

from __future__ import annotations

from dataclasses import dataclass, field

WINDOW_ENTRY_POINTS = "eqviewer.faces"
"""The entry-point group in which the package names its review window (``window = eqviewer.gui.app:run``): the
command line starts the window through it, without importing Qt or the window's modules."""


@dataclass
class OpenOptions:
    """What `eqviewer open` asks for: ``paths`` to open (archives, sessions), the ``session`` to use, whether to run
    the model on every record, a PNG to render instead of showing the window (``screenshot``, at ``size``), ObsPy's
    example record, and station metadata to store in the session."""

    paths: list[str] = field(default_factory=list)
    session: str | None = None
    run_model: bool = False
    screenshot: str | None = None
    size: tuple[int, int] | None = None
    example: bool = False
    inventory: list[str] = field(default_factory=list)


def window_starter():
    """The review window's ``run(OpenOptions) -> int``, found through :data:`WINDOW_ENTRY_POINTS`.
    EqviewerError when the window is not installed or cannot be imported (Qt libraries missing)."""
    from importlib.metadata import entry_points

    from eqviewer.errors import EqviewerError

    found = list(entry_points(group=WINDOW_ENTRY_POINTS, name="window"))
    if not found:
        raise EqviewerError(None, "the review window is not installed with this eqviewer (reinstall: pip install .)")
    try:
        return found[0].load()
    except ImportError as exc:  # Qt libraries missing on this machine
        raise EqviewerError(None, f"the review window needs PyQt6 and pyqtgraph: {exc}") from exc
