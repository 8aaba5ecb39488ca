"""`eqviewer associate S.eqreview`: associate a session's picks across stations into located events (PyOcto).

Events replace the session's earlier ones as one undoable edit; picks no event explains are marked unassociated
(likely noise). Station coordinates come from --inventory (StationXML or any file or folder ObsPy reads), from
earlier --inventory options stored in the session, or from the metadata of dataset archives.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from eqviewer.cli.terminal import printable

# The options that change an AssociationSettings field: option, field, type, metavar, what it sets, the unit shown
# after the default.
SETTING_OPTIONS = (
    ("--min-picks", "min_picks", int, "N", "picks an event needs", ""),
    ("--min-p-picks", "min_p_picks", int, "N", "P picks an event needs", ""),
    ("--min-s-picks", "min_s_picks", int, "N", "S picks an event needs", ""),
    ("--min-p-and-s", "min_p_and_s", int, "N", "stations with both P and S an event needs", ""),
    ("--tolerance", "tolerance_s", float, "S", "largest travel-time residual of an associated pick", " s"),
    ("--max-depth", "max_depth_km", float, "KM", "deepest hypocentre searched", " km"),
    ("--merge-window", "merge_window_s", float, "S",
     "merge two events this close in time when one hypocentre explains both (0: never)", " s"),
)


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
    from eqviewer.app.association import DEFAULT_VELOCITY_MODEL, AssociationSettings

    defaults = AssociationSettings()
    parser.add_argument("--velocity-model", default=DEFAULT_VELOCITY_MODEL, metavar="vp=X,vs=Y|FILE",
                        help="homogeneous velocities in km/s, or a file of 'depth vp vs' layers (default %(default)s)")
    for option, field, kind, metavar, text, unit in SETTING_OPTIONS:
        parser.add_argument(option, dest=field, type=kind, metavar=metavar,
                            help=f"{text} (default {getattr(defaults, field)}{unit})")


def associate_into(session, args: argparse.Namespace) -> None:
    """Add --inventory stations, associate with the command line's settings and print what was found."""
    from tqdm import tqdm

    from eqviewer.app.association import AssociationRequest, associate_and_store

    request = AssociationRequest(
        velocity_model=args.velocity_model, inventories=tuple(args.inventory),
        settings={field: getattr(args, field) for _, field, *_ in SETTING_OPTIONS
                  if getattr(args, field) is not None})
    with tqdm(unit="chunk", desc="associate", file=sys.stderr, disable=None) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        report = associate_and_store(session, request, progress=progress)
    print_station_changes(report.stations.changes)
    summary = report.summary
    print(printable(f"{session.path}: {summary.events} events from {summary.associated} of {summary.picks} picks"
                    f" ({summary.picks - summary.associated} unassociated, likely noise) on"
                    f" {report.stations.stations} stations, model {report.model}"))
    if summary.stations_without_coordinates:
        print(printable(f"eqviewer associate: {summary.picks_without_coordinates} pick(s) of"
                        f" {len(summary.stations_without_coordinates)} station(s) without coordinates were left out"
                        f" (neither associated nor likely noise): "
                        f"{', '.join(summary.stations_without_coordinates[:10])}"), file=sys.stderr)
    print_magnitudes(session, report.magnitudes)


def print_magnitudes(session, magnitudes: list) -> None:
    """Each event's ML (when any station could be measured), and how many stations were left out."""
    from eqviewer.cli.magnitude import print_event_magnitude

    events = {e.id: e for e in session.events()}
    for result in magnitudes:
        if result.magnitude is not None:
            print_event_magnitude(result, events[result.origin_id], messages=False)
    left_out = sum(len(result.messages) for result in magnitudes)
    if left_out:
        print(printable(f"eqviewer associate: ML: {left_out} station measurement(s) left out (no response,"
                        f" waveforms, gap or clipping); `eqviewer magnitude {session.path}` names them"),
              file=sys.stderr)


def print_station_changes(changes: Iterable[object]) -> None:
    """One line per station whose stored coordinates changed: old and new place, and the source of each."""
    for change in changes:
        print(printable(f"eqviewer: {change}"))


def run(args: argparse.Namespace) -> int:
    """Associate the session's picks."""
    from eqviewer.app.sessions import SessionPolicy, open_session

    with open_session(args.session, SessionPolicy.WRITE) as session:
        associate_into(session, args)
    return 0
