"""Writing an output so that a crash leaves either the old output or the new one, never a half-written one.

Every output (an export, ``detect --out``, ``evaluate --json/--report``, a session, downloaded weights, a registered
model folder) is built under a hidden temporary name beside its target, ``.<name>.eqviewer-XXXXXXXX.part``, and
renamed into place:

* A file replaces the old one with one ``rename`` (atomic).
* A folder (the SeisBench export) is swapped with the old one in one step (Linux ``renameat2`` with
  ``RENAME_EXCHANGE``), then the old one, now under the temporary name, is removed. Only where the file system
  cannot exchange (NFS) is the old folder renamed away first, with a moment in which nothing is at the path.
* Several files that belong together (the STEAD HDF5 file and its CSV) are all written first; then a commit record
  ``.<first name>.eqviewer-commit`` listing the renames is written and synced, the renames are made and the record
  is removed. A crash during the renames is completed (rolled forward) by the next write to the same path.

While it is being written, a temporary output is held under an open-file-description lock on its first byte
(``F_OFD_SETLK``: apart from HDF5's ``flock`` and clear of the bytes SQLite locks); temporaries nobody holds and
older than :data:`STALE_AFTER_S` were left by a killed process and are removed before the next write to the same
path. New outputs get the mode an ordinary ``open()``/``mkdir()`` would give (0666/0777 less the umask), not the
0600/0700 of ``mkstemp``/``mkdtemp``. A full disk gives an ExportError, the temporary output removed and the
old output untouched; :func:`require_free_space` refuses a write that cannot fit before it starts.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import resource
import shutil
import struct
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager

from eqviewer.errors import ExportError

TEMP_MARK = ".eqviewer-"
TEMP_SUFFIX = ".part"
COMMIT_SUFFIX = ".eqviewer-commit"
STALE_AFTER_S = 60.0  # an unlocked temporary older than this was left by a process that died
FREE_SPACE_MARGIN = 1.1  # free space asked for beyond an output's estimated size, as a factor ...
FREE_SPACE_SLACK = 1 << 20  # ... and in bytes (file system and HDF5 overheads)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_UMASK_LOCK = threading.Lock()
_FLOCK_STRUCT = "hhqqi4x"  # struct flock: l_type, l_whence, l_start, l_len, l_pid (Linux, 64-bit)


def current_umask() -> int:
    """The process's umask (read from ``/proc/self/status`` where the system has it, else set and restored)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def give_normal_mode(path: str | os.PathLike, folder: bool = False) -> None:
    """Set ``path`` (a new file, or with ``folder`` a new folder) to 0666 (0777) less the umask."""
    os.chmod(path, (0o777 if folder else 0o666) & ~current_umask())


class PendingOutput:
    """A temporary file (or empty folder) beside ``out_path`` that :meth:`commit` renames into place.

    Creating it first completes or removes what a killed earlier write to ``out_path`` left behind. :meth:`discard`
    removes it and leaves ``out_path`` as it was. ExportError (naming ``out_path``) when it cannot be made.
    """

    def __init__(self, out_path: str | os.PathLike, folder: bool = False):
        self.out_path = os.path.abspath(os.fspath(out_path))
        self.folder = folder
        parent = os.path.dirname(self.out_path)
        clean_stale(self.out_path)
        prefix = "." + os.path.basename(self.out_path) + TEMP_MARK
        self._guard: int | None = None
        try:
            if folder:
                self.tmp = tempfile.mkdtemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=parent)
            else:
                handle, self.tmp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=parent)
                os.close(handle)
        except OSError as exc:
            raise ExportError(self.out_path, f"cannot write here: {exc.strerror or exc}") from exc
        try:
            self._guard = os.open(self.tmp, os.O_RDONLY | os.O_CLOEXEC)
            _hold(self._guard)
            give_normal_mode(self.tmp, folder)
        except OSError as exc:
            self.discard()
            raise ExportError(self.out_path, f"cannot write here: {exc.strerror or exc}") from exc

    def commit(self) -> None:
        """Put the finished temporary output in place of ``out_path`` (ExportError, and nothing changed, if not)."""
        try:
            if self.folder:
                _swap_in_folder(self.tmp, self.out_path)
            else:
                os.replace(self.tmp, self.out_path)
        except OSError as exc:
            self.discard()
            raise ExportError(self.out_path, f"cannot write: {exc.strerror or exc}") from exc
        self._release()

    def discard(self) -> None:
        """Remove the temporary output (whatever is left of it); ``out_path`` stays as it was."""
        if os.path.isdir(self.tmp) and not os.path.islink(self.tmp):
            shutil.rmtree(self.tmp, ignore_errors=True)
        elif os.path.lexists(self.tmp):
            try:
                os.remove(self.tmp)
            except OSError:
                pass
        self._release()

    def _release(self) -> None:
        if self._guard is not None:
            os.close(self._guard)  # closing the descriptor drops its lock
            self._guard = None


@contextmanager
def atomic_output(out_path: str | os.PathLike, folder: bool = False) -> Iterator[str]:
    """Yield a temporary path beside ``out_path`` (a file, or an empty folder); on success it replaces ``out_path``.

    On failure the temporary output is removed and ``out_path`` is left as it was; an OSError (a full disk, a
    write error) becomes an ExportError naming ``out_path``.
    """
    out_path = check_target(out_path, folder)
    with atomic_outputs([out_path], folder) as (tmp,):
        yield tmp


@contextmanager
def atomic_outputs(out_paths: Sequence[str | os.PathLike], folder: bool = False) -> Iterator[list[str]]:
    """Like :func:`atomic_output` for files that belong together: all of them are replaced, or none.

    A crash while they are renamed into place leaves a commit record that the next write to the first path
    completes (see the module's docstring).
    """
    outputs: list[PendingOutput] = []
    try:
        for path in out_paths:
            outputs.append(PendingOutput(path, folder))
        try:
            yield [output.tmp for output in outputs]
        except OSError as exc:
            raise ExportError(outputs[0].out_path, f"cannot write: {exc.strerror or exc}") from exc
        if len(outputs) == 1:
            outputs[0].commit()
        else:
            _commit_together(outputs)
    finally:
        for output in outputs:
            output.discard()


def _commit_path(out_path: str) -> str:
    return os.path.join(os.path.dirname(out_path), "." + os.path.basename(out_path) + COMMIT_SUFFIX)


def _commit_together(outputs: list[PendingOutput]) -> None:
    """Rename several finished temporaries into place under a synced commit record (see the module's docstring)."""
    record = _commit_path(outputs[0].out_path)
    renames = [[output.tmp, output.out_path] for output in outputs]
    try:
        with ExitStack() as stack:
            handle = stack.enter_context(open(record, "w+", encoding="utf-8"))
            _hold(handle.fileno())
            json.dump(renames, handle)
            handle.flush()
            os.fsync(handle.fileno())
            _sync_folder(os.path.dirname(record))
            for tmp, out in renames:
                os.replace(tmp, out)
            _sync_folder(os.path.dirname(record))
            os.remove(record)
    except OSError as exc:
        _roll_forward_or_back(record)
        raise ExportError(outputs[0].out_path, f"cannot write: {exc.strerror or exc}") from exc
    for output in outputs:
        output._release()


def _roll_forward_or_back(record: str) -> None:
    """Finish the renames a commit record lists when every temporary is there or in place; else drop the record."""
    try:
        with open(record, encoding="utf-8") as handle:
            renames = json.load(handle)
    except (OSError, ValueError):
        renames = None
    if isinstance(renames, list) and all(isinstance(r, list) and len(r) == 2 for r in renames):
        for tmp, out in renames:
            if os.path.exists(tmp):
                try:
                    os.replace(tmp, out)
                except OSError:
                    break
    try:
        os.remove(record)
    except OSError:
        pass


def clean_stale(out_path: str | os.PathLike) -> list[str]:
    """Complete an interrupted commit and remove the temporaries a killed write to ``out_path`` left; their paths."""
    out_path = os.path.abspath(os.fspath(out_path))
    folder = os.path.dirname(out_path)
    record = _commit_path(out_path)
    if os.path.exists(record) and not _held(record):
        _roll_forward_or_back(record)
    prefix = "." + os.path.basename(out_path) + TEMP_MARK
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        if not (name.startswith(prefix) and name.endswith(TEMP_SUFFIX)):
            continue
        path = os.path.join(folder, name)
        try:
            if now - os.lstat(path).st_mtime < STALE_AFTER_S or _held(path):
                continue
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
        except OSError:
            continue
        removed.append(path)
    return removed


def _lock_request(kind: int) -> bytes:
    return struct.pack(_FLOCK_STRUCT, kind, os.SEEK_SET, 0, 1, 0)


def _hold(fd: int) -> None:
    """Take a shared lock on the first byte of an open file or folder, until the descriptor is closed."""
    fcntl.fcntl(fd, getattr(fcntl, "F_OFD_SETLK", fcntl.F_SETLK), _lock_request(fcntl.F_RDLCK))


def _held(path: str) -> bool:
    """Whether some open handle holds the lock of :func:`_hold` on ``path`` (a write in progress)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        answer = fcntl.fcntl(fd, getattr(fcntl, "F_OFD_GETLK", fcntl.F_GETLK), _lock_request(fcntl.F_WRLCK))
    except OSError:
        return True  # cannot tell: leave it
    finally:
        os.close(fd)
    return struct.unpack(_FLOCK_STRUCT, answer)[0] != fcntl.F_UNLCK


@contextmanager
def hdf5_write_errors(out_path: str | os.PathLike) -> Iterator[None]:
    """Turn the RuntimeError h5py raises when closing a file whose writes failed into an ExportError."""
    try:
        yield
    except RuntimeError as exc:
        raise ExportError(out_path, f"cannot write: {' '.join(str(exc).split())}") from exc


def require_free_space(out_path: str | os.PathLike, needed_bytes: int) -> None:
    """ExportError when the disk ``out_path`` goes to has less than ``needed_bytes`` (plus a margin) free.

    Checked before writing formats whose libraries fail badly on a full disk (HDF5 has crashed the process with
    a segmentation fault when its writes failed). The process's file size limit (``ulimit -f``) counts too.
    """
    out_path = os.path.abspath(os.fspath(out_path))
    needed = int(needed_bytes * FREE_SPACE_MARGIN) + FREE_SPACE_SLACK
    size_limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if size_limit != resource.RLIM_INFINITY and size_limit < needed:
        raise ExportError(out_path, f"about {needed / 1e6:.1f} MB to write, but files may grow to only"
                                    f" {size_limit / 1e6:.1f} MB here (ulimit -f)")
    try:
        free = shutil.disk_usage(os.path.dirname(out_path)).free
    except OSError:
        return  # cannot tell: the write itself will say
    if free < needed:
        raise ExportError(out_path, f"not enough free disk space: about {needed / 1e6:.1f} MB needed,"
                                    f" {free / 1e6:.1f} MB free")


def check_target(out_path: str | os.PathLike, folder: bool = False) -> str:
    """The absolute output path; ExportError when its folder is missing or it exists as the wrong kind."""
    out_path = os.path.abspath(os.fspath(out_path))
    if not os.path.isdir(os.path.dirname(out_path)):
        raise ExportError(out_path, "the folder to write into does not exist")
    if os.path.exists(out_path) and os.path.isdir(out_path) != folder:
        kind = "a folder" if folder else "a file"
        raise ExportError(out_path, f"exists and is not {kind}; choose another output path")
    return out_path


def _swap_in_folder(new: str, out_path: str) -> None:
    """Put a finished folder in place of ``out_path``: one atomic exchange where the system can, then the old
    folder (now at ``new``) is removed."""
    if not os.path.exists(out_path):
        os.replace(new, out_path)
        return
    if not _exchange(new, out_path):
        old = new + ".old" + TEMP_SUFFIX
        os.replace(out_path, old)
        os.replace(new, out_path)
        new = old
    shutil.rmtree(new, ignore_errors=True)


def _exchange(a: str, b: str) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), b)


def _sync_folder(folder: str) -> None:
    """Make the renames in ``folder`` durable (where the system allows syncing a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
