"""Change callbacks for the application layer's objects: a tiny, Qt-free stand-in for a Qt signal."""

from __future__ import annotations

from collections.abc import Callable


class Callbacks:
    """Functions to call when something happened; each gets the arguments :meth:`fire` is given.

    A front end subscribes with :meth:`connect` (a Qt window connects methods that redraw widgets); the object
    that owns the callbacks fires them after its state has changed, in the thread that changed it.
    """

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., None]] = []

    def connect(self, callback: Callable[..., None]) -> None:
        """Call ``callback`` on every :meth:`fire` from now on."""
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., None]) -> None:
        """Stop calling ``callback`` (nothing happens when it was not connected)."""
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def fire(self, *args) -> None:
        """Call every connected callback with ``args``, in the order they were connected."""
        for callback in list(self._callbacks):
            callback(*args)
