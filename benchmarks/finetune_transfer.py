"""Fine-tuning on a small labelled set: what it gains on held-out data of the same network, and what it costs on
another network (forgetting).

Two modes, both printing P and S recall (within 0.5 s), false picks per hour on noise records, the classifier's F1
and the thresholds used, for the base model and the fine-tuned one:

    # half of a network's records (split by event) to train, the other half to test
    .venv/bin/python benchmarks/finetune_transfer.py --halves ../shared/data/obstransformer56
    # train on one network, test on another (forgetting)
    .venv/bin/python benchmarks/finetune_transfer.py --train ../shared/data/obstransformer56 --test ../shared/data/stead_eqt50

Measured (2-core machine, seed weights, default detection settings with the SNR rule, train's defaults: 30 epochs
with early stopping, every layer trained and pulled toward the seed's weights by 0.1 after each step, the P picker's
epochs holding at most half as many noise windows as earthquakes, the S picker's all of them):
- --halves obstransformer56 (14 training earthquakes of which 4 validate, plus 7+2 noise records and 18 pre-P
  segments; 29 held out: 19 earthquakes, 10 noise records; about 3 minutes): seed P 0.895, S 0.947, false picks
  per hour P 0.0 / S 6.0, classifier F1 0.095; fine-tuned P 0.842, S 1.000, P 0.0 / S 0.0, classifier F1 0.923
  (default thresholds P 0.33, S 0.3). Too few validation labels to fit thresholds (4 P; fitting needs 20):
  defaults kept. Of the three P the fine-tuned picker misses on the held-out half, the seed's peak at the label is
  0.35, 0.20 and 0.01 (measured with the encoders frozen, then the default): 14 earthquakes teach it too little to
  find them. Over splits 0-3 of this set and 1-3 of stead_eqt50 (--task picker-p --seed 0,1,2,3 and 1,2,3; each
  set's own halves, 151 held-out P) the seed found 142, the default fine-tuning 141 (68/76 and 73/75),
  the encoder frozen with anchor 0.05 139; anchor 0, learning rate 1e-3 and weights halfway back to the seed's
  were no better.
- --halves obstransformer56,../shared/data/stead_eqt50 --seed 0,1,2 (both sets pooled, as a network's reviewed
  labels from many stations; 43-44 training earthquakes a split, 132 held-out P, 131 S): --task picker-p: seed
  P 125/132 (0.947), fine-tuned 131/132 (0.992; 127 with the encoder frozen and anchor 0.05, the defaults before);
  --task picker-s: S 128/131 -> 130/131, false S per hour of noise 16 -> 14 (18 with the encoder frozen). No
  false P on the held-out noise. Every network (default --task all, --seed 0; 34 training earthquakes of which 9
  validate; about 4 minutes): seed P 0.955, S 0.977, false picks per hour P 0.0 / S 12.0, classifier F1 0.042;
  fine-tuned P 1.000 (44/44), S 1.000, P 0.0 / S 12.0 (one S in 5 noise minutes), classifier F1 0.967.
- --halves stead_eqt50 (one station; 20 training earthquakes, 5 validate, pre-P noise only): seed P 0.920, S 1.000;
  fine-tuned P 0.920, S 1.000.
- --train obstransformer56 --test stead_eqt50 --task picker-p,picker-s --epochs 8: seed P 0.940, S 0.980;
  fine-tuned P 0.940, S 1.000 (encoder frozen, anchor 0.05: P 0.920).
- --train stead_eqt50 --test obstransformer56 --task picker-p,picker-s --epochs 8 (one station, no noise
  records: pre-P noise only): seed P 0.946, S 0.919, false picks per hour P 0.0 / S 15.8; fine-tuned P 0.946,
  S 0.946, P 0.0 / S 12.6 (encoder frozen, anchor 0.05: P 0.919, false S 25.3; every layer with anchor 0.05:
  P 0.892).

Options: --halves takes several comma-separated sets (pooled, then split), --seed several comma-separated splits
(each trains and evaluates once; the totals over them are printed last), --task (default all; several,
comma-separated, train one after the other), --epochs (default train's), --setting KEY=JSON (repeatable: any
`eqviewer train` setting, e.g. anchor=0, pre_p_noise=false, freeze_encoder=true, augment.shift_probability=0),
--base (default seed). Set EQVIEWER_MODELS_DIR to the seed weights. Models are registered in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from dataclasses import replace

from eqviewer.train.augment import AugmentSettings
from eqviewer.train.settings import TrainSettings


def _figures(result) -> str:
    c = result.classification
    f1 = "n/a" if not c or c["f1"] is None else f"{c['f1']:.3f}"
    parts = []
    for phase in ("P", "S"):
        m = result.phases[phase]
        recall = "n/a" if m["recall"] is None else f"{m['recall']:.3f}"
        fp = m["false_picks_per_hour_noise"]
        parts.append(f"{phase} recall {recall} ({m['n_picked']}/{m['n_labelled']}) false/h "
                     f"{'n/a' if fp is None else f'{fp:.1f}'}")
    s = result.settings
    return (f"{'  '.join(parts)}  classifier F1 {f1}  (thresholds P {s['p_threshold']:.2f} S {s['s_threshold']:.2f}"
            f" det {s['det_threshold']:.2f})")


def train_settings(epochs: int, seed: int, overrides: list[str]) -> TrainSettings:
    """train's defaults with ``epochs``, ``seed`` and each KEY=JSON of ``overrides`` (``augment.KEY`` for an
    augmentation setting)."""
    changes: dict = {"epochs": epochs, "seed": seed}
    augment: dict = {}
    for item in overrides:
        key, _, value = item.partition("=")
        if key.startswith("augment."):
            augment[key.removeprefix("augment.")] = json.loads(value)
        else:
            changes[key] = json.loads(value)
    if augment:
        changes["augment"] = replace(AugmentSettings(), **augment)
    return replace(TrainSettings(), **changes)


def main() -> None:
    """Train, then evaluate base and fine-tuned models on the held-out data (once per split of --seed)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--halves", metavar="PATH[,PATH...]")
    parser.add_argument("--train", metavar="PATH")
    parser.add_argument("--test", metavar="PATH")
    parser.add_argument("--task", default="all")
    parser.add_argument("--epochs", type=int, default=TrainSettings().epochs)
    parser.add_argument("--setting", action="append", default=[], metavar="KEY=JSON")
    parser.add_argument("--base", default="seed")
    parser.add_argument("--seed", default="0", metavar="N[,N...]")
    args = parser.parse_args()
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="eqviewer-transfer-")

    from eqviewer.detect import DetectSettings
    from eqviewer.io import open_archive
    from eqviewer.model import SeedModel, registry
    from eqviewer.train.evaluate import evaluate_sources
    from eqviewer.train.finetune import base_window, finetune_windows, read_labelled
    from eqviewer.train.split import split_by_event
    from eqviewer.train.window_source import WindowsSource

    window = base_window(None if args.base == "seed" else args.base)
    seeds = [int(seed) for seed in args.seed.split(",")]
    pooled = read_labelled(args.halves.split(","), window) if args.halves else read_labelled([args.train], window)
    other_network = None if args.halves else [open_archive(args.test)]
    totals: dict[str, dict[str, list[int]]] = {}
    for seed in seeds:
        if args.halves:
            train_idx, test_idx = split_by_event(pooled.event_ids, pooled.is_earthquake, 0.5, seed)
            training, tests = pooled.subset(train_idx), [WindowsSource(pooled.subset(test_idx), "held-out half")]
            print(f"split {seed}: {len(train_idx)} windows to train on, {len(test_idx)} held out (split by event)")
        else:
            training, tests = pooled, other_network
        settings = train_settings(args.epochs, seed, args.setting)
        started = time.perf_counter()
        base = args.base
        tasks = args.task.split(",")
        for i, task in enumerate(tasks):  # several tasks: each starts from the previous one's model
            name = f"tuned{seed}" if i == len(tasks) - 1 else f"step{i}-{seed}"
            result = finetune_windows(training, base, task, name, settings)
            base = name
            print(f"trained {task} ({time.perf_counter() - started:.0f} s so far); counts {result.counts}")
        for name in (args.base, base):
            model = SeedModel.load(name)
            fitted = registry.fitted_thresholds(name)
            for label, detect in (("own thresholds", DetectSettings(**fitted)), ("default thresholds", DetectSettings())):
                if label == "own thresholds" and not fitted:
                    continue
                evaluation = evaluate_sources(tests, model, detect)
                print(f"{name:>6}, {label}: {_figures(evaluation)}")
                if label == "default thresholds":
                    for phase in ("P", "S"):
                        found = totals.setdefault("fine-tuned" if name == base else name, {}).setdefault(phase, [0, 0])
                        found[0] += evaluation.phases[phase]["n_picked"]
                        found[1] += evaluation.phases[phase]["n_labelled"]
    if len(seeds) > 1:
        for name, phases in totals.items():
            print(f"{name} over {len(seeds)} runs (--seed), default thresholds: "
                  + "  ".join(f"{phase} {a}/{b} ({a / max(b, 1):.3f})" for phase, (a, b) in phases.items()))


if __name__ == "__main__":
    main()
