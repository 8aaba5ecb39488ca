"""`eqviewer export S.eqreview --format F --out PATH [--status ...]`: write a session's labels for other tools."""

from __future__ import annotations

import argparse

from eqviewer.labels import REVIEWED_STATUSES


def register(subparsers) -> None:
    """Add `export`."""
    from eqviewer.review.export import EXPORTERS

    parser = subparsers.add_parser("export", help="export reviewed labels (seisbench, stead, quakeml, nlloc, csv)")
    parser.add_argument("session", help="the review session (*.eqreview)")
    parser.add_argument("--format", required=True, choices=sorted(EXPORTERS), help="output format")
    parser.add_argument("--out", required=True, help="output file (a folder for seisbench; stead also writes .csv)")
    parser.add_argument("--status", default=",".join(REVIEWED_STATUSES),
                        help="comma-separated pick statuses to export (default: %(default)s); rejected picks always"
                             " become noise examples in seisbench and stead")
    parser.set_defaults(func=_export)


def _export(args: argparse.Namespace) -> int:
    from eqviewer.review.export import export_session
    from eqviewer.review.session import Session

    statuses = tuple(s.strip() for s in args.status.split(",") if s.strip())
    with Session.open(args.session, read_only=True) as session:
        n = export_session(session, args.format, args.out, statuses)
    print(f"{args.out}: wrote {n} {'traces' if args.format in ('seisbench', 'stead') else 'picks'}"
          f" ({args.format}, status {','.join(statuses)})")
    return 0
