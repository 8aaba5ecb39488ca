"""`eqviewer detect ... --session S --scheduler local|tcp://HOST:PORT [--workers N]`: the same detection run as
station-day tasks on Dask, written into the session as they finish; a rerun resumes (see eqviewer.distributed)."""

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
             " (needs --session; rerunning resumes)",
    )
    parser.add_argument("--workers", type=positive_int, metavar="N", help="worker processes of --scheduler local (default: one per core)")


def run_on_cluster(args: argparse.Namespace) -> int:
    """Detect on Dask into ``args.session``; 0, or 130 after Ctrl+C (the tasks stored so far are kept)."""
    from tqdm import tqdm

    try:
        from eqviewer.distributed import run_distributed
    except ModuleNotFoundError as exc:
        raise EqviewerError(None, f"--scheduler needs Dask ({exc.name} is missing): pip install 'eqviewer[cluster]'") from None
    from eqviewer.cli.detect import _open_session, settings_from
    from eqviewer.distributed.cluster import check_scheduler
    from eqviewer.io import open_archive

    if not args.session:
        raise EqviewerError(None, "--scheduler needs --session: results go into a review session as tasks finish")
    if args.out:
        raise EqviewerError(None, "--scheduler writes into --session only; use `eqviewer export` for files")
    check_scheduler(args.scheduler)
    settings = settings_from(args)
    # Absolute paths: workers on other hosts or in other folders open the same archive (a shared file system).
    paths = [os.path.abspath(p) if os.path.exists(p) else p for p in args.paths]
    sources = [open_archive(p, format=args.format, start=args.start, end=args.end) for p in paths]
    session = _open_session(args.session, paths)
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
                        workers=args.workers, device=args.device, progress=progress)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        bar.close()
        session.close()
        for source in sources:
            source.close()
    summary = latest[-1] if latest else None
    picks = summary.picks if summary else 0
    for line in summary.errors if summary else ():
        print(f"eqviewer detect: skipped a task: {line}", file=sys.stderr)
    state = "interrupted: kept" if interrupted else "wrote"
    done = f"{summary.done} tasks, {summary.skipped} already done" if summary else "0 tasks"
    print(f"eqviewer detect: {state} {picks} picks into {args.session} ({done})", file=sys.stderr)
    return 130 if interrupted else 0
