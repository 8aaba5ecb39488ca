"""`eqviewer evaluate PATH... --model seed|NAME`: how well a model detects and picks on labelled data.

Runs the same engine as `eqviewer detect` on every labelled record and compares: classification (when the data
holds earthquakes and noise) and, for P and S, recall within 0.5 s, true errors of the found picks, hit rates
within 0.1/0.5/1.0 s over all labels (a miss is a miss) and false picks per hour on noise records.
"""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers) -> None:
    """Add the `evaluate` sub-command."""
    from eqviewer.cli.detect import add_engine_arguments, add_picking_arguments

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


def format_report(result: dict) -> str:
    """The figures as readable lines."""
    lines = [f"model {result['model']} on {', '.join(result['datasets'])}: {result['n_traces']} labelled traces"]
    for name in ("classification", "classification_by_picks"):
        c = result.get(name)
        if c:
            what = "classifier" if name == "classification" else "pickers as detector (any pick)"
            lines.append(
                f"{what}: accuracy {_f(c['accuracy'])}  precision {_f(c['precision'])}  recall {_f(c['recall'])}"
                f"  F1 {_f(c['f1'])}  (earthquakes {c['n_earthquake']}, noise {c['n_noise']};"
                f" confusion [[TN FP] [FN TP]] = {c['confusion']})"
            )
    for phase in ("P", "S"):
        m = result[phase]
        lines.append(
            f"{phase}: {m['n_picked']}/{m['n_labelled']} found within 0.5 s (recall {_f(m['recall'])})"
            f"  MAE {_f(m['mae_s'])} s  median |err| {_f(m['median_abs_s'])} s  bias {_f(m['bias_s'])} s"
            f"  std {_f(m['std_s'])} s  hits 0.1/0.5/1.0 s {_f(m['hit_0.1s'])}/{_f(m['hit_0.5s'])}/{_f(m['hit_1.0s'])}"
            f"  false picks/h on noise {_f(m['false_picks_per_hour_noise'], 1)}"
            + (f"  ({m['n_outside_record']} labels outside their traces not counted)" if m.get("n_outside_record") else "")
        )
    lines.append(f"speed: {result['windows_per_s']:.1f} windows/s")
    return "\n".join(lines)


def _f(value, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def write_json(path: str, result: dict | list) -> None:
    """Write the result through a temporary file renamed into place."""
    from eqviewer.atomic_files import atomic_output

    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=2)


def run(args: argparse.Namespace) -> int:
    """Evaluate and print the figures (and write --json)."""
    from tqdm import tqdm

    from eqviewer.cli.detect import load_model, open_sources, settings_from
    from eqviewer.train.evaluate import evaluate

    names = args.model or ["seed"]
    settings = [settings_from(argparse.Namespace(**{**vars(args), "model": name})) for name in names]
    sources = open_sources(args)
    models, results = [], []
    try:
        for name, model_settings in zip(names, settings):
            model = load_model(argparse.Namespace(**{**vars(args), "model": name}))
            bar = tqdm(total=sum(len(s.items()) for s in sources), unit="rec", file=sys.stderr, disable=None)
            try:
                result = evaluate(sources, model, model_settings, progress=lambda done, total: bar.update(done - bar.n)).as_dict()
            finally:
                bar.close()
            print(format_report(result))
            models.append(model)
            results.append(result)
    finally:
        for source in sources:
            source.close()
    if args.json:
        write_json(args.json, results[0] if len(results) == 1 else results)
    if args.report:
        from eqviewer.train.report import Thresholds, report_models

        page = report_models(args.report, args.paths, models, summaries=[format_report(r) for r in results],
                             thresholds=[Thresholds.of(s) for s in settings])
        print(f"report: {page}")
    return 0
