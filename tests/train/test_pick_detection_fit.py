"""Fitting the pick detection's logistic weights, and judging records by their highest window."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.detect import PICK_DETECTION_FEATURES
from eqviewer.train import DetectionSamples, fit_pick_detection
from eqviewer.train.pick_detection_fit import UNUSED


def samples(n: int, seed: int) -> DetectionSamples:
    """Earthquake windows with a high P peak and lasting energy, noise windows without; one unused window each."""
    rng = np.random.default_rng(seed)
    width = len(PICK_DETECTION_FEATURES)
    quakes = rng.normal([0.85, 1.0, 0.5, 0.9, 0.6], 0.15, (n, width))
    quiet = rng.normal([0.25, 0.1, 0.1, 0.05, 0.0], 0.15, (n, width))
    features = np.concatenate([quakes, quiet, rng.normal(0.5, 0.3, (2, width))])
    labels = np.r_[np.ones(n), np.zeros(n), UNUSED, UNUSED].astype(np.int8)
    records = np.array([f"q{i}" for i in range(n)] + [f"n{i}" for i in range(n)] + ["q0", "n0"])
    return DetectionSamples(features, labels, records, records.copy())


def test_the_fit_separates_what_it_was_shown_and_judges_records_by_their_highest_window():
    weights = fit_pick_detection(samples(60, seed=1))
    held_out = samples(60, seed=2)
    probability = weights.probability(held_out.features)
    assert probability[held_out.labels == 1].mean() > 0.9 and probability[held_out.labels == 0].mean() < 0.1
    truth, said = held_out.record_outcomes(weights)
    assert truth.size == 120 and truth.sum() == 60  # the unused windows belong to records already counted
    assert (truth == said).mean() > 0.95
    assert weights.coefficients[PICK_DETECTION_FEATURES.index("p_max")] > 0


def test_a_fit_needs_both_classes_and_keeps_to_its_labelled_windows():
    only_quakes = samples(10, seed=3)
    with pytest.raises(ValueError, match="both earthquake and noise"):
        fit_pick_detection(only_quakes.subset(only_quakes.labels != 0))
    both = samples(30, seed=4)
    joined = DetectionSamples.join([both.subset(both.labels != UNUSED), both.subset(both.labels == UNUSED)])
    assert len(joined) == len(both)
    assert fit_pick_detection(joined) == fit_pick_detection(both.subset(both.labels != UNUSED))
