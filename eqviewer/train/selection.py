"""Fine-tuning never ships a worse network: each tuned network is kept only where it beats its base on the
validation split.

Both models run over the validation windows as detection runs them (:func:`eqviewer.train.thresholds.threshold_outcomes`);
each trained network's thresholds are fitted there and kept only where reliably better than the base's
(:func:`eqviewer.train.thresholds.check_fitted`); then each network is judged at its threshold against the base's
network at the base's: a picker by the F1 of its picks (a label with a pick of its phase within 0.5 s is a hit,
every other pick, on earthquake and noise records alike, a false pick), the classifier by the detection F1 of the
records. A tuned network that does not score higher (a tie included: nothing shows it is better) is replaced by
the base's, and the new model's metadata takes that network from the base, as it does for networks its task does
not train.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from eqviewer.detect import DetectSettings
from eqviewer.model import THRESHOLD_KEYS
from eqviewer.train.evaluate import RecordOutcome
from eqviewer.train.thresholds import NETWORK_KEYS, check_fitted, fit_outcomes, labels_of, score, threshold_outcomes

MEASURES = {"det": "detection F1", "p": "P pick F1", "s": "S pick F1"}
"""What each network is judged by, by its threshold key."""
UNITS = {"det": "records", "p": "P labels", "s": "S labels"}


@dataclass(frozen=True)
class NetworkChoice:
    """Which of a network's two versions the new model holds, and the figures that decided it."""

    network: str
    kept: str
    """"tuned" or "base"."""
    tuned: float
    base: float
    tuned_threshold: float
    base_threshold: float
    labels: int

    def text(self) -> str:
        """One line for a training summary, e.g. "p: tuned network kept (P pick F1 0.91 against the base's 0.87 on
        12 P labels of the validation split)"."""
        key = NETWORK_KEYS[self.network]
        figures = (f"{MEASURES[key]} {self.tuned:.2f} at {self.tuned_threshold:.2f} against the base's "
                   f"{self.base:.2f} at {self.base_threshold:.2f} on {self.labels} {UNITS[key]} of the validation split")
        if self.kept == "tuned":
            return f"{self.network}: tuned network kept ({figures})"
        return f"{self.network}: the base's network kept, the tuned one did not beat it ({figures})"

    def as_dict(self) -> dict:
        """The metadata form."""
        return asdict(self)


@dataclass
class Judgement:
    """The thresholds entry to store (fitted and checked; {} when not fitted) and each trained network's choice."""

    thresholds: dict
    choices: dict[str, NetworkChoice]


NETWORK_JUDGING = DetectSettings(detection="classifier", pick_min_detection=0.0)
"""How the networks are run to be judged: each on its own, P(eq) from the classifier network and picks from the
pickers alone (the default detection computes P(eq) from the pickers and keeps picks by it, which would judge the
pickers twice and the classifier not at all)."""


def run_thresholds(model) -> dict[str, float]:
    """{"p", "s", "det"} -> the threshold ``model`` (a loaded :class:`eqviewer.model.SeedModel`) runs its networks
    at (the detection threshold: its classifier network's)."""
    settings = DetectSettings.for_model(model.descriptor, model.metadata, detection="classifier")
    return {key: getattr(settings, field) for key, field in THRESHOLD_KEYS.items()}


def choose_networks(tuned: Sequence[RecordOutcome], base: Sequence[RecordOutcome], networks: Sequence[str],
                    tuned_thresholds: Mapping[str, float], base_thresholds: Mapping[str, float]) -> dict[str, NetworkChoice]:
    """Each of ``networks`` judged on the same records: the tuned model's outcomes ``tuned`` at
    ``tuned_thresholds`` against the base's ``base`` at ``base_thresholds`` (keys "p", "s", "det")."""
    choices = {}
    for net in networks:
        key = NETWORK_KEYS[net]
        new = score(tuned, key, tuned_thresholds[key])
        old = score(base, key, base_thresholds[key])
        choices[net] = NetworkChoice(net, "tuned" if new > old else "base", new, old, float(tuned_thresholds[key]),
                                     float(base_thresholds[key]), labels_of(tuned, key))
    return choices


def judge(validation_sources: Sequence, tuned_model, base_model, networks: Sequence[str], fit: bool, choose: bool,
          resamples: int, seed: int = 0, data: str = "") -> Judgement:
    """Run the tuned model over ``validation_sources``, fit the thresholds of the trained ``networks`` (when ``fit``)
    keeping only those reliably better than the base's, and (when ``choose``) run the base model too and choose
    each network (:func:`choose_networks`)."""
    base_at = run_thresholds(base_model)
    tuned_outcomes = threshold_outcomes(validation_sources, tuned_model, NETWORK_JUDGING)
    thresholds: dict = {}
    if fit:
        fitted = fit_outcomes(tuned_outcomes, data, keys=[NETWORK_KEYS[net] for net in networks])
        thresholds = check_fitted(fitted, tuned_outcomes, base_at, resamples, seed)
    if not choose:
        return Judgement(thresholds, {})
    tuned_at = {key: thresholds.get(key, base_at[key]) for key in THRESHOLD_KEYS}
    base_outcomes = threshold_outcomes(validation_sources, base_model, NETWORK_JUDGING)
    return Judgement(thresholds, choose_networks(tuned_outcomes, base_outcomes, networks, tuned_at, base_at))
