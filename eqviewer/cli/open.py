"""`eqviewer open PATH... [--session S] [--run-model] [--screenshot FILE] [--size WxH] [--example]`: the review window."""

from __future__ import annotations

import argparse
import re

from eqviewer.app.window_options import OpenOptions, window_starter
from eqviewer.cli.associate import add_inventory_argument


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)[xX](\d+)", text.strip())
    if not match or not (200 <= int(match[1]) <= 10000 and 200 <= int(match[2]) <= 10000):
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT in pixels (200-10000), e.g. 1600x1000, not {text!r}")
    return int(match[1]), int(match[2])


def register(subparsers) -> None:
    """Add the `open` sub-command."""
    parser = subparsers.add_parser(
        "open",
        help="open archives or a review session in the review window (the default command)",
        description="Open waveform files, folders, SDS roots or a review session (*.eqreview) in the review window. "
        "Without --session, edits go to a session in the user data folder, one per set of archives.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="waveform files, folders, SDS roots, sessions")
    parser.add_argument("--session", metavar="S", help="review session file to use (created if missing)")
    parser.add_argument("--run-model", action="store_true", help="run the detector on every record after opening")
    parser.add_argument("--screenshot", metavar="FILE", help="render the window to a PNG and exit (works headless)")
    parser.add_argument("--size", type=_size, metavar="WxH", help="window size in pixels, e.g. 1600x1000")
    parser.add_argument("--example", action="store_true", help="also open ObsPy's example record (BW.RJOB, 30 s)")
    add_inventory_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Start the GUI (or render a screenshot)."""
    run_window = window_starter()
    options = OpenOptions(paths=list(args.paths), session=args.session, run_model=args.run_model,
                          screenshot=args.screenshot, size=args.size, example=args.example,
                          inventory=list(args.inventory))
    return run_window(options)
