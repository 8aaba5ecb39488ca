"""`eqviewer magnitude S.eqreview`: the local magnitude (ML) of a session's located events.

For each event, every station with an arrival is measured: its waveforms are read from the session's archives,
the instrument response of its horizontal channels from the station metadata given with --inventory (kept in the
session), a Wood-Anderson seismograph is simulated and the larger horizontal peak from P to a little after S is
turned into a station magnitude; the event's ML is their robust mean. Stations that cannot be measured are named
with the reason. Amplitudes and magnitudes are stored in the session (and exported with QuakeML).
"""

from __future__ import annotations

import argparse
import sys

from eqviewer.cli.arguments import positive_int
from eqviewer.cli.terminal import printable


def register(subparsers) -> None:
    """Add the `magnitude` sub-command."""
    from eqviewer.app.magnitudes import MEANS

    parser = subparsers.add_parser("magnitude", help="local magnitudes (ML) of the located events",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("session", help="the review session (*.eqreview)")
    parser.add_argument("--event", type=positive_int, metavar="ID", help="only this event (default: every event)")
    parser.add_argument("--formula", default="iaspei", metavar="iaspei|hutton-boore|a,b,c,d",
                        help="station magnitude formula: IASPEI log10(A[nm]) + 1.11 log10(R) + 0.00189 R - 2.09"
                             " (default), Hutton-Boore, or a log10(A[nm]) + b log10(R[km]) + c R + d")
    parser.add_argument("--mean", default="median", choices=MEANS,
                        help="the event's ML from its station magnitudes: median (uncertainty 1.4826 x MAD, the"
                             " default) or 25%% trimmed mean (uncertainty: standard deviation)")
    parser.add_argument("--corrections", metavar="FILE",
                        help="per-station corrections added to station magnitudes: lines 'NET.STA.LOC value'")
    parser.add_argument("--verbose", action="store_true", help="also print each station's amplitude and ML")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Compute, store and print the magnitudes."""
    from tqdm import tqdm

    from eqviewer.app.magnitudes import MagnitudeRequest, compute_magnitudes
    from eqviewer.app.sessions import SessionPolicy, open_session

    request = MagnitudeRequest(args.formula, args.mean, args.corrections, args.event)
    with open_session(args.session, SessionPolicy.WRITE) as session:
        with tqdm(unit="event", desc="magnitude", file=sys.stderr, disable=None) as bar:
            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            results = compute_magnitudes(session, request, progress=progress)
        events = {e.id: e for e in session.events()}
    for result in results:
        print_event_magnitude(result, events[result.origin_id], args.verbose)
    return 0


def print_event_magnitude(result, origin, verbose: bool = False, messages: bool = True) -> None:
    """One line per event (id, time, ML, uncertainty, station count), each station's amplitude with
    ``verbose``, and (``messages``) why stations were left out, on stderr."""
    magnitude = result.magnitude
    if magnitude is None:
        text = "no ML (no station could be measured)"
    else:
        spread = "" if magnitude.uncertainty is None else f" +/- {magnitude.uncertainty:.2f}"
        text = f"ML {magnitude.value:.2f}{spread} from {magnitude.station_count} station(s)"
    print(printable(f"event {result.origin_id} {origin.time}: {text}"))
    if verbose:
        for a in result.amplitudes:
            used = "" if a.used else " (not used)"
            print(printable(f"  {a.waveform_id}: {a.amplitude_m * 1e9:.1f} nm at {a.distance_km:.1f} km,"
                            f" ML {a.station_magnitude:.2f}{used}"))
    for message in result.messages if messages else ():
        print(printable(f"eqviewer magnitude: event {result.origin_id}: {message}"), file=sys.stderr)
