"""What `eqviewer train` and the Retrain dialog say about a training: the labels it learned from, the thresholds it
kept and why, and its held-out gain with the interval."""

from pathlib import Path

from eqviewer.app.retrain import RetrainOutcome, summary_lines
from eqviewer.app.training import learned_from, threshold_lines
from eqviewer.train import Gain
from eqviewer.train.bootstrap import Interval


def test_the_labels_learned_from_are_counted_by_kind_and_side():
    counts = {"train": {"earthquake": 28, "noise": 12, "noise record": 5, "P picks": 28, "S picks": 27},
              "validation": {"earthquake": 7, "noise": 3, "P picks": 7, "S picks": 6}}
    assert learned_from(counts) == ("learned from: train 28 earthquake windows, 12 noise windows, 28 P picks, "
                                    "27 S picks; validation 7 earthquake windows, 3 noise windows, 7 P picks, 6 S picks")


def test_thresholds_show_the_fitted_and_the_base_value_and_which_was_kept():
    thresholds = {
        "p": 0.21, "det": 0.42,
        "checked": {"p": {"fitted": 0.21, "base": 0.33, "kept": "fitted", "measure": "F2", "gain": 0.31,
                          "low": 0.12, "high": 0.45, "level": 0.95, "resamples": 200, "labels": 41},
                    "s": {"fitted": 0.45, "base": 0.3, "kept": "base", "measure": "F2", "gain": 0.02,
                          "low": -0.03, "high": 0.06, "level": 0.95, "resamples": 200, "labels": 39}},
        "kept": {"det": "seed-2"}}
    lines = threshold_lines(thresholds)
    assert lines == [
        "P threshold: fitted 0.21, base 0.33, kept the fitted's (F2 gain +0.31, 95% +0.12..+0.45 over 200 resamples "
        "of 41 labels)",
        "S threshold: fitted 0.45, base 0.30, kept the base's (F2 gain +0.02, 95% -0.03..+0.06 over 200 resamples "
        "of 39 labels)",
        "detection threshold: 0.42 from seed-2"]
    assert threshold_lines({"not_fitted": {"p": "8 P labels (fitting needs 20)"}}) == [
        "P threshold: the base's (not fitted: 8 P labels (fitting needs 20))"]


def test_the_held_out_gain_is_said_with_its_interval():
    outcome = RetrainOutcome("m", "seed", Path("m"), "done", 30, 12,
                             gains=[Gain("P hit", Interval(0.03, -0.02, 0.08), 41, "picks")])
    assert summary_lines(outcome) == ["gain on the 12 held-out windows (new - base, each at its own thresholds): "
                                      "P hit +0.03 (95% -0.02..+0.08, 41 picks)"]
    nothing_held = RetrainOutcome("m", "seed", Path("m"), "done", 30, 0)
    assert summary_lines(nothing_held) == ["nothing held out of training: no gain measured on unseen labels"]
