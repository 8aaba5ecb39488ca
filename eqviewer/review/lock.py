"""Who is writing a session: an exclusive ``flock`` on ``<session>.lock`` that holds the writer's PID and host.

The operating system drops the lock when the writer exits, even on SIGKILL, so a stale lock file never blocks a
session. A second opener (another process, or a second handle in the same process) fails to take the lock and
reads who holds it, to say so.
"""

from __future__ import annotations

import fcntl
import os
import socket


class SessionLock:
    """The write lock of one session file; :meth:`acquire` says whether this handle now holds it."""

    def __init__(self, session_path: str):
        self.path = session_path + ".lock"
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another handle holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
        self._fd = fd
        return True

    def holder(self) -> str:
        """'process PID on HOST' as the lock file says (or 'another process' when it cannot be read)."""
        try:
            with open(self.path, encoding="utf-8") as handle:
                pid, _, host = handle.read().strip().partition(" ")
        except OSError:
            return "another process"
        return f"process {pid} on {host}" if pid else "another process"

    def release(self) -> None:
        """Give the lock back (the file stays; an unlocked file means nobody writes)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
