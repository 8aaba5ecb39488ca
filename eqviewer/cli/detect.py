"""`eqviewer detect PATH...`: find earthquakes and pick P and S in archives of any length.

Picks go to a CSV or QuakeML file (--out), into a review session as automatic picks (--session), or as CSV to
stdout. A progress bar on stderr shows records and windows per second; Ctrl+C stops cleanly and keeps the picks
found so far. A record that cannot be read (a damaged file among good ones) is skipped with a warning naming it;
the other records' picks are written and the exit status is 3 (0 when every record was read). With --scheduler the
same run goes as station-day tasks on Dask; results go, as tasks finish, into --session (a rerun resumes) and/or
--out. The run itself is :func:`eqviewer.app.detection.detect`.
"""

from __future__ import annotations

import argparse
import sys

from eqviewer.app.association import add_station_metadata
from eqviewer.app.detection import DetectRequest, detect
from eqviewer.app.sessions import SessionPolicy, open_session
from eqviewer.cli.associate import (add_association_arguments, add_inventory_argument, associate_into,
                                    print_station_changes)
from eqviewer.cli.detect_arguments import (
    add_cluster_arguments,
    add_engine_arguments,
    add_picking_arguments,
    settings_from,
)
from eqviewer.cli.terminal import printable
from eqviewer.errors import EqviewerError

EXIT_SKIPPED = 3  # the run finished, but some records could not be read and were skipped


def register(subparsers) -> None:
    """Add the `detect` sub-command."""
    parser = subparsers.add_parser("detect", help="detect earthquakes and pick P and S", description=__doc__)
    add_engine_arguments(parser)
    parser.add_argument("--out", metavar="FILE", help="write picks to FILE.csv or FILE.xml (QuakeML)")
    parser.add_argument("--session", metavar="S.eqreview", help="add the picks to this review session (created if missing)")
    add_picking_arguments(parser)
    parser.add_argument("--attention", action="store_true", help="also stitch the attention maps (into the session)")
    add_cluster_arguments(parser)
    parser.add_argument("--associate", action="store_true",
                        help="then associate the session's picks into located events (needs --session)")
    add_inventory_argument(parser)
    add_association_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Detect over every archive; returns 0, :data:`EXIT_SKIPPED` when unreadable records were skipped, or 130
    after Ctrl+C (the picks found so far are kept)."""
    from tqdm import tqdm

    if (args.associate or args.inventory) and not args.session:
        raise EqviewerError(None, "--associate and --inventory store events and stations in a review session:"
                                  " give --session S.eqreview")
    request = DetectRequest(
        paths=list(args.paths), settings=settings_from(args), model=args.model, session=args.session,
        out=args.out or (None if args.session else "-"), stream=sys.stdout, format=args.format, start=args.start,
        end=args.end, device=args.device, scheduler=args.scheduler, workers=args.workers,
    )
    unit = "station-day" if args.scheduler else "win"
    bar = tqdm(unit=unit, file=sys.stderr, disable=None, dynamic_ncols=True)

    def progress(done: float, total: float, text: str) -> None:
        if bar.total != total:
            bar.reset(total=total)
        bar.n = done
        bar.set_postfix_str(printable(text), refresh=False)
        bar.refresh()

    def warn(text: str) -> None:
        bar.write(f"eqviewer detect: warning: {printable(text)}", file=sys.stderr)

    try:
        outcome = detect(request, progress, warn)
    finally:
        bar.close()
    for line in outcome.task_errors:
        print(printable(f"eqviewer detect: skipped a task: {line}"), file=sys.stderr)
    _print_summary(args, outcome)
    if outcome.interrupted:
        return 130
    status = _associate_after(args)
    return EXIT_SKIPPED if outcome.skipped and status == 0 else status


def _print_summary(args: argparse.Namespace, outcome) -> None:
    """One line on stderr: picks found, written to the pick file and stored (new) in the session, and the run's
    speed (or its tasks, on Dask)."""
    line = _picks_text(args, outcome)
    if args.scheduler:
        line += f" ({outcome.tasks_done} tasks, {outcome.tasks_skipped} already done)"
    else:
        unread = f"; skipped {outcome.skipped} unreadable of {outcome.records} records" if outcome.skipped else ""
        rate = outcome.windows / max(outcome.seconds, 1e-9)
        line += (f"; {outcome.windows} picker windows in {outcome.seconds:.1f} s"
                 f" ({rate:.0f} windows/s, model loading included){unread}")
    print(printable(f"eqviewer detect: {line}"), file=sys.stderr)


def _picks_text(args: argparse.Namespace, outcome) -> str:
    """"wrote N picks to OUT" or "found N picks", then what the session took: picks on arrivals the analyst
    reviewed already are found (and written) but not stored again."""
    if outcome.interrupted:
        text = f"interrupted: kept {outcome.picks} picks" + (f" in {args.out}" if args.out else "")
    else:
        text = f"wrote {outcome.picks} picks to {args.out}" if args.out else f"found {outcome.picks} picks"
    if args.session:
        reviewed = outcome.picks - outcome.stored
        text += (f", stored {outcome.stored} new in {args.session}"
                 + (f" ({reviewed} already reviewed there)" if reviewed > 0 else ""))
    return text


def _associate_after(args: argparse.Namespace) -> int:
    """`--associate` (and `--inventory`): store station coordinates and associate the session's picks."""
    if not (args.associate or args.inventory):
        return 0
    with open_session(args.session, SessionPolicy.OPEN_OR_CREATE, archives=list(args.paths)) as session:
        if args.associate:
            associate_into(session, args)
        else:
            print_station_changes(add_station_metadata(session, args.inventory).changes)
    return 0
