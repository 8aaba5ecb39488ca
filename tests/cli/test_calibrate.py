"""`eqviewer calibrate` on a few real OBS records, and detect/evaluate using the thresholds it stored."""

from __future__ import annotations

import json

import h5py
import pytest

from eqviewer.cli import main
from eqviewer.model.descriptor import SEED


@pytest.fixture()
def small_obs(shared_data, tmp_path):
    """Three earthquakes and two noise records of obstransformer56 in a STEAD-like file of their own."""
    path = tmp_path / "small.hdf5"
    with h5py.File(shared_data / "obstransformer56" / "sample.hdf5", "r") as src, h5py.File(path, "w") as out:
        names = list(src["data"])
        quakes = [n for n in names if src["data"][n].attrs["trace_category"] == "earthquake_local"][:3]
        noise = [n for n in names if src["data"][n].attrs["trace_category"] == "noise"][:2]
        for name in quakes + noise:
            src.copy(src["data"][name], out.require_group("data"), name)
    return path


@pytest.fixture()
def env(tmp_path, monkeypatch, seed_models_dir):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("EQVIEWER_MODELS_DIR", str(seed_models_dir))


def test_calibrate_stores_thresholds_that_evaluate_uses_unless_overridden(small_obs, env, tmp_path, capsys):
    from eqviewer.model import registry

    assert main(["calibrate", str(small_obs), "--model", "seed"]) == 2
    assert "--out NAME" in capsys.readouterr().err
    assert main(["calibrate", str(small_obs), "--model", "seed", "--out", "obs-cal", "--min-records", "2"]) == 0
    printed = capsys.readouterr().out
    fitted = registry.resolve("obs-cal").metadata["thresholds"]
    assert "P: not fitted, too few labels (3 P labels (fitting needs 20))" in printed and "stored with obs-cal" in printed
    assert f"detection threshold {fitted['det']:.2f}" in printed
    assert fitted["records"] == 5 and fitted["noise_records"] == 2 and set(fitted["not_fitted"]) == {"p", "s"}
    out = tmp_path / "eval.json"
    assert main(["evaluate", str(small_obs), "--model", "obs-cal", "--json", str(out)]) == 0
    used = json.loads(out.read_text())["settings"]
    defaults = (SEED.thresholds["p"], SEED.thresholds["s"])
    assert (used["p_threshold"], used["s_threshold"], used["det_threshold"]) == (*defaults, fitted["det"])



def test_a_threshold_with_too_few_labels_to_fit_again_keeps_its_earlier_value(small_obs, env, capsys):
    from eqviewer.model import registry

    registry.register("net-cal", {}, {"base": "seed", "thresholds": {"p": 0.41, "s": 0.36, "det": 0.27}})
    assert main(["calibrate", str(small_obs), "--model", "net-cal", "--min-records", "2"]) == 0
    printed = capsys.readouterr().out
    stored = registry.resolve("net-cal").metadata["thresholds"]
    assert "P: not fitted, too few labels (3 P labels (fitting needs 20)); keeps 0.41 from net-cal" in printed
    assert (stored["p"], stored["s"]) == (0.41, 0.36) and stored["kept"] == {"p": "net-cal", "s": "net-cal"}
    assert f"detection threshold {stored['det']:.2f}" in printed and "det" in stored["figures"]
    assert registry.fitted_thresholds("net-cal")["p_threshold"] == 0.41

def test_options_given_override_the_fitted_thresholds(env):
    import argparse

    from eqviewer.cli import build_parser
    from eqviewer.cli.detect_arguments import settings_from
    from eqviewer.detect import DetectSettings
    from eqviewer.model import registry

    registry.register("tuned", {}, {"base": "seed", "thresholds": {"p": 0.55, "s": 0.45, "det": 0.2,
                                                                   "detection": "pickers"}})
    registry.register("classifier-tuned", {}, {"base": "seed", "thresholds": {"p": 0.55, "s": 0.45, "det": 0.2}})
    args = build_parser().parse_args(["evaluate", "x.hdf5", "--p-threshold", "0.9", "--cascade", "--first-pass",
                                      "stalta"])
    settings = settings_from(argparse.Namespace(**{**vars(args), "model": "tuned"}))
    assert (settings.p_threshold, settings.s_threshold, settings.det_threshold) == (0.9, 0.45, 0.2)
    # a detection threshold applies only to the P(eq) it was fitted to (not said: the classifier network's)
    default_det = DetectSettings().det_threshold
    assert settings_from(argparse.Namespace(**{**vars(args), "model": "classifier-tuned"})).det_threshold == default_det
    as_classifier = build_parser().parse_args(["evaluate", "x.hdf5", "--detection", "classifier"])
    assert settings_from(argparse.Namespace(**{**vars(as_classifier), "model": "classifier-tuned"})).det_threshold == 0.2
    assert settings_from(argparse.Namespace(**{**vars(as_classifier), "model": "tuned"})).det_threshold == default_det
    assert settings.cascade and settings.first_pass == "stalta"
    assert settings_from(argparse.Namespace(**{**vars(args), "model": "seed"})).s_threshold == 0.3


def test_calibrate_a_reviewed_session_also_while_another_process_writes_it(shared_data, env, tmp_path, capsys):
    from eqviewer.model import registry
    from eqviewer.review.session import Session

    session = str(tmp_path / "s.eqreview")
    archive = str(shared_data / "stead_eqt50" / "waveforms.hdf5")
    assert main(["session", "new", session, archive]) == 0
    assert main(["session", "new", str(tmp_path / "empty.eqreview"), archive]) == 0
    assert main(["session", "import-labels", session]) == 0
    capsys.readouterr()
    assert main(["calibrate", str(tmp_path / "empty.eqreview"), "--model", "seed", "--out", "none"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{tmp_path / 'empty.eqreview'}: the session holds no reviewed labels" in err[0]
    with Session.open(session) as writer:  # holds the write lock: calibration reads what is committed
        assert not writer.read_only
        assert main(["calibrate", session, "--model", "seed", "--out", "session-cal"]) == 0
    printed = capsys.readouterr().out
    fitted = registry.resolve("session-cal").metadata["thresholds"]
    assert f"P threshold {fitted['p']:.2f}" in printed and f"S threshold {fitted['s']:.2f}" in printed
    assert fitted["records"] == 50 and set(fitted["figures"]) == {"p", "s"} and "stored with session-cal" in printed
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".eqreview")) == ["empty.eqreview",
                                                                                         "s.eqreview"]
