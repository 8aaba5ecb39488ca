import math

import pytest

from eqviewer.train.metrics import PhaseTally, classification_metrics, f_beta, phase_metrics, precision_recall_f1


def test_classification_with_earthquake_as_positive_class():
    truth = [True, True, True, False, False]
    predicted = [True, False, True, True, False]
    m = classification_metrics(truth, predicted)
    assert m["accuracy"] == pytest.approx(3 / 5)
    assert m["precision"] == pytest.approx(2 / 3)
    assert m["recall"] == pytest.approx(2 / 3)
    assert m["f1"] == pytest.approx(2 / 3)
    assert (m["n_earthquake"], m["n_noise"]) == (3, 2)
    assert m["confusion"] == [[1, 1], [1, 2]]


def test_classification_without_positive_predictions_has_no_precision_and_scores_nothing():
    m = classification_metrics([True, False], [False, False])
    assert m["precision"] is None and m["recall"] == 0.0 and m["f1"] == 0.0


def test_a_zero_denominator_leaves_a_figure_undefined():
    assert precision_recall_f1(0, 0, 0) == (None, None, None)
    assert precision_recall_f1(0, 2, 0) == (0.0, None, 0.0)  # nothing to find, two false calls
    assert precision_recall_f1(3, 1, 1) == (0.75, 0.75, pytest.approx(0.75))
    assert f_beta(2, 2, 1, beta=2.0) == pytest.approx(5 * 2 / (5 * 2 + 4 * 1 + 2))


def test_a_miss_is_a_miss():
    tally = PhaseTally()
    tally.add_record([10.0], [10.05, 40.0])  # found, error -0.05 s
    tally.add_record([20.0], [20.7])  # nearest pick 0.7 s off: not found, but within 1 s
    tally.add_record([30.0], [])  # no pick at all
    tally.add_record([5.0], [4.8])  # found, error +0.2 s
    m = phase_metrics(tally)
    assert (m["n_labelled"], m["n_picked"]) == (4, 2)
    assert m["recall"] == pytest.approx(0.5)
    assert m["mae_s"] == pytest.approx((0.05 + 0.2) / 2)  # over found picks only: the misses are not zeros
    assert m["median_abs_s"] == pytest.approx(0.125)
    assert m["bias_s"] == pytest.approx((-0.05 + 0.2) / 2)
    assert m["std_s"] == pytest.approx(0.125)
    assert m["hit_0.1s"] == pytest.approx(1 / 4)
    assert m["hit_0.5s"] == pytest.approx(2 / 4)
    assert m["hit_1.0s"] == pytest.approx(3 / 4)
    assert m["n_picks"] == 4
    assert m["false_picks_per_hour_noise"] is None


def test_labels_outside_the_record_are_counted_apart_not_as_misses():
    tally = PhaseTally()
    tally.add_record([10.0, 65.0, -2.0], [10.1], duration_s=59.99)  # S after the trace's end, P before its start
    m = phase_metrics(tally)
    assert (m["n_labelled"], m["n_picked"], m["n_outside_record"]) == (1, 1, 2)
    assert m["recall"] == 1.0


def test_false_picks_per_hour_on_noise():
    tally = PhaseTally()
    tally.add_noise(3, 60.0)
    tally.add_noise(0, 1740.0)
    m = phase_metrics(tally)
    assert m["false_picks_per_hour_noise"] == pytest.approx(6.0)
    assert m["n_labelled"] == 0 and m["recall"] is None and m["mae_s"] is None
    assert not any(isinstance(v, float) and math.isnan(v) for v in m.values())
