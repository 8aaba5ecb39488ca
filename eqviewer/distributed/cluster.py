"""Connecting to Dask: a LocalCluster of worker processes on this machine, or an existing scheduler."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from eqviewer.errors import EqviewerError


def default_workers() -> int:
    """One worker process per CPU core this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def check_scheduler(scheduler: str) -> None:
    """EqviewerError unless ``scheduler`` is "local" or a scheduler address (tcp://HOST:PORT or tls://...)."""
    if scheduler != "local" and not scheduler.startswith(("tcp://", "tls://")):
        raise EqviewerError(None, f"--scheduler must be 'local' or tcp://HOST:PORT, got {scheduler!r}")


@contextmanager
def open_client(scheduler: str, workers: int | None = None) -> Iterator:
    """A ``distributed.Client``: "local" starts a LocalCluster of ``workers`` single-threaded worker processes
    (default: one per core) talking TCP on 127.0.0.1, closed on exit; "tcp://HOST:PORT" connects to a running
    scheduler (its workers are started with ``dask worker tcp://HOST:PORT``). EqviewerError when it cannot."""
    from distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
            host="127.0.0.1", protocol="tcp://", dashboard_address=None,
        )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    check_scheduler(scheduler)
    try:
        client = Client(scheduler, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise EqviewerError(None, f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    with client:
        yield client
