"""Running fuzzed cases, shared by the fuzz tests (waveform archives, station inventories, association inputs):
each case runs under an alarm (still running after :data:`CASE_TIMEOUT_S` is a hang) and every failure becomes one
line naming the case and, for an exception, where it was raised."""

from __future__ import annotations

import hashlib
import signal
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

CASE_TIMEOUT_S = 30  # a case still running after this is a hang
Case = TypeVar("Case")


class Hang(Exception):
    """A case ran past CASE_TIMEOUT_S."""


def _on_alarm(signum, frame):
    raise Hang(f"still running after {CASE_TIMEOUT_S} s")


def digest(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file below ``folder`` (to show that no case changed its input)."""
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cases(cases: Iterable[tuple[str, Case]], check: Callable[[str, Case], str | None]) -> list[str]:
    """Run ``check(name, case)`` on every case, each under the alarm; the failures, one line each: what ``check``
    returned (a failure it saw), or an exception it raised (a traceback a user would see, or a hang)."""
    failures = []
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        for name, case in cases:
            signal.alarm(CASE_TIMEOUT_S)
            try:
                failure = check(name, case)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # SystemExit too: a command must return its status, not exit
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                failure = f"{name}: {type(exc).__name__}: {str(exc)[:200]} ({frame.filename}:{frame.lineno})"
            finally:
                signal.alarm(0)
            if failure:
                failures.append(failure)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return failures
