"""The settings of the detector, with their defaults and the reasons for them, in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from eqviewer.model import CLASSIFIER, PICKERS, SEED, ModelDescriptor, model_thresholds

# DetectSettings' threshold fields by the network whose output they judge.
THRESHOLD_FIELDS = {CLASSIFIER: "det_threshold", **{picker: f"{picker}_threshold" for picker in PICKERS}}

FIRST_PASSES = ("auto", "classifier", "stalta")
DETECTION_SOURCES = ("pickers", "classifier")
"""Where the detection probability P(eq) comes from (``DetectSettings.detection``)."""
FITTED_DETECTION_KEY = "detection"
"""The key of a model's fitted thresholds (metadata "thresholds") naming the P(eq) source its "det" was fitted to."""


@dataclass(frozen=True)
class DetectSettings:
    """How the seed networks' 60 s windows are slid over a record, stitched and turned into picks.

    Defaults and why (figures measured in benchmarks/detect_day.py and documented in eqviewer/detect/README.md):

    - ``stride_s`` = 8 s: the pickers learned P between about 1 s and 9 s after the window start (TXED geometry,
      seed-model.md sections 1 and 11). With windows every 8 s, an onset at any time t lies at an offset in
      [1 s, 9 s) of at least one window (the offsets of t in consecutive windows are r, r + 8, ... with r in
      [0, 8); if r < 1 s then r + 8 lies in [8 s, 9 s)). Measured on 20 STEAD events embedded in noise, the P
      picker's peak stays near 0.9 for P 1 s to 20 s into the window and is 0 at 0 s, so 8 s leaves a margin.
    - ``s_stride_s`` = 16 s (a multiple of ``stride_s``; the S picker runs on every second window): measured the
      same way, the S picker's peak is 0.6-0.75 whenever S lies 2 s to 20 s into the window, wherever P is; with
      windows every 16 s every S lies 2-18 s into one. This saves a quarter of the picker work.
    - ``span_margin_s`` = 12 s: each picker's curve is computed and used over the first (its stride + 12 s) of a
      window only (P 20 s, S 28 s at the default strides; S keeps its whole curve in the cascade, where it may lag
      the flagged onset by tens of seconds). Every onset lies within the first stride + 1 s of a window and within
      the first 2 x stride + 1 s of the one before, so each P is still seen twice, and the pickers do their best
      there (peak near 0.9 for P up to 20 s in). The decoder then runs on that part of the window only, a third
      less picker work (eqviewer/model/fast_picker.py). A record of one window (under 9 s) keeps its whole curves.
    - ``classifier_stride_s`` = 15 s: the classifier judges a whole window; its score is drawn at the window's
      centre and interpolated between centres (eqviewer/detect/stitch.py), so every sample lies in four windows
      and an onset moves the curve within 15 s of its time (at 30 s, a step could come up to 30 s late or
      early). The classifier runs about three times as fast as a picker (seed-model.md §10); measured, the extra
      windows cost 1.5 % of the CPU of a default 6-hour run (in-process A/B against 30 s) and 8 % of a whole
      `benchmarks/detect_day.py` default run on a busy machine.
    - ``p_threshold`` = 0.33, ``s_threshold`` = 0.3: first chosen from the peaks of the stitched curves on noise
      alone (sweep in eqviewer/detect/README.md: on Gaussian red noise P exceeds 0.3 44 times an hour, 0.35 28
      times, 0.5 3 times; S never exceeds 0.2), which set P at 0.35. With the SNR rule below removing most picks on
      noise, P is the threshold `eqviewer calibrate --model seed` fits on every labelled record in ../shared
      (stead_eqt50 and obstransformer56: best F2, 0.33). benchmarks/pick_rules.py: P recall on the 87 labelled
      earthquakes 0.920 -> 0.943 with the same false P on the 30 minutes of real noise (9.9 per hour); on the
      generated stretch the same recall for 3.0 -> 3.4 false P per hour (0.3: 4.7; 0.25: 15.8 on real noise for no
      more labelled recall). Calibrate's S, 0.39, would drop one of the 87 S labels to remove false S; S stays at
      0.3 (at 0.25: one S label more for 2 false S per hour more).
    - ``detection`` = "pickers": the detection probability P(eq) of each classifier window is computed from the
      pickers' curves and the signal-to-noise ratio at the P peak (eqviewer/detect/pick_detection.py), which do not
      depend on the instrument's gain; "classifier" uses the seed classifier network, which reads raw counts and
      calls most noise of other instruments an earthquake (eqviewer/model/amplitude_guard.py). With "pickers" the
      classifier network does not run (unless the cascade's first pass asks for it).
    - ``pick_min_detection`` = 0.1: a pick is kept only where the pick detection's P(eq) is at least this (0: off;
      not applied to the classifier network's P(eq), which follows the amplitude). Measured with the
      pick detection on the labelled records in ../shared and the noise generated from them (the records of
      benchmarks/detection_probability.py; weights fitted on the same records, so the recall cost may be larger on
      other data), false P+S per hour at 0 -> 0.1 -> 0.2 -> 0.5: OBS noise records 16 -> 13 -> 9 -> 0, spectral
      noise 12 -> 7 -> 7 -> 0 (OBS) and 8 -> 3 -> 0 -> 0 (STEAD), real pre-P noise 78 -> 55 -> 43 -> 27 (OBS) and
      11 -> 7 -> 4 -> 1 (STEAD), noise bursts 90 -> 45 -> 30 -> 10 and 116 -> 103 -> 40 -> 11, spikes 107 -> 50 ->
      40 -> 8 and 145 -> 80 -> 44 -> 13; recall within 0.5 s on the real earthquakes: P unchanged (OBS 0.946, STEAD
      0.940), S OBS 0.919 -> 0.892 from 0.1 on (one of 37), STEAD 0.980 unchanged; on the events behind a minute of
      their own noise P 0.917 -> 0.889 -> 0.889 -> 0.806 (OBS) and 0.933 -> 0.933 -> 0.933 -> 0.911 (STEAD), S 0.917
      -> 0.889 -> 0.861 -> 0.833 and 0.978 -> 0.956 -> 0.956 -> 0.911. On a generated network day
      (benchmarks/network_day.py --hours 3 --events 20, detected from waveforms with --cascade) 0, 0.1 and 0.2 all
      find the 20 events (median epicentre error 0.19 km), but 0.2 leaves one event with too few far picks: 14 km
      off (0 and 0.1: at most 1.0 km). 0.1 is the highest that kept every location; 0.5 costs P on noisy
      ocean-bottom records.
    - ``det_threshold`` = 0.5: the even-odds point of the calibrated pick detection, and the seed classifier's own
      decision rule (earthquake if P(eq) > 0.5). A threshold fitted to a model's classifier network applies only
      to the same source (the models fitted before the pick detection existed: "classifier").
    - ``record_start_s`` = 1.5 s: no picks in a record's first 1.5 s. No window sees an onset there 1-9 s in, and the
      pickers read a record's start as an onset when the archive tapered it (STEAD's traces rise from zero over
      about 1.5 s): on stead_eqt50 that gave a P pick about 1 s in on most traces, and the OBS noise records of
      obstransformer56, given the same taper, 8 false P picks in 19 minutes (none without it).
    - ``edge_taper_s`` = 1 s: outputs within this distance of a window edge (filter start-up, zero padding of the
      convolutions) are weighted down by a raised cosine before the maximum over windows is taken; a window edge
      that is also the record's edge is not tapered.
    - ``p_min_snr`` = 1.5, ``s_min_snr`` = 2: a pick is kept only if the band-passed (2-20 Hz) energy in the second
      after it is at least that many times the energy of the 5 s before it (eqviewer/detect/pick_rules.py).
      Measured with benchmarks/pick_rules.py (table in eqviewer/detect/README.md): on the 30 minutes of real noise
      in ../shared (obstransformer56's noise records and the pre-event noise of 87 earthquake records) false picks
      per hour P 23.7 -> 9.9, S 23.7 -> 13.8 (half in all); on a generated 3-hour stretch P 14.1 -> 2.1; P recall
      0.920 -> 0.908, S recall 0.954 unchanged. 2 for P as well lost another point of P recall for no fewer false P;
      0 turns a rule off.
    - ``snr_exempt_probability`` = 0.9: a pick at least this probable is kept whatever its SNR (an onset on a noisy
      ocean-bottom record can carry less energy than the noise before it and still be plain to the picker). It
      wins back the P recall the SNR rule cost (0.908 -> 0.920 on the labelled records, 0.867 -> 0.889 on the
      generated stretch) with the same false picks on real noise (9.9 / 13.8 per hour); on the generated stretch
      false P 2.1 -> 3.0 per hour. 0.8 measured the same; 1 turns it off.
    - ``pair_within_s``, ``pair_s``: keep a P only if an S peak follows within ``pair_within_s`` s (0: off, the
      default: it cost 4.6 points of P recall and removed fewer false P than the SNR rule), an S only if a P
      precedes it (``pair_s``).
    - ``cascade``: run the pickers only on windows a cheap first pass flags, plus ``cascade_neighbours`` earlier
      grid windows (1: measured, it keeps the default's recall, see eqviewer/detect/first_pass.py). ``first_pass`` picks the first pass: "stalta" (ObsPy's recursive STA/LTA, amplitude independent),
      "classifier" (the seed classifier, which reads raw counts and only suits TXED-like amplitudes) or "auto"
      (calibrate the classifier against STA/LTA on the record itself, see eqviewer/detect/first_pass.py).
    """

    stride_s: float = 8.0
    s_stride_s: float = 16.0
    classifier_stride_s: float = 15.0
    span_margin_s: float = 12.0
    p_threshold: float = SEED.thresholds["p"]
    s_threshold: float = SEED.thresholds["s"]
    det_threshold: float = SEED.thresholds[CLASSIFIER]
    record_start_s: float = 1.5
    min_separation_s: float = 1.0
    edge_taper_s: float = 1.0
    detection_requires_pick: bool = True
    detection: str = DETECTION_SOURCES[0]
    pick_min_detection: float = 0.1
    cascade: bool = False
    first_pass: str = "auto"
    cascade_neighbours: int = 1
    sta_s: float = 0.5
    lta_s: float = 10.0
    trigger_on: float = 3.5
    trigger_off: float = 1.5
    pair_within_s: float = 0.0
    pair_s: bool = False
    p_min_snr: float = 1.5
    s_min_snr: float = 2.0
    snr_exempt_probability: float = 0.9
    attention: bool = False
    batch_size: int = 64
    chunk_windows: int = 512

    def __post_init__(self) -> None:
        if not 0.01 <= self.stride_s <= 60.0:
            raise ValueError(f"stride must be between 0.01 s and 60 s, got {self.stride_s}")
        ratio = self.s_stride_s / self.stride_s
        if ratio < 1 or abs(ratio - round(ratio)) > 1e-6:
            raise ValueError(f"S stride ({self.s_stride_s} s) must be a multiple of the stride ({self.stride_s} s)")
        if not 0.01 <= self.classifier_stride_s <= 60.0:
            raise ValueError(f"classifier stride must be between 0.01 s and 60 s, got {self.classifier_stride_s}")
        for name in ("p_threshold", "s_threshold", "det_threshold"):
            value = getattr(self, name)
            if not 0.0 < value < 1.0:
                raise ValueError(f"{name.replace('_', ' ')} must be between 0 and 1, got {value}")
        if not 0.0 <= self.pick_min_detection < 1.0:
            raise ValueError(f"the P(eq) a pick needs must be in [0, 1), got {self.pick_min_detection}")
        if self.detection not in DETECTION_SOURCES:
            raise ValueError(f"detection must come from one of {', '.join(DETECTION_SOURCES)}, got {self.detection!r}")
        if self.first_pass not in FIRST_PASSES:
            raise ValueError(f"first pass must be one of {', '.join(FIRST_PASSES)}, got {self.first_pass!r}")
        if not 2 * self.edge_taper_s < self.span_margin_s <= 60.0:
            raise ValueError(f"span margin must exceed twice the edge taper and be at most 60 s, got {self.span_margin_s}")
        if not 0 <= self.record_start_s <= 60:
            raise ValueError(f"record start without picks must be between 0 s and 60 s, got {self.record_start_s}")
        if self.edge_taper_s < 0 or self.edge_taper_s > 10:
            raise ValueError(f"edge taper must be between 0 s and 10 s, got {self.edge_taper_s}")
        if self.cascade_neighbours < 0 or self.batch_size < 1 or self.chunk_windows < 1:
            raise ValueError("cascade neighbours, batch size and chunk size must be positive")
        if not 0 < self.snr_exempt_probability <= 1:
            raise ValueError(f"the probability that exempts a pick from the SNR rule must be in (0, 1], got "
                             f"{self.snr_exempt_probability}")
        if self.pair_within_s < 0 or self.p_min_snr < 0 or self.s_min_snr < 0:
            raise ValueError("the P-S pairing time and the minimum signal-to-noise ratio cannot be negative")
        if not 0 < self.sta_s < self.lta_s:
            raise ValueError(f"STA ({self.sta_s} s) must be shorter than LTA ({self.lta_s} s)")

    @classmethod
    def for_model(cls, descriptor: ModelDescriptor, metadata: Mapping | None = None, **changes) -> DetectSettings:
        """The settings a model is used with: the defaults with its kind's (``descriptor``) decision thresholds,
        then those fitted to it (stored in its ``metadata``; the detection threshold only where it was fitted to the
        same ``detection`` source, :data:`FITTED_DETECTION_KEY`, "classifier" when not said), then ``changes``.

        This is the one rule for a model's thresholds: the detector, the evaluation report and (through
        :func:`eqviewer.app.thresholds.detect_settings`) both front ends apply it.
        """
        thresholds = {name: descriptor.thresholds[net] for net, name in THRESHOLD_FIELDS.items()}
        fitted = model_thresholds(metadata or {})
        stored = (metadata or {}).get("thresholds")
        fitted_on = stored.get(FITTED_DETECTION_KEY, "classifier") if isinstance(stored, Mapping) else "classifier"
        if changes.get("detection", cls.detection) != fitted_on:  # a threshold fitted to another P(eq)
            fitted.pop(THRESHOLD_FIELDS[CLASSIFIER], None)
        return cls(**{**thresholds, **fitted, **changes})

    @classmethod
    def for_stride(cls, stride_s: float, **changes) -> "DetectSettings":
        """Settings with picker stride ``stride_s`` and the strides that follow from it (plus ``changes``).

        The S stride stays the multiple of ``stride_s`` nearest its default (at least ``stride_s`` itself), as the
        detector needs; the classifier stride stays at its default unless ``stride_s`` is longer (the classifier
        never runs more often than needed to cover every sample twice, and never less often than the pickers).
        Any stride the range check accepts gives valid settings; ValueError for one outside it.
        """
        defaults = cls()
        if not stride_s > 0:  # the range check below says what is wrong
            return cls(**({"stride_s": stride_s} | changes))
        derived = {
            "stride_s": stride_s,
            "s_stride_s": stride_s * max(1, round(defaults.s_stride_s / stride_s)),
            "classifier_stride_s": max(defaults.classifier_stride_s, stride_s),
        }
        return cls(**(derived | changes))

    def as_dict(self) -> dict:
        """The settings as a plain dict (for run provenance)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
