"""Fine-tuning on repeated splits of the labelled sets: what the base and the tuned model (each network kept only
where it beats the base's on the validation split) find on the held-out part, and how much that varies.

For each set, --splits event splits (all windows of one event on one side) and, where the set has several
stations, as many station splits (all windows of one station on one side) hold --holdout of the windows out;
`eqviewer train`'s fine-tuning (:func:`eqviewer.train.finetune_windows`) runs on the rest with --epochs, and both
models run over the held-out windows as `eqviewer detect` runs them, each at its own thresholds. Per split it prints
P hit and S hit (labels with a pick within 0.5 s), detection F1 (records), false P and S picks per hour of noise
records, and which networks the tuned model kept; then the mean and standard deviation over the splits of each
figure and of its change.

    EQVIEWER_MODELS_DIR=../shared/models/seed .venv/bin/python benchmarks/finetune_splits.py --epochs 2 --splits 3

Measured (2-core CPU, seed weights, --epochs 2 --splits 3, half held out; about 15 minutes): the tuned model
never did worse than the seed on a held-out half. stead_eqt50 (event splits, no noise records): P hit 0.933 for
both, S hit 0.986 -> 1.000 (+0.014, sd 0.020); the tuned model kept its S picker once, the seed's networks
otherwise. obstransformer56 event splits: P 0.947 and S 0.947 for both, detection F1 0.982 for both, false S per
hour of noise 10.0 -> 8.0 (sd 5.7 -> 2.8), no false P; station splits (all of a station's windows on one side):
P 0.962 for both, S 0.962 -> 0.981 (+0.020, sd 0.028), false S per hour 20.0 -> 18.2. Of the 27 networks trained,
6 beat the seed's on their validation split and were kept (S pickers 4 times).

What moves the held-out figures (obstransformer56, 2 event and 2 station splits, 2 epochs, every network kept as
trained: --set keep_better=false; tuned - base, mean over the splits): the defaults (learning rate 3e-4, anchor 0.1)
S hit +0.026 (event) / +0.029 (station), false S per hour -6.0 / -2.7, P and detection F1 unchanged; learning rate
1e-3: false S -9.0 / -13.6 but P hit -0.026 / -0.029 (one P in each split lost): the faster rate trades P for
fewer false S, so the default stays; anchor 0 (no pull toward the base): the same figures as 0.1 at 2 epochs;
without the spectral noise windows (quiet_noise=false): the same as the default; without the real pre-P noise
windows (pre_p_noise=false): S +0.053 on the event splits (+0.026 with them) but false S -3.0 (-6.0 with them),
station splits unchanged, so both noise sources stay. The sets are small (one pick moves a figure by 0.03): these
are directions, not settled gains.

Options: --data (sets, default stead_eqt50 and obstransformer56 of ../shared/data), --splits, --epochs, --task
(default all), --holdout (default 0.5), --no-station-splits, --set FIELD=VALUE (a training setting to change:
learning_rate, anchor, freeze_encoder, quiet_noise, pre_p_noise, keep_better, ...; the same splits, so runs with
different settings compare split by split). CPU only; models are registered in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SETS = (SHARED / "stead_eqt50" / "waveforms.hdf5", SHARED / "obstransformer56" / "sample.hdf5")
FIGURES = ("P hit", "S hit", "det F1", "false P/h", "false S/h")


def station_split(stations: list[str], fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(train, held-out) indices with every station's windows on one side, about ``fraction`` held out."""
    names = sorted(set(stations))
    np.random.default_rng(seed).shuffle(names)
    held: set[str] = set()
    for name in names[:-1]:  # at least one station to train on
        if sum(s in held for s in stations) >= fraction * len(stations):
            break
        held.add(name)
    mask = np.array([s in held for s in stations])
    return np.flatnonzero(~mask), np.flatnonzero(mask)


def figures(evaluation) -> dict[str, float]:
    """The figures of an evaluation (:func:`eqviewer.train.evaluate_sources`); NaN where nothing measures one."""
    def value(x):
        return float("nan") if x is None else float(x)

    c = evaluation.classification
    return {"P hit": value(evaluation.phases["P"]["recall"]), "S hit": value(evaluation.phases["S"]["recall"]),
            "det F1": value(c and c["f1"]),
            "false P/h": value(evaluation.phases["P"]["false_picks_per_hour_noise"]),
            "false S/h": value(evaluation.phases["S"]["false_picks_per_hour_noise"])}


def _setting(text: str) -> tuple[str, object]:
    """"name=value" as (name, value): JSON where it parses (numbers, true/false), else the text."""
    name, _, value = text.partition("=")
    try:
        return name.strip(), json.loads(value)
    except json.JSONDecodeError:
        return name.strip(), value


def _row(label: str, values: dict[str, float]) -> str:
    return f"{label:<28}" + "".join(f"{values[k]:>11.3f}" for k in FIGURES)


def main() -> None:
    """Fine-tune and evaluate once per split; print per-split figures and their mean and spread."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", nargs="+", default=[str(p) for p in SETS], metavar="PATH")
    parser.add_argument("--splits", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--task", default="all")
    parser.add_argument("--holdout", type=float, default=0.5)
    parser.add_argument("--no-station-splits", action="store_true")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="a TrainSettings field to change, e.g. learning_rate=1e-3, anchor=0, freeze_encoder=true, "
                             "quiet_noise=false, keep_better=false (repeatable): what moves the held-out figures")
    args = parser.parse_args()
    changes = dict(_setting(text) for text in args.set)
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="eqviewer-splits-")

    from eqviewer.model import SeedModel
    from eqviewer.train import TrainSettings, evaluate_sources, finetune_windows, read_labelled, split_by_event
    from eqviewer.train.window_source import WindowsSource

    base = SeedModel.load()
    rows: dict[str, list[tuple[dict, dict]]] = {}
    print(" " * 28 + "".join(f"{k:>11}" for k in FIGURES))
    for path in args.data:
        windows = read_labelled([path], base.descriptor.window_samples)
        name = Path(path).parent.name
        kinds = ["event"] + (["station"] if len(set(windows.station_ids)) > 1 and not args.no_station_splits else [])
        for kind in kinds:
            for seed in range(args.splits):
                if kind == "event":
                    train_idx, held_idx = split_by_event(windows.event_ids, windows.is_earthquake, args.holdout, seed)
                else:
                    train_idx, held_idx = station_split(windows.station_ids, args.holdout, seed)
                held = windows.subset(held_idx)
                started = time.perf_counter()
                result = finetune_windows(windows.subset(train_idx), None, args.task, f"split-{name}-{kind}{seed}",
                                          TrainSettings(**{"epochs": args.epochs, "seed": seed, **changes}))
                tuned = SeedModel.load(result.entry.name)
                pair = tuple(figures(evaluate_sources([WindowsSource(held)], model)) for model in (base, tuned))
                rows.setdefault(f"{name} {kind}", []).append(pair)
                kept = ", ".join(f"{net} {choice.kept}" for net, choice in result.choices.items()) or result.unjudged
                print(f"{name} {kind} split {seed}: trained on {len(train_idx)} windows, {len(held_idx)} held out "
                      f"({held.n_earthquakes} earthquakes); kept: {kept}; {time.perf_counter() - started:.0f} s")
                print(_row("  base", pair[0]))
                print(_row("  tuned", pair[1]))
    print(f"\nover the splits: mean (standard deviation); {args.epochs} epochs, task {args.task}, held out "
          f"{args.holdout:g}" + "".join(f", {k}={v}" for k, v in changes.items()))
    print(" " * 40 + "".join(f"{k:>15}" for k in FIGURES))
    for group, pairs in rows.items():
        for label, values in (("base", [b for b, _ in pairs]), ("tuned", [t for _, t in pairs]),
                              ("tuned - base", [{k: t[k] - b[k] for k in FIGURES} for b, t in pairs])):
            stats = {k: np.array([v[k] for v in values], dtype=float) for k in FIGURES}
            cells = "".join(f"{np.nanmean(s):>7.3f} ({np.nanstd(s):.3f})" if np.isfinite(s).any() else f"{'n/a':>15}"
                            for s in stats.values())
            print(f"{group + ' ' + label:<40}{cells}  [{len(pairs)} splits]")


if __name__ == "__main__":
    main()
