"""`eqviewer info PATH... [--json]`: what an archive holds (counts, stations, rates, time span, warnings)."""

from __future__ import annotations

import argparse
import json
import sys

from eqviewer.cli.arguments import iso_time
from eqviewer.cli.terminal import printable
from eqviewer.errors import EqviewerError


def register(subparsers) -> None:
    """Add the `info` sub-command."""
    parser = subparsers.add_parser("info", help="print what an archive holds", description=__doc__)
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, glob, SDS root, HDF5 or SeisBench folder")
    parser.add_argument("--json", action="store_true", help="one JSON object per path on stdout")
    parser.add_argument("--format", default=None, help="force a reader (stead_hdf5, seisbench, sds, mseed, sac, ...)")
    parser.add_argument("--start", type=iso_time, default=None, help="only items from this time (ISO 8601)")
    parser.add_argument("--end", type=iso_time, default=None, help="only items up to this time (ISO 8601)")
    parser.add_argument("--component-order", default=None, help="component order the archive stores (e.g. ENZ)")
    parser.set_defaults(func=run)


def format_summary(summary: dict) -> str:
    """The human-readable lines for one summary (control characters in names escaped)."""
    lines = [
        f"{summary['path']}  ({summary['format']})",
        f"  traces: {summary['n_traces']}  earthquake: {summary['n_earthquake']}  noise: {summary['n_noise']}"
        f"  unlabelled: {summary['n_unlabelled']}",
        f"  with P: {summary['n_with_p']}  with S: {summary['n_with_s']}",
        f"  stations ({len(summary['stations'])}): {', '.join(summary['stations'][:10])}"
        + (" ..." if len(summary["stations"]) > 10 else ""),
        f"  sampling rates: {', '.join(f'{r:g}' for r in summary['sampling_rates_hz'])} Hz",
        f"  time span: {summary['start']} to {summary['end']}",
    ]
    if summary.get("unused_channels"):
        lines.append(f"  channels listed, not used as Z/N/E: {', '.join(summary['unused_channels'])}")
    lines.extend(f"  warning: {warning}" for warning in summary["warnings"])
    return "\n".join(printable(line) for line in lines)


def run(args: argparse.Namespace) -> int:
    """Print each path's summary; a path that cannot be read prints one error line and the status is 2."""
    from eqviewer.app.archives import archive_summary

    status = 0
    for path in args.paths:
        try:
            summary = archive_summary(path, format=args.format, start=args.start, end=args.end,
                                      component_order=args.component_order)
        except EqviewerError as exc:
            print(f"eqviewer: error: {printable(str(exc))}", file=sys.stderr)
            status = 2
            continue
        print(json.dumps(summary) if args.json else format_summary(summary), flush=True)
    return status
