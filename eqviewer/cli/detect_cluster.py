"""`eqviewer detect ... --scheduler local|tcp://HOST:PORT [--workers N]`: the same detection run as station-day
tasks on Dask; results go, as tasks finish, into --session (a rerun resumes, see eqviewer.distributed), to --out
(CSV or QuakeML), or as CSV to stdout, as without Dask."""

from __future__ import annotations

import argparse
import os
import sys

from eqviewer.cli.arguments import positive_int
from eqviewer.errors import EqviewerError


def add_cluster_arguments(parser: argparse.ArgumentParser) -> None:
    """The --scheduler and --workers options of `detect`."""
    parser.add_argument(
        "--scheduler", metavar="local|tcp://HOST:PORT",
        help="run station-day tasks on Dask: 'local' starts worker processes here, tcp://HOST:PORT joins a cluster"
             " (with --session, rerunning resumes)",
    )
    parser.add_argument("--workers", type=positive_int, metavar="N", help="worker processes of --scheduler local (default: one per core)")


def run_on_cluster(args: argparse.Namespace) -> int:
    """Detect on Dask into ``args.session`` and/or ``args.out`` (CSV to stdout without either); 0, or 130 after
    Ctrl+C (the tasks stored and the picks written so far are kept)."""
    from tqdm import tqdm

    try:
        from eqviewer.distributed import run_distributed
    except ModuleNotFoundError as exc:
        raise EqviewerError(None, f"--scheduler needs Dask ({exc.name} is missing): pip install 'eqviewer[cluster]'") from None
    from eqviewer.cli.detect import _open_session, settings_from
    from eqviewer.detect.writers import PickWriter
    from eqviewer.distributed.cluster import check_scheduler
    from eqviewer.io import open_archive
    from eqviewer.review.detection_results import store_detections

    check_scheduler(args.scheduler)
    settings = settings_from(args)
    # Absolute paths: workers on other hosts or in other folders open the same archive (a shared file system).
    paths = [os.path.abspath(p) if os.path.exists(p) else p for p in args.paths]
    sources = [open_archive(p, format=args.format, start=args.start, end=args.end) for p in paths]
    writer = PickWriter(args.out) if args.out else (None if args.session else PickWriter("-", sys.stdout))
    try:
        session = _open_session(args.session, paths) if args.session else None
    except BaseException:
        _discard(writer)
        raise

    def store(batch) -> None:
        if session is not None:
            store_detections(session, batch)
        if writer is not None:
            writer.write(batch.picks)

    bar = tqdm(unit="station-day", file=sys.stderr, disable=None, dynamic_ncols=True)
    latest = []

    def progress(summary) -> None:
        if not latest:
            bar.reset(total=summary.units_total)
        latest[:] = [summary]
        bar.n = summary.units_done
        bar.set_postfix_str(f"{summary.picks} picks, {summary.skipped} tasks already done")
        bar.refresh()

    interrupted = False
    try:
        run_distributed(sources, session, model=args.model, settings=settings, scheduler=args.scheduler,
                        workers=args.workers, device=args.device, progress=progress, store=store)
    except KeyboardInterrupt:
        interrupted = True
    except BaseException:
        _discard(writer)
        raise
    finally:
        bar.close()
        if session is not None:
            session.close()
        for source in sources:
            source.close()
    if writer is not None:
        writer.close()
    summary = latest[-1] if latest else None
    picks = summary.picks if summary else 0
    for line in summary.errors if summary else ():
        print(f"eqviewer detect: skipped a task: {line}", file=sys.stderr)
    state = "interrupted: kept" if interrupted else "wrote"
    done = f"{summary.done} tasks, {summary.skipped} already done" if summary else "0 tasks"
    where = " and ".join(f"{verb} {path}" for verb, path in (("to", args.out), ("into", args.session)) if path)
    print(f"eqviewer detect: {state} {picks} picks{' ' + where if where else ''} ({done})", file=sys.stderr)
    return 130 if interrupted else 0


def _discard(writer) -> None:
    """Drop an output file that was not finished (nothing appears at --out)."""
    if writer is not None and writer.path != "-":
        writer.discard()
