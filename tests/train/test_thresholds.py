"""Fitting thresholds: the best-F2 (phases) and best-F1 (detection) rules on known outcomes, and a fit on real
windows that evaluation confirms."""

import numpy as np
import pytest

from eqviewer.detect import DetectSettings
from eqviewer.model.descriptor import SEED
from eqviewer.train.evaluate import RecordOutcome, evaluate_sources
from eqviewer.train.finetune import read_labelled
from eqviewer.train.thresholds import check_fitted, fit_detection, fit_outcomes, fit_phase, fit_thresholds
from eqviewer.train.window_source import WindowsSource


def _quake(label: float, picks: list[tuple[float, float]], max_det: float) -> RecordOutcome:
    return RecordOutcome("earthquake", 60.0, 60.0, max_det, {"P": [label], "S": []}, {"P": picks, "S": []})


def _noise(picks: list[tuple[float, float]], max_det: float) -> RecordOutcome:
    return RecordOutcome("noise", 3600.0, 3600.0, max_det, {"P": [], "S": []}, {"P": picks, "S": []})


def test_best_f1_threshold_is_the_middle_of_equals_and_needs_enough_labels():
    outcomes = [
        _quake(10.0, [(10.1, 0.8), (40.0, 0.3)], 0.9),
        _quake(12.0, [(12.2, 0.6)], 0.7),
        _noise([(5.0, 0.45), (50.0, 0.2)], 0.4),
    ]
    threshold, figures = fit_phase(outcomes, "P", min_labels=2)
    # every true pick kept and every false one dropped for thresholds in [0.45, 0.6): the middle one is taken
    assert threshold == pytest.approx(0.52)
    assert figures["f1"] == 1.0 and figures["recall"] == 1.0 and figures["false_picks_per_hour_noise"] == 0.0
    assert fit_phase(outcomes, "S", min_labels=1) is None and fit_phase(outcomes, "P", min_labels=3) is None
    det, figures = fit_detection(outcomes, min_records=1)
    assert det == pytest.approx(0.55) and figures["f1"] == 1.0  # the middle of [0.40, 0.70)
    assert fit_detection(outcomes[:2], min_records=1) is None  # no noise: nothing to fit the classifier against


def test_phase_thresholds_weigh_a_missed_arrival_more_than_a_false_pick():
    outcomes = [_quake(10.0 + k, [(10.0 + k, 0.9)], 0.9) for k in range(4)]
    outcomes += [_quake(20.0, [(20.0, 0.3)], 0.9), _noise([(5.0, 0.35), (9.0, 0.32)], 0.2)]
    threshold, figures = fit_phase(outcomes, "P", min_labels=5)
    # F1 would drop the weak arrival with the two false picks (0.89 at 0.35-0.89 against 0.83 below 0.3); F2 keeps it
    assert threshold < 0.3 and figures["recall"] == 1.0 and figures["false_picks"] == 2
    assert figures["f2"] == pytest.approx(25 / 27) and figures["f1"] == pytest.approx(10 / 12)


def test_fit_on_real_windows_matches_an_evaluation_at_the_fitted_thresholds(shared_data, seed_models_dir):
    from eqviewer.model import SeedModel

    windows = read_labelled([shared_data / "obstransformer56" / "sample.hdf5"], SEED.window_samples)
    part = windows.subset(list(np.flatnonzero(windows.is_earthquake)[:6]) + list(np.flatnonzero(~windows.is_earthquake)[:3]))
    model = SeedModel.load(seed_models_dir)
    fitted = fit_thresholds([WindowsSource(part)], model, data="nine OBS windows", min_labels=6, min_records=3)
    assert {"p", "s", "det", "method", "figures"} <= set(fitted) and fitted["records"] == 9
    result = evaluate_sources([WindowsSource(part)], model, DetectSettings(p_threshold=fitted["p"], s_threshold=fitted["s"]))
    for key, phase in (("p", "P"), ("s", "S")):
        assert result.phases[phase]["recall"] == pytest.approx(fitted["figures"][key]["recall"])


def _weak_quakes(n: int) -> list[RecordOutcome]:
    """``n`` earthquakes whose P the picker finds only at 0.25, under the seed's threshold."""
    return [_quake(10.0, [(10.0, 0.25)], 0.9) for _ in range(n)]


BASE = {"p": 0.33, "s": 0.3, "det": 0.5}


def test_a_fit_on_few_labels_keeps_the_base_threshold():
    # the fit gains one weak P for a false pick on noise: on a resample without that P it loses
    outcomes = [_quake(10.0, [(10.0, 0.9)], 0.9), _quake(11.0, [(11.0, 0.9)], 0.9), *_weak_quakes(1),
                _noise([(5.0, 0.28)], 0.1)]
    fitted = fit_outcomes(outcomes, min_labels=1, keys=["p"])
    assert fitted["p"] < 0.25  # the best F2 on these records
    checked = check_fitted(fitted, outcomes, BASE, resamples=200)
    note = checked["checked"]["p"]
    assert "p" not in checked and note["kept"] == "base" and note["low"] <= 0 < note["gain"]
    assert (note["fitted"], note["base"], note["labels"], note["resamples"]) == (fitted["p"], 0.33, 3, 200)


def test_a_fit_the_labels_clearly_support_is_kept():
    # forty P the base's threshold misses and the fitted one finds, and no false pick: the gain holds on every draw
    outcomes = _weak_quakes(40) + [_noise([], 0.1) for _ in range(10)]
    fitted = fit_outcomes(outcomes, min_labels=20, keys=["p", "s"])
    assert set(fitted["not_fitted"]) == {"s"}  # no S labels: nothing to check
    checked = check_fitted(fitted, outcomes, BASE, resamples=200)
    note = checked["checked"]["p"]
    assert checked["p"] == fitted["p"] < 0.25 and note["kept"] == "fitted" and note["low"] > 0.5
    assert note["measure"] == "F2" and "s" not in checked["checked"]
