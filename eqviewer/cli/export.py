"""`eqviewer export S.eqreview --format F --out PATH [--status ...]`: write a session's labels for other tools."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    """Add `export`."""
    from eqviewer.app.exports import EXPORT_FORMATS, REVIEWED_STATUSES

    parser = subparsers.add_parser("export", help="export reviewed labels (seisbench, stead, quakeml, nlloc, csv)")
    parser.add_argument("session", help="the review session (*.eqreview)")
    parser.add_argument("--format", required=True, choices=sorted(EXPORT_FORMATS), help="output format")
    parser.add_argument("--out", required=True, help="output file (a folder for seisbench; stead also writes .csv)")
    parser.add_argument("--status", default=",".join(REVIEWED_STATUSES),
                        help="comma-separated pick statuses to export (default: %(default)s); rejected picks always"
                             " become noise examples in seisbench and stead")
    parser.add_argument("--include-partial", action="store_true",
                        help="seisbench/stead: also export records that still hold unreviewed picks, marking a phase"
                             " nobody judged in a window as status 'unknown' (to be masked in training); by default"
                             " such records are left out and counted")
    parser.set_defaults(func=_export)


def _export(args: argparse.Namespace) -> int:
    from eqviewer.app.exports import export_labels
    from eqviewer.app.sessions import SessionPolicy, open_session

    statuses = tuple(s.strip() for s in args.status.split(",") if s.strip())
    with open_session(args.session, SessionPolicy.READ) as session:
        lines = export_labels(session, args.format, args.out, statuses, include_partial=args.include_partial)
    print("\n".join(lines))
    return 0
