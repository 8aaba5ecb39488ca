"""`eqviewer locate S.eqreview`: relocate a session's events from their current picks after review.

Each event is located anew from where it is, with the velocity model it was located with, on the current picks of
its arrivals: corrected picks in place of those they correct, rejected picks and arrivals excluded in the window
left out. The event keeps its id; each relocation is one undoable edit. --fixed-depth holds the depth (its error
then reads "fixed").

--fit-model first fits vp/vs (Wadati diagram) and per-station P and S delays to the reviewed (committed) events, or
to every event with --all-events, prints them with their spread and stores them in the session: this and every
later location there (locate, the window's relocations, associate) uses them.
"""

from __future__ import annotations

import argparse
import sys

from eqviewer.cli.terminal import printable


def register(subparsers) -> None:
    """Add the `locate` sub-command."""
    parser = subparsers.add_parser("locate", help="relocate events from their reviewed picks", description=__doc__)
    parser.add_argument("session", help="the review session (*.eqreview)")
    parser.add_argument("--event", type=int, metavar="ID", help="relocate this event only (default: every event)")
    parser.add_argument("--fixed-depth", type=float, metavar="KM", help="hold the depth at KM below sea level")
    parser.add_argument("--fit-model", action="store_true",
                        help="fit vp/vs and station delays to the reviewed events first, and use them from now on")
    parser.add_argument("--all-events", action="store_true",
                        help="with --fit-model: fit to every located event, not only the reviewed ones")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Relocate the session's events (or one) and print each new location; status 1 when one could not be."""
    from eqviewer.app.location import location_text, relocate_all, relocate_event
    from eqviewer.app.model_fit import fit_velocity_model, model_fit_lines
    from eqviewer.app.sessions import SessionPolicy, open_session

    if args.all_events and not args.fit_model:
        print("eqviewer locate: --all-events goes with --fit-model", file=sys.stderr)
        return 2
    with open_session(args.session, SessionPolicy.WRITE) as session:
        if args.fit_model:
            for line in model_fit_lines(fit_velocity_model(session, args.all_events)):
                print(printable(line))
        if args.event is not None:
            origins, problems = [relocate_event(session, args.event, args.fixed_depth)], []
        else:
            origins, problems = relocate_all(session, args.fixed_depth)
    for origin in origins:
        print(printable(location_text(origin)))
    for problem in problems:
        print(printable(f"eqviewer locate: {problem}"), file=sys.stderr)
    return 1 if problems else 0
