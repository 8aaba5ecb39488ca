"""Who is writing a session: an exclusive ``flock`` on the session file itself.

The lock belongs to the file's identity (its device and inode), not to the name it was opened by: a second opener
through a hard link, a symlink or another path of the same file finds it taken, and no lock file beside the session
can be deleted to bypass it (nor is one ever left beside a file that turns out not to be a session). ``flock`` locks
are separate from the ``fcntl`` record locks SQLite takes on the same file, so the two never disturb each other.
The operating system drops the lock when the writer exits, even on SIGKILL. A second opener (another process, or a
second handle in the same process) fails to take the lock and finds the holder's process id in ``/proc/locks``.
"""

from __future__ import annotations

import fcntl
import os

PROC_LOCKS = "/proc/locks"


class SessionLock:
    """The write lock of one session file; :meth:`acquire` says whether this handle now holds it."""

    def __init__(self, session_path: str):
        self.path = session_path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another handle holds it."""
        fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def holder(self) -> str:
        """'process PID' of the process holding the lock (or 'another process' when the system does not say)."""
        try:
            info = os.stat(self.path)
            with open(PROC_LOCKS, encoding="ascii", errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            return "another process"
        pids = _flock_holders(lines, info.st_dev, info.st_ino)
        others = [pid for pid in pids if pid != os.getpid()]
        if others:
            return f"process {others[0]}"
        return "another handle of this process" if pids else "another process"

    def release(self) -> None:
        """Give the lock back."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _flock_holders(lines: list[str], device: int, inode: int) -> list[int]:
    """Process ids holding a FLOCK on the file (device, inode), from the lines of ``/proc/locks``.

    A line reads ``1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF`` (device as major:minor in hex).
    """
    wanted = f"{os.major(device):02x}:{os.minor(device):02x}:{inode}"
    pids = []
    for line in lines:
        fields = line.split()
        if "->" in fields:  # a waiter, not a holder
            continue
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == wanted:
            try:
                pids.append(int(fields[4]))
            except ValueError:
                continue
    return pids
