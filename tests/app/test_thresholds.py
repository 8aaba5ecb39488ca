"""A model's thresholds are resolved by one rule (kind defaults, then fitted values, then the user's) and are the
same through `detect`, `evaluate`, the detector and the evaluation report."""

from __future__ import annotations

import argparse

from eqviewer.app.thresholds import detect_settings, model_thresholds
from eqviewer.cli import build_parser
from eqviewer.cli.detect_arguments import settings_from
from eqviewer.model import SeedModel, registry
from tests.tiny_kind import TINY

KIND = {"det_threshold": TINY.thresholds["classifier"], "p_threshold": TINY.thresholds["p"],
        "s_threshold": TINY.thresholds["s"]}


def _triple(settings) -> dict:
    return {name: getattr(settings, name) for name in KIND}


def test_a_second_kind_runs_at_its_own_thresholds_through_every_face(tiny_model):
    from eqviewer.detect import Detector
    from eqviewer.train.report import Thresholds

    assert model_thresholds(tiny_model) == KIND
    detect = build_parser().parse_args(["detect", "x.mseed", "--model", tiny_model])
    assert _triple(settings_from(detect)) == KIND
    evaluate = build_parser().parse_args(["evaluate", "x.mseed", "--model", tiny_model, "--model", "seed"])
    for name in evaluate.model:  # evaluate judges each model at its own thresholds
        expected = KIND if name == tiny_model else model_thresholds("seed")
        assert _triple(settings_from(argparse.Namespace(**{**vars(evaluate), "model": name}))) == expected
    model = SeedModel.load(tiny_model)
    assert _triple(Detector(model).settings) == KIND
    own = Thresholds.own(model)
    assert (own.det, own.p, own.s) == tuple(KIND.values())


def test_fitted_values_win_over_the_kind_and_options_over_both(tiny_model):
    entry = registry.resolve(tiny_model)
    registry.store_thresholds(entry, {"p": 0.41, "s": 0.37})
    assert model_thresholds(tiny_model) == {**KIND, "p_threshold": 0.41, "s_threshold": 0.37}
    args = build_parser().parse_args(["detect", "x.mseed", "--model", tiny_model, "--s-threshold", "0.5"])
    assert _triple(settings_from(args)) == {**KIND, "p_threshold": 0.41, "s_threshold": 0.5}
    assert detect_settings(tiny_model, 4.0, det_threshold=0.7, p_threshold=None).det_threshold == 0.7


def test_an_unknown_model_gets_the_seed_kind_and_the_stride_its_strides(tiny_model):
    settings = detect_settings("no-such-model", 4.0)
    assert (settings.p_threshold, settings.stride_s) == (0.33, 4.0)
    assert settings.s_stride_s % settings.stride_s == 0
    args = argparse.Namespace(model=None, stride=None, cascade=True, first_pass="stalta")
    assert settings_from(args).cascade and settings_from(args).first_pass == "stalta"
