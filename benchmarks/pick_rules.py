"""Candidate rules against false picks, measured with the shipped weights on the data in ../shared.

Runs the detector (default settings without the rules: sliding windows, P and S thresholds at 0.2) once over
- the labelled records: stead_eqt50 (50 earthquakes) and obstransformer56 (37 earthquakes, 19 noise records);
- a generated station-day stretch (benchmarks/detect_day.py's generator: red Gaussian noise at 1,500 counts rms with
  the real events embedded at their own signal-to-noise ratio), --hours long,
and describes every pick: whether it matches a label (within 0.5 s), whether an S follows the P (or a P precedes the
S) within 0.5-60 s, whether a P lies between a more probable P and that P's S (the P coda), its signal-to-noise ratio
(band-passed 2-20 Hz energy of the three components, 1 s after the pick over 5 s ending 0.5 s before it:
eqviewer/detect/pick_rules.py), the classifier's output there and the peak's width. Then each rule keeps a subset of
the picks above the candidates' thresholds (--p-threshold, --s-threshold: the detector's defaults unless given; then
the SNR rule the detector keeps, at lower P or S thresholds), and the script prints P and S recall on the labelled
records and on the day, and false picks per hour of real noise (the noise records plus the pre-event noise of the
earthquake records: everything more than 1 s before the first label) and of the generated day away from its events,
and the picks on the labelled records that match no label.

    EQVIEWER_MODELS_DIR=../shared/models/seed .venv/bin/python benchmarks/pick_rules.py [--hours 3] [--p-threshold 0.35]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from obspy import UTCDateTime

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detect_day import SHARED, make_day  # noqa: E402  (the same generated day as the speed benchmark)

RATE = 100.0
MATCH_S = 0.5
PAIR_S = (0.5, 60.0)
FLOOR = 0.2
"""The detector runs at this P and S threshold; each rule then keeps picks above its own thresholds."""
LOWER = {"P": (0.33, 0.3, 0.25, 0.2), "S": (0.25, 0.2)}
"""The lower thresholds tried with the SNR rule (none below :data:`FLOOR`)."""


@dataclass
class PickFacts:
    phase: str
    probability: float
    true: bool
    noise: bool  # lies in real or generated noise (counts as a false pick per hour of noise)
    day: bool
    paired: bool
    in_coda: bool  # a P after a more probable P and before that P's first S
    snr: float
    det: float
    width_s: float


def describe(annotations, record, labels: dict[str, list[float]], noise_before: float | None, day: bool,
             above: dict[str, float], events: np.ndarray | None = None) -> list[PickFacts]:
    """Facts of every pick of one run (times in seconds from the record start); a pick is paired when a pick of the
    other phase above its threshold in ``above`` follows (precedes) it."""
    from eqviewer.detect.pick_rules import snr_at

    det = annotations.curves["det"]
    times = {phase: [p.time - record.start for p in annotations.picks
                     if p.phase == phase and p.probability > above[phase]] for phase in ("P", "S")}
    strong_p = [(p.time - record.start, p.probability) for p in annotations.picks
                if p.phase == "P" and p.probability > above["P"]]
    snr = snr_at(np.asarray(record.data), np.array([int(round((p.time - record.start) * RATE)) for p in annotations.picks],
                                                   dtype=int), RATE)
    facts = []
    for pick, pick_snr in zip(annotations.picks, snr):
        t = pick.time - record.start
        sample = int(round(t * RATE))
        if pick.phase == "P":
            paired = any(PAIR_S[0] <= s - t <= PAIR_S[1] for s in times["S"])
        else:
            paired = any(PAIR_S[0] <= t - p <= PAIR_S[1] for p in times["P"])
        in_coda = pick.phase == "P" and any(
            r < t and prob >= pick.probability
            and any(r + PAIR_S[0] <= s_t and t < s_t <= r + PAIR_S[1] for s_t in times["S"])
            for r, prob in strong_p)
        true = any(abs(t - label) <= MATCH_S for label in labels.get(pick.phase, []))
        if events is not None:
            noise = not np.any((events[:, 0] <= t) & (t <= events[:, 1]))
        else:
            noise = noise_before is not None and t < noise_before
        facts.append(PickFacts(pick.phase, float(pick.probability), true, noise and not true, day, paired, in_coda,
                               float(pick_snr), float(det[min(sample, det.size - 1)]),
                               float(pick.uncertainty_s or 0.0)))
    return facts


CANDIDATES = {
    "none (the default before these rules)": lambda f: True,
    "P needs an S within 60 s": lambda f: f.phase == "S" or f.paired,
    "P and S need each other": lambda f: f.paired,
    "SNR >= 1.5": lambda f: f.snr >= 1.5,
    "SNR >= 2": lambda f: f.snr >= 2.0,
    "SNR >= 3": lambda f: f.snr >= 3.0,
    "SNR >= 1.5 for P, >= 2 for S": lambda f: f.snr >= (1.5 if f.phase == "P" else 2.0),
    "SNR >= 1.5 for P, >= 2 for S, unless p >= 0.9": lambda f: f.probability >= 0.9
    or f.snr >= (1.5 if f.phase == "P" else 2.0),
    "SNR >= 1.5 for P, >= 2 for S, unless p >= 0.8": lambda f: f.probability >= 0.8
    or f.snr >= (1.5 if f.phase == "P" else 2.0),
    "P paired or SNR >= 2": lambda f: f.phase == "S" or f.paired or f.snr >= 2.0,
    "P paired, and SNR >= 1.5": lambda f: (f.phase == "S" or f.paired) and f.snr >= 1.5,
    "paired or SNR >= 3 (P and S)": lambda f: f.paired or f.snr >= 3.0,
    "classifier > 0.5 at the pick": lambda f: f.det > 0.5,
    "peak width <= 0.5 s": lambda f: f.width_s <= 0.5,
    "P >= 0.5, S >= 0.45 (thresholds only)": lambda f: f.probability >= (0.5 if f.phase == "P" else 0.45),
}


def _at(p_threshold: float, s_threshold: float, keep=lambda f: True):
    """Rule ``keep`` applied to the picks above the given thresholds."""
    return lambda f: f.probability > (p_threshold if f.phase == "P" else s_threshold) and keep(f)


def rules(p: float, s: float) -> dict:
    """Every candidate at thresholds ``p`` and ``s``, then the SNR rule at lower P or S thresholds."""
    snr_rule = CANDIDATES["SNR >= 1.5 for P, >= 2 for S, unless p >= 0.9"]
    coda_rule = lambda f: snr_rule(f) and not f.in_coda  # noqa: E731
    return {**{rule: _at(p, s, keep) for rule, keep in CANDIDATES.items()},
            "SNR rule, and no P between a more probable P and its S": _at(p, s, coda_rule),
            **{f"P threshold {low:.2f}, SNR rule": _at(low, s, snr_rule) for low in LOWER["P"]},
            **{f"S threshold {low:.2f}, SNR rule": _at(p, low, snr_rule) for low in LOWER["S"]}}


def main() -> None:
    """Run once, then print the table of rules."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hours", type=float, default=3.0)
    parser.add_argument("--p-threshold", type=float, help="the candidates' P threshold (default: the detector's)")
    parser.add_argument("--s-threshold", type=float, help="the candidates' S threshold (default: the detector's)")
    args = parser.parse_args()
    from eqviewer.detect import DetectSettings, Detector
    from eqviewer.io import open_archive
    from eqviewer.io.record import ItemRef, Record
    from eqviewer.model import SeedModel

    args.p_threshold = args.p_threshold or DetectSettings().p_threshold
    args.s_threshold = args.s_threshold or DetectSettings().s_threshold
    above = {"P": args.p_threshold, "S": args.s_threshold}
    every_pick = DetectSettings(p_min_snr=0.0, s_min_snr=0.0, pair_within_s=0.0, p_threshold=FLOOR, s_threshold=FLOOR)
    detector = Detector(SeedModel.load(), every_pick)
    facts: list[PickFacts] = []
    n_labels = {(phase, day): 0 for phase in ("P", "S") for day in (False, True)}
    noise_hours = {False: 0.0, True: 0.0}
    for name in ("stead_eqt50", "obstransformer56"):
        with open_archive(SHARED / "data" / name) as source:
            for item in source.items():
                record = source.read(item)
                labels = {ph: [p.time - record.start for p in record.labels if p.phase == ph] for ph in ("P", "S")}
                first = min(labels["P"] + labels["S"], default=None)
                quiet_end = (record.n_samples / RATE) if item.category == "noise" else (first - 1.0 if first else 0.0)
                start_s = detector.settings.record_start_s
                noise_hours[False] += max(quiet_end - start_s, 0.0) / 3600.0
                for phase in ("P", "S"):
                    n_labels[(phase, False)] += len(labels[phase])
                facts += describe(detector.run(record), record, labels, quiet_end, False, above)
    data, truth = make_day(args.hours)
    record = Record(data.astype(np.float32), UTCDateTime(0), "XX.DAY..HH", ItemRef("generated", "day"))
    events = np.array([(p - 10, s + 30) for p, s in truth])
    day_labels = {"P": [p for p, _ in truth], "S": [s for _, s in truth]}
    facts += describe(detector.run(record), record, day_labels, None, True, above, events)
    noise_hours[True] = args.hours - float(np.sum(events[:, 1] - events[:, 0])) / 3600.0
    for phase in ("P", "S"):
        n_labels[(phase, True)] = len(truth)
    print(f"labelled records: {n_labels[('P', False)]} P, {n_labels[('S', False)]} S labels, "
          f"{noise_hours[False] * 60:.1f} min of real noise; generated day: {args.hours:g} h, {len(truth)} events, "
          f"{noise_hours[True]:.2f} h away from them")
    print("| rule | P recall | S recall | P / S false per hour, real noise | P recall, day | S recall, day "
          "| P / S false per hour, day | P / S matching no label, labelled records |")
    print("|---|---|---|---|---|---|---|---|")
    for rule, keep in rules(args.p_threshold, args.s_threshold).items():
        kept = [f for f in facts if keep(f)]

        def recall(phase, day):
            hits = sum(1 for f in kept if f.phase == phase and f.true and f.day == day)
            return hits / max(n_labels[(phase, day)], 1)

        def unmatched(phase):
            return sum(1 for f in kept if f.phase == phase and not f.true and not f.day)

        def false_rate(phase, day):
            return sum(1 for f in kept if f.phase == phase and f.noise and f.day == day) / noise_hours[day]

        print(f"| {rule} | {recall('P', False):.3f} | {recall('S', False):.3f} | "
              f"{false_rate('P', False):.1f} / {false_rate('S', False):.1f} | {recall('P', True):.3f} | "
              f"{recall('S', True):.3f} | {false_rate('P', True):.1f} / {false_rate('S', True):.1f} | "
              f"{unmatched('P')} / {unmatched('S')} |")


if __name__ == "__main__":
    main()
