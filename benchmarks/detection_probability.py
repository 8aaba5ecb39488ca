"""How well the pick-based detection probability separates earthquakes from noise, over repeated splits.

Records (every labelled set in ../shared that holds picks, and records generated from them):
- the real records: stead_eqt50 (50 earthquakes, one station) and obstransformer56 (37 earthquakes, 19 noise
  records, ocean-bottom stations of 11 networks);
- from each real earthquake record, made from the noise before its first arrival
  (:mod:`eqviewer.train.noise`): a 60 s noise record with that noise's spectrum (random phase), the real pre-P
  samples padded as detection pads a short record, the same spectral noise with a noise burst (a 0.5-3 s
  band-limited transient 3-30 times the noise, no S) or with spikes (single samples 20-200 times the noise), and the
  earthquake record behind 60 s of its own noise (an event record with its pre-event noise);
- generated records keep their source's event as split group, so a split never shows the test half's noise to the
  fit.

Then for each of --repeats random event splits (half the events to fit on, half to judge) and each leave-one-set-out
split (fit on one set's records, judge on the other's), the logistic weights are fitted
(:func:`eqviewer.train.pick_detection_fit.fit_pick_detection`) and the records of the judged half are classified as
`eqviewer evaluate` does (earthquake when the highest window P(eq) exceeds 0.5). Printed: detection F1, precision
and recall per set (real records alone and with the generated ones), as mean, min and max over the splits, for the
fitted weights and for the shipped defaults (DEFAULT_WEIGHTS), then the weights fitted on everything.

    EQVIEWER_MODELS_DIR=../shared/models/seed .venv/bin/python benchmarks/detection_probability.py [--repeats 10]
"""

from __future__ import annotations

import argparse
import os
from collections import defaultdict
from pathlib import Path

import numpy as np

from eqviewer.detect import PICK_DETECTION_FEATURES, Detector, DetectSettings, PickDetectionWeights
from eqviewer.io import ItemRef, Record, open_archive
from eqviewer.model import SeedModel
from eqviewer.train import DetectionSamples, detection_samples, fit_pick_detection
from eqviewer.train.noise import SKIP_START, spectral_noise

DEFAULT_WEIGHTS = PickDetectionWeights.from_metadata({})

SHARED = Path(os.environ.get("EQVIEWER_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SETS = {"stead": "data/stead_eqt50/waveforms.hdf5", "obs": "data/obstransformer56/sample.hdf5"}
MARGIN = 50
MIN_QUIET = 300


def real_records(path: Path) -> list[Record]:
    """The labelled records of one archive."""
    with open_archive(path) as source:
        return [record for record in (source.read(item) for item in source.items())
                if record.category == "noise" or record.labels]


def generated(record: Record, rng: np.random.Generator) -> list[tuple[str, Record]]:
    """Noise and event records made from one real earthquake record's pre-arrival noise (see the module)."""
    first = min(record.sample_of(pick.time) for pick in record.labels)
    quiet = np.asarray(record.data)[:, SKIP_START : int(first) - MARGIN]
    if quiet.shape[1] < MIN_QUIET:
        return []
    n = record.n_samples
    level = np.maximum(quiet.std(axis=1, keepdims=True), 1e-12)
    out = []

    def noise_record(kind: str, data: np.ndarray) -> tuple[str, Record]:
        return kind, Record(data.astype(np.float32), record.start, record.station_id,
                            ItemRef(record.ref.path, f"{record.ref.key}~{kind}"), category="noise")

    out.append(noise_record("spectral", spectral_noise(quiet, n, rng)))
    repeats = int(np.ceil(n / quiet.shape[1]))
    mirrored = np.concatenate([quiet if i % 2 == 0 else quiet[:, ::-1] for i in range(repeats)], axis=1)[:, :n]
    out.append(noise_record("pre-P", mirrored))
    burst = spectral_noise(quiet, n, rng)
    length = int(rng.uniform(50, 300))
    at = int(rng.uniform(500, n - length - 100))
    envelope = np.exp(-np.arange(length) / (length / 4))
    shape = np.convolve(rng.standard_normal(length), np.hanning(7), mode="same") * envelope
    burst[:, at : at + length] += rng.uniform(3, 30) * level * shape[None, :] * rng.uniform(0.3, 1.0, (3, 1))
    out.append(noise_record("burst", burst))
    spikes = spectral_noise(quiet, n, rng)
    for at in rng.integers(200, n - 200, size=int(rng.integers(1, 6))):
        spikes[int(rng.integers(0, 3)), int(at)] += rng.choice([-1, 1]) * rng.uniform(20, 200) * level[0, 0]
    out.append(noise_record("spikes", spikes))
    behind = np.concatenate([spectral_noise(quiet, n, rng), np.asarray(record.data)], axis=1)
    out.append(("with pre-event noise", Record(behind.astype(np.float32), record.start - n / record.sampling_rate,
                                                record.station_id,
                                                ItemRef(record.ref.path, f"{record.ref.key}~long"),
                                                labels=record.labels, category="earthquake")))
    return out


def f1(truth: np.ndarray, said: np.ndarray) -> tuple[float, float, float]:
    """(F1, precision, recall)."""
    tp, fp, fn = int((truth & said).sum()), int((~truth & said).sum()), int((truth & ~said).sum())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return (2 * tp / (2 * tp + fp + fn) if tp else 0.0), precision, recall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=10, help="random event splits (default 10)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    detector = Detector(SeedModel.load(), DetectSettings())
    samples: dict[str, DetectionSamples] = {}  # by "<set> <kind>"
    for name, relative in SETS.items():
        records = real_records(SHARED / relative)
        groups = [f"{name}:{r.metadata.get('source_id') or r.metadata.get('source_origin_time') or r.ref.key}"
                  for r in records]
        samples[f"{name} real"] = detection_samples(detector, records, groups)
        made = defaultdict(lambda: ([], []))
        for record, group in zip(records, groups):
            if record.category == "earthquake":
                for kind, new in generated(record, rng):
                    made[kind][0].append(new)
                    made[kind][1].append(group)
        for kind, (new, new_groups) in made.items():
            samples[f"{name} {kind}"] = detection_samples(detector, new, new_groups)
        print(f"{name}: {len(records)} real records; generated " +
              ", ".join(f"{len(v[0])} {k}" for k, v in made.items()), flush=True)
    everything = DetectionSamples.join(samples.values())
    groups = np.unique(everything.groups)
    splits = []
    for _ in range(args.repeats):
        fit_half = set(rng.permutation(groups)[: groups.size // 2].tolist())
        splits.append(("event split", np.isin(everything.groups, list(fit_half))))
    for name in SETS:
        splits.append((f"fit on {name}", np.char.startswith(everything.groups.astype(str), f"{name}:")))
    figures: dict[tuple[str, str], list] = defaultdict(list)
    for split, fit_mask in splits:
        weights = fit_pick_detection(everything.subset(fit_mask))
        for label, part in samples.items():
            judged = part.subset(~np.isin(part.groups, everything.groups[fit_mask]))
            if not len(judged):
                continue
            for which, w in (("fitted", weights), ("default", DEFAULT_WEIGHTS)):
                truth, said = judged.record_outcomes(w)
                figures[(label, which)].append((split, *f1(truth, said), float(said[~truth].mean()) if (~truth).any()
                                                else np.nan, float(said[truth].mean()) if truth.any() else np.nan))
    print("\nper set, over the splits that judged it: F1 (earthquakes and noise mixed), else the share called "
          "earthquake; mean [min, max]")
    for (label, which), rows in sorted(figures.items()):
        values = np.array([r[1:] for r in rows], dtype=float)
        mean, low, high = np.nanmean(values, 0), np.nanmin(values, 0), np.nanmax(values, 0)
        print(f"  {label:32s} {which:8s} n={len(rows):2d}  F1 {mean[0]:.3f} [{low[0]:.3f}, {high[0]:.3f}]  "
              f"noise called eq {mean[3]:.3f} [{low[3]:.3f}, {high[3]:.3f}]  eq found {mean[4]:.3f} "
              f"[{low[4]:.3f}, {high[4]:.3f}]")
    pooled = defaultdict(list)
    for split, fit_mask in splits:
        weights = fit_pick_detection(everything.subset(fit_mask))
        judged = everything.subset(~fit_mask)
        for which, w in (("fitted", weights), ("default", DEFAULT_WEIGHTS)):
            pooled[which].append(f1(*judged.record_outcomes(w))[0])
    for which, values in pooled.items():
        print(f"all judged records, {which}: F1 mean {np.mean(values):.3f} min {np.min(values):.3f} "
              f"max {np.max(values):.3f} over {len(values)} splits")
    final = fit_pick_detection(everything)
    print(f"\nfitted on everything ({int((everything.labels == 1).sum())} earthquake windows, "
          f"{int((everything.labels == 0).sum())} noise windows): intercept {final.intercept}, "
          + ", ".join(f"{n} {c}" for n, c in zip(PICK_DETECTION_FEATURES, final.coefficients)))


if __name__ == "__main__":
    main()
