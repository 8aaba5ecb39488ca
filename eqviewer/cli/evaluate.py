"""`eqviewer evaluate PATH... --model seed|NAME`: how well a model detects and picks on labelled data.

Runs the same engine as `eqviewer detect` on every labelled record and compares: classification (when the data
holds earthquakes and noise) and, for P and S, recall within 0.5 s, true errors of the found picks, hit rates
within 0.1/0.5/1.0 s over all labels (a miss is a miss) and false picks per hour on noise records.
"""

from __future__ import annotations

import argparse
import sys

from eqviewer.app.evaluation import evaluate_models, format_figures, write_figures, write_report
from eqviewer.cli.detect_arguments import add_engine_arguments, add_picking_arguments, settings_from


def register(subparsers) -> None:
    """Add the `evaluate` sub-command."""
    parser = subparsers.add_parser("evaluate", help="score a model against labelled data", description=__doc__,
                                   conflict_handler="resolve")
    add_engine_arguments(parser)
    add_picking_arguments(parser)
    # replaces the engine's single --model: evaluate compares several models side by side
    parser.add_argument("--model", action="extend", nargs="+", default=None, metavar="MODEL",
                        help="seed (default), registered model names or model folders; several are compared "
                             "(`--model seed tuned` or `--model seed --model tuned`, after the PATHs)")
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON to OUT (a list for several models)")
    parser.add_argument("--report", metavar="DIR",
                        help="also write an HTML report with figures (residual histograms, confusion matrix, "
                             "precision-recall curves, worst misses; models side by side) to DIR/index.html")
    parser.set_defaults(func=run)


class _Bars:
    """A tqdm bar of records per model, on stderr."""

    def __init__(self):
        self.bar = None
        self.model = None

    def __call__(self, model: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if model != self.model:
            self.close()
            self.model = model
            self.bar = tqdm(total=total, unit="rec", file=sys.stderr, disable=None)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.bar = self.model = None


def run(args: argparse.Namespace) -> int:
    """Evaluate and print the figures (and write --json and --report)."""
    names = args.model or ["seed"]
    settings = [settings_from(argparse.Namespace(**{**vars(args), "model": name})) for name in names]
    bars = _Bars()

    def show(evaluation) -> None:
        bars.close()
        print(format_figures(evaluation.figures))

    try:
        evaluations = evaluate_models(args.paths, names, settings, args.device, args.format, args.start, args.end,
                                      progress=bars, on_result=show)
    finally:
        bars.close()
    if args.json:
        write_figures(args.json, evaluations)
    if args.report:
        print(f"report: {write_report(args.report, args.paths, evaluations)}")
    return 0
