"""`eqviewer associate S.eqreview`: associate a session's picks across stations into located events (PyOcto).

Events replace the session's earlier ones as one undoable edit; picks no event explains are marked unassociated
(likely noise). Station coordinates come from --inventory (StationXML or any file or folder ObsPy reads), from
earlier --inventory options stored in the session, or from the metadata of dataset archives.
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    """Add the `associate` sub-command."""
    parser = subparsers.add_parser("associate", help="associate picks into located events (PyOcto)",
                                   description=__doc__)
    parser.add_argument("session", help="the review session (*.eqreview)")
    add_inventory_argument(parser)
    add_association_arguments(parser)
    parser.set_defaults(func=run)


def add_inventory_argument(parser: argparse.ArgumentParser) -> None:
    """--inventory, which `session new`, `detect`, `open` and `associate` share."""
    parser.add_argument("--inventory", action="append", default=[], metavar="PATH",
                        help="station metadata (StationXML or anything ObsPy reads; a file or a folder); repeatable")


def add_association_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the association (shared with `detect --associate`)."""
    from eqviewer.associate.settings import AssociationSettings

    defaults = AssociationSettings()
    parser.add_argument("--velocity-model", default="vp=6.0,vs=3.5", metavar="vp=X,vs=Y|FILE",
                        help="homogeneous velocities in km/s, or a file of 'depth vp vs' layers (default %(default)s)")
    for option, field, text in (("--min-picks", "min_picks", "picks an event needs"),
                                ("--min-p-picks", "min_p_picks", "P picks an event needs"),
                                ("--min-s-picks", "min_s_picks", "S picks an event needs"),
                                ("--min-p-and-s", "min_p_and_s", "stations with both P and S an event needs")):
        parser.add_argument(option, type=int, metavar="N", help=f"{text} (default {getattr(defaults, field)})")
    parser.add_argument("--tolerance", type=float, metavar="S",
                        help=f"largest travel-time residual of an associated pick (default {defaults.tolerance_s} s)")
    parser.add_argument("--max-depth", type=float, metavar="KM",
                        help=f"deepest hypocentre searched (default {defaults.max_depth_km} km)")


def association_settings(args: argparse.Namespace):
    """AssociationSettings from the command line (only the options given change the defaults)."""
    from eqviewer.associate.settings import AssociationSettings
    from eqviewer.errors import EqviewerError

    changes = {field: getattr(args, option) for option, field in (
        ("min_picks", "min_picks"), ("min_p_picks", "min_p_picks"), ("min_s_picks", "min_s_picks"),
        ("min_p_and_s", "min_p_and_s"), ("tolerance", "tolerance_s"), ("max_depth", "max_depth_km"))
        if getattr(args, option, None) is not None}
    try:
        return AssociationSettings(**changes)
    except ValueError as exc:
        raise EqviewerError(None, str(exc)) from None


def associate_into(session, args: argparse.Namespace) -> None:
    """Add --inventory stations, associate with the command line's settings and print what was found."""
    from tqdm import tqdm

    from eqviewer.associate.session_events import add_station_metadata, associate_session
    from eqviewer.associate.velocity import parse_velocity_model

    model = parse_velocity_model(args.velocity_model)
    settings = association_settings(args)
    stations = add_station_metadata(session, args.inventory)
    with tqdm(unit="chunk", desc="associate", file=sys.stderr, disable=None) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        summary = associate_session(session, model, settings, progress=progress)
    print(f"{session.path}: {summary.events} events from {summary.associated} of {summary.picks} picks"
          f" ({summary.picks - summary.associated} unassociated) on {stations} stations, model {model.name}")
    if summary.stations_without_coordinates:
        print(f"eqviewer associate: picks of {len(summary.stations_without_coordinates)} station(s) without"
              f" coordinates were left out: {', '.join(summary.stations_without_coordinates[:10])}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Associate the session's picks."""
    from eqviewer.errors import SessionError
    from eqviewer.review.session import Session

    with Session.open(args.session) as session:
        if session.read_only:
            raise SessionError(args.session, f"cannot associate: {session.read_only_reason}")
        associate_into(session, args)
    return 0
