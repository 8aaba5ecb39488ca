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
    parser.add_argument("--include-partial", action="store_true",
                        help="seisbench/stead: also export records that still hold unreviewed picks, marking a phase"
                             " nobody judged in a window as status 'unknown' (to be masked in training); by default"
                             " such records are left out and counted")
    parser.set_defaults(func=_export)


def _export(args: argparse.Namespace) -> int:
    from eqviewer.review.export import TRAINING_FORMATS, export_session
    from eqviewer.review.session import Session
    from eqviewer.review.training_windows import partial_records

    statuses = tuple(s.strip() for s in args.status.split(",") if s.strip())
    with Session.open(args.session, read_only=True) as session:
        n = export_session(session, args.format, args.out, statuses, include_partial=args.include_partial)
        partial = len(partial_records(session)) if args.format in TRAINING_FORMATS else 0
    print(f"{args.out}: wrote {n} {'traces' if args.format in TRAINING_FORMATS else 'picks'}"
          f" ({args.format}, status {','.join(statuses)})")
    if partial:
        print(f"{partial} partly reviewed record(s) (unreviewed picks left) "
              + ("exported with their unjudged phases marked unknown" if args.include_partial
                 else "left out; review them, or export with --include-partial"))
    return 0
