"""`eqviewer calibrate PATH... --model M [--out NAME]`: fit a model's thresholds to reviewed labels.

PATHs are labelled archives or review sessions (*.eqreview). The P and S thresholds with the best F2 (recall
weighted twice precision) and the detection threshold with the best F1 on them are stored with the model (or with
a new registered model NAME based on it; the seed needs --out), and detect, evaluate and the window use them
unless told otherwise.
"""

from __future__ import annotations

import argparse
import sys

from eqviewer.app.calibration import MIN_LABELS, MIN_RECORDS, calibrate_model
from eqviewer.cli.detect_arguments import add_engine_arguments


def register(subparsers) -> None:
    """Add the `calibrate` sub-command."""
    parser = subparsers.add_parser("calibrate", help="fit a model's P, S and detection thresholds to reviewed labels",
                                   description=__doc__)
    add_engine_arguments(parser)
    parser.add_argument("--out", metavar="NAME", help="register the calibrated model under NAME (needed for the seed)")
    parser.add_argument("--overwrite", action="store_true", help="replace a registered model called NAME")
    parser.add_argument("--cascade", action="store_true", help="fit the thresholds for runs with --cascade")
    parser.add_argument("--min-labels", type=int, default=MIN_LABELS,
                        help="fewest P (or S) labels a threshold is fitted on (default %(default)s)")
    parser.add_argument("--min-records", type=int, default=MIN_RECORDS,
                        help="fewest earthquake and noise records each the detection threshold is fitted on "
                             "(default %(default)s)")
    parser.set_defaults(func=run)


def format_thresholds(thresholds: dict) -> str:
    """The fitted thresholds and their figures, one line each."""
    lines = []
    for key, name in (("p", "P"), ("s", "S"), ("det", "detection")):
        if key not in thresholds.get("figures", {}):
            kept = (f"keeps {thresholds[key]:.2f} from {thresholds['kept'][key]}" if key in thresholds.get("kept", {})
                    else "the default stays")
            lines.append(f"{name}: not fitted, too few labels ({thresholds['not_fitted'][key]}); {kept}")
            continue
        figures = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                            for k, v in thresholds["figures"][key].items() if v is not None)
        lines.append(f"{name} threshold {thresholds[key]:.2f} ({figures})")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Fit, store and print the thresholds."""
    from tqdm import tqdm

    bar = tqdm(unit="rec", file=sys.stderr, disable=None)
    try:
        result = calibrate_model(args.paths, args.model, args.out, args.overwrite, args.stride, args.cascade,
                                 args.device, args.format, args.start, args.end, args.min_labels, args.min_records,
                                 progress=lambda done, total: (setattr(bar, "total", total), bar.update(done - bar.n)))
    finally:
        bar.close()
    print(format_thresholds(result.thresholds))
    print(f"stored with {result.entry.name} ({result.entry.path}); method: {result.thresholds['method']}")
    return 0
