"""`eqviewer event S.eqreview merge|split|move ...`: regroup the picks of located events.

    eqviewer event S merge FIRST SECOND       the picks of both in FIRST (relocated, its id kept); SECOND retired
    eqviewer event S split EVENT PICK...      the picks given off EVENT into a new event; both relocated
    eqviewer event S move PICK EVENT          the arrival of PICK from its event to EVENT; both relocated

Picks are named by id (a corrected pick, or the pick it corrects). Each operation is one undoable edit (the
window's undo takes it back with the locations and magnitudes it changed); the events are located with the
session's velocity model (with the vp/vs and station delays `eqviewer locate --fit-model` fitted). Each changed
event is printed as `eqviewer locate` prints it.
"""

from __future__ import annotations

import argparse

from eqviewer.cli.terminal import printable


def register(subparsers) -> None:
    """Add the `event` sub-command with its merge, split and move operations."""
    parser = subparsers.add_parser("event", help="merge, split or move picks between located events",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("session", help="the review session (*.eqreview)")
    operations = parser.add_subparsers(dest="operation", metavar="OPERATION", required=True)
    merge = operations.add_parser("merge", help="merge SECOND into FIRST")
    merge.add_argument("first", type=int, metavar="FIRST", help="the event that stays")
    merge.add_argument("second", type=int, metavar="SECOND", help="the event merged into it")
    split = operations.add_parser("split", help="split picks off an event into a new one")
    split.add_argument("event", type=int, metavar="EVENT", help="the event to split")
    split.add_argument("picks", type=int, nargs="+", metavar="PICK", help="ids of the picks that leave it")
    move = operations.add_parser("move", help="move one arrival to another event")
    move.add_argument("pick", type=int, metavar="PICK", help="the id of the pick that moves")
    move.add_argument("event", type=int, metavar="EVENT", help="the event it joins")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Apply the operation and print each changed event's new location."""
    from eqviewer.app.event_operations import merge_events, move_arrival, split_event
    from eqviewer.app.location import location_text
    from eqviewer.app.sessions import SessionPolicy, open_session

    with open_session(args.session, SessionPolicy.WRITE) as session:
        if args.operation == "merge":
            origins = [merge_events(session, args.first, args.second)]
        elif args.operation == "split":
            origins = list(split_event(session, args.event, args.picks))
        else:
            origins = list(move_arrival(session, args.pick, args.event))
    for origin in origins:
        print(printable(location_text(origin)))
    return 0
