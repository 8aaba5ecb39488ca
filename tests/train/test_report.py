"""The HTML evaluation report, from hand-made predictions (no network needed)."""

import base64
import re

import numpy as np
import pytest

from eqviewer.errors import ExportError
from eqviewer.model.descriptor import SEED
from eqviewer.train.report import Predictions, Thresholds, summary, worst_misses, write_report
from eqviewer.train.windows import LabelledWindows


def _windows():
    rng = np.random.default_rng(0)
    n = 6
    return LabelledWindows(
        waveforms=rng.standard_normal((n, 3, 6000)).astype(np.float32),
        p_samples=[np.array([1000.0]), np.array([1500.0]), np.array([800.0]), np.array([900.0]), np.empty(0), np.empty(0)],
        s_samples=[np.array([2000.0]), np.empty(0), np.array([1700.0]), np.array([1800.0]), np.empty(0), np.empty(0)],
        is_earthquake=np.array([True, True, True, True, False, False]),
        event_ids=[f"e{i}" for i in range(n)],
        record_ids=[f"file.h5#w{i}" for i in range(n)],
    )


def _curves(peaks):
    curves = np.zeros((len(peaks), 6000), np.float32)
    for i, (sample, height) in enumerate(peaks):
        if sample is not None:
            curves[i, sample] = height
    return curves


def _predictions(name, p_peaks, s_peaks, prob):
    return Predictions(name, _windows(), np.array(prob, np.float32), _curves(p_peaks), _curves(s_peaks))


@pytest.fixture()
def good_and_bad():
    good = _predictions("tuned", [(1010, .9), (1490, .8), (805, .9), (900, .9), (None, 0), (None, 0)],
                        [(2020, .9), (None, 0), (1700, .7), (1800, .6), (None, 0), (None, 0)],
                        [.9, .8, .9, .7, .1, .2])
    bad = _predictions("seed", [(1010, .9), (1800, .8), (805, .2), (900, .9), (300, .7), (None, 0)],
                       [(2600, .9), (None, 0), (1700, .7), (1800, .1), (None, 0), (None, 0)],
                       [.9, .3, .4, .7, .6, .2])
    return good, bad


def test_summary_counts_as_defined(good_and_bad):
    good, bad = good_and_bad
    s = summary(bad)
    # classifier: says eq for windows 0, 3, 4 -> tp 2 of 3 said, 2 of 4 earthquakes
    assert s["classifier precision"] == pytest.approx(2 / 3) and s["classifier recall"] == 0.5
    assert s["classifier F1"] == pytest.approx(4 / 7)
    # P: window 0 (-0.1 s) and 3 found; 1 is 3 s off; 2 below threshold -> 2 of 4
    assert s["P recall"] == 0.5 and s["P MAE (s)"] == pytest.approx(0.05) and s["P picks on noise"] == 0.5
    assert s["S recall"] == pytest.approx(1 / 3)  # of three S labels only window 2 is found
    assert summary(good)["P recall"] == 1.0 and summary(good)["classifier F1"] == 1.0


def test_a_classifier_that_calls_nothing_has_no_precision_and_scores_nothing(good_and_bad):
    good, _ = good_and_bad
    silent = Predictions(good.name, good.windows, good.prob_earthquake, good.p_curve, good.s_curve,
                         Thresholds(0.95, 0.5, 0.5))
    s = summary(silent)  # the rule of eqviewer.train.metrics.precision_recall_f1
    assert np.isnan(s["classifier precision"]) and s["classifier recall"] == 0.0 and s["classifier F1"] == 0.0


def test_each_model_is_judged_at_its_own_thresholds(good_and_bad, tmp_path):
    good, bad = good_and_bad
    low = Predictions(bad.name, bad.windows, bad.prob_earthquake, bad.p_curve, bad.s_curve, Thresholds(0.35, 0.15, 0.5))
    s = summary(low)
    # window 2's P peak 0.2 is found at 0.15; P(eq) 0.4 of window 2 and 0.6 of noise window 4 are said earthquake
    assert s["P recall"] == 0.75 and summary(bad)["P recall"] == 0.5
    assert s["classifier recall"] == 0.75 and s["classifier precision"] == 0.75
    assert (s["detection threshold"], s["P threshold"], s["S threshold"]) == (0.35, 0.15, 0.5)
    assert "P not picked" not in dict(worst_misses(low, 4)).get(2, "")
    text = write_report(tmp_path / "report", [good, low]).read_text(encoding="utf-8")
    assert "<tr><th>P threshold</th><td>0.500</td><td>0.150</td></tr>" in text


def test_a_model_is_judged_at_its_fitted_thresholds_else_its_kinds():
    class Loaded:  # what Thresholds.own reads of a loaded model
        descriptor = SEED
        metadata = {"thresholds": {"p": 0.42, "det": 0.61, "detection": "pickers"}}

    assert Thresholds.own(Loaded()) == Thresholds(0.61, 0.42, SEED.thresholds["s"])
    Loaded.metadata = {"thresholds": {"p": 0.42, "det": 0.61}}  # fitted to the classifier network's P(eq)
    assert Thresholds.own(Loaded()) == Thresholds(SEED.thresholds["classifier"], 0.42, SEED.thresholds["s"])
    Loaded.metadata = {}
    assert Thresholds.own(Loaded()) == Thresholds(*(SEED.thresholds[net] for net in ("classifier", "p", "s")))


def test_worst_misses_puts_missing_and_far_picks_first(good_and_bad):
    _, bad = good_and_bad
    misses = dict(worst_misses(bad, 3))
    assert "P not picked" in misses[2] and "S not picked" in misses[3]
    assert set(misses) == {0, 2, 3} and misses[0] == "S off by -6.00 s"
    assert "classified noise (P(eq) 0.40)" in misses[2]  # a window's other faults are listed with it


def test_report_is_one_html_page_with_embedded_figures_side_by_side(good_and_bad, tmp_path):
    page = write_report(tmp_path / "report", list(good_and_bad), title="seed vs tuned")
    assert page == tmp_path / "report" / "index.html" and sorted(p.name for p in page.parent.iterdir()) == ["index.html"]
    text = page.read_text(encoding="utf-8")
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', text)
    assert len(images) >= 4 and all(base64.b64decode(i)[:8] == b"\x89PNG\r\n\x1a\n" for i in images)
    assert "<th>tuned</th><th>seed</th>" in text and "seed vs tuned" in text
    assert text.count("class='col'") == 2


def test_report_into_a_file_path_is_a_clear_error(good_and_bad, tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write the report"):
        write_report(blocker, list(good_and_bad))
    assert blocker.read_text() == "x"


def test_record_ids_and_names_with_dollar_signs_are_drawn_as_they_are(good_and_bad, tmp_path):
    good, bad = good_and_bad
    for pred in (good, bad):
        pred.windows.record_ids[:] = [f"odd$\\frac{{x$_{i}$#w{i}$^" for i in range(6)]
    page = write_report(tmp_path / "report", [good, bad], title="$x$ vs $y")
    assert page.is_file() and "<title>$x$ vs $y</title>" in page.read_text(encoding="utf-8")  # the figures drew
