"""`eqviewer session new|import-labels|stats|copy|check`: create a review session, import archive labels, count
labels, copy a session safely, check a session and recover what a damaged one holds."""

from __future__ import annotations

import argparse
import json

from eqviewer.cli.associate import add_inventory_argument, print_station_changes
from eqviewer.cli.terminal import printable


def register(subparsers) -> None:
    """Add `session` and its sub-commands."""
    parser = subparsers.add_parser("session", help="create a review session, import archive labels, count labels")
    actions = parser.add_subparsers(dest="session_command", metavar="ACTION", required=True)

    new = actions.add_parser("new", help="create a session (*.eqreview) reviewing the given archives")
    new.add_argument("session", help="the session file to create")
    new.add_argument("archives", nargs="+", metavar="ARCHIVE", help="waveform archives to review")
    new.add_argument("--author", help="name recorded with every edit (default: the login name)")
    add_inventory_argument(new)
    new.set_defaults(func=_new)

    imp = actions.add_parser("import-labels", help="import the labels the archives already hold as manual labels")
    imp.add_argument("session")
    imp.set_defaults(func=_import_labels)

    stats = actions.add_parser("stats", help="count labels by phase and status")
    stats.add_argument("session")
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    stats.set_defaults(func=_stats)

    copy = actions.add_parser("copy", help="copy a session with every committed edit (also while it is open)")
    copy.add_argument("session")
    copy.add_argument("destination", help="the new session file (must not exist)")
    copy.set_defaults(func=_copy)

    check = actions.add_parser("check", help="check a session file; say what a damaged one still holds")
    check.add_argument("session")
    check.add_argument("--recover", metavar="DEST", help="copy every readable row into a new session file DEST")
    check.set_defaults(func=_check)


def _new(args: argparse.Namespace) -> int:
    from eqviewer.app.session_setup import new_session

    made = new_session(args.session, args.archives, inventories=args.inventory, author=args.author)
    print_station_changes(made.changes)
    print(printable(f"{args.session}: new session reviewing {made.archives} archive(s), {made.stations}"
                    " station(s) with coordinates"))
    return 0


def _import_labels(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from eqviewer.app.session_setup import import_archive_labels
    from eqviewer.app.sessions import SessionPolicy, open_session

    with open_session(args.session, SessionPolicy.WRITE) as session:
        with tqdm(total=len(session.archives()), unit="archive", desc="import labels") as bar:
            summary = import_archive_labels(session, progress=lambda done, total: bar.update(done - bar.n))
    print(f"{args.session}: imported {summary.picks} picks and {summary.window_labels} record labels"
          f" from {summary.records} records")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from eqviewer.app.session_stats import session_stats
    from eqviewer.app.sessions import SessionPolicy, open_session

    with open_session(args.session, SessionPolicy.READ) as session:
        stats = session_stats(session)
    if args.json:
        print(json.dumps(stats, indent=2))
        return 0
    print(printable(f"session {stats['session']}"))
    for archive in stats["archives"]:
        note = "  (MOVED OR CHANGED since it was added)" if archive["changed"] else ""
        print(printable(f"  archive {archive['path']} [{archive['format']}]{note}"))
    statuses = sorted({s for counts in stats["picks"].values() for s in counts})
    print("picks  " + "".join(f"{s:>11}" for s in statuses) + f"{'total':>11}")
    for phase, counts in stats["picks"].items():
        print(f"{phase:<7}" + "".join(f"{counts.get(s, 0):>11}" for s in statuses) + f"{sum(counts.values()):>11}")
    for label, n in stats["window_labels"].items():
        print(f"label {label}: {n}")
    print("records: " + ", ".join(f"{k} {v}" for k, v in stats["records"].items()))
    print(f"stations with coordinates: {stats['stations_with_coordinates']}; located events: {stats['events']}"
          + (f"; P/S picks no event explains (likely noise): {stats['unassociated_picks']}"
             if stats["unassociated_picks"] is not None else "")
          + (f"; P/S picks left out of association, their stations have no coordinates:"
             f" {stats['picks_without_coordinates']}" if stats["picks_without_coordinates"] else ""))
    return 0


def _copy(args: argparse.Namespace) -> int:
    from eqviewer.app.session_files import copy_session

    size = copy_session(args.session, args.destination)
    print(f"{args.destination}: copy of {args.session} ({size} bytes, every committed edit)")
    return 0


def _check(args: argparse.Namespace) -> int:
    """Print the integrity check and readable rows per table; 0 when sound, 1 when damaged (after --recover too)."""
    from eqviewer.app.session_files import check_session_file

    result = check_session_file(args.session, recover_to=args.recover)
    print(f"{args.session}: " + ("sound" if result.ok else "DAMAGED"))
    for problem in result.problems:
        print(f"  {problem}")
    for table, check in result.tables.items():
        lost = f", {check.unreadable} unreadable" if check.unreadable else ""
        rest = ", the rest of the table cannot be reached" if check.unreadable_rest else ""
        print(f"  {table}: {check.readable} rows readable{lost}{rest}")
    if args.recover:
        print(f"{args.recover}: recovered {sum(t.readable for t in result.tables.values())} rows into a new session")
    elif not result.ok:
        print(f"  `eqviewer session check {args.session} --recover NEW.eqreview` copies what is readable")
    return 0 if result.ok else 1
