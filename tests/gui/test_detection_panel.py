"""The P(eq) panel says what it draws: P(eq) from the pickers (the default) is never judged by amplitude; with the
raw-count classifier, on a record whose noise it can judge, the coloured curve, its threshold and the caption that
explains it; on a record far above the classifier's training amplitudes (stead_eqt50 in counts), a faded curve, no
threshold and a caption saying why it is not to be trusted."""

from __future__ import annotations

import numpy as np
from obspy import UTCDateTime

from eqviewer.gui.pick_style import DETECTION_COLOUR
from eqviewer.gui.detection_texts import DETECTION_CAPTION, PICKERS_NOTE, RAW_INPUT_NOTE
from eqviewer.io import open_archive
from eqviewer.model import SEED


def test_p_eq_from_the_pickers_is_drawn_as_it_is_on_any_record(trace_view, shared_data):
    view = trace_view
    with open_archive(shared_data / "stead_eqt50") as source:
        record = source.read(source.items()[0])
    view.set_record(record.data, record.start, record.sampling_rate, record.station_id)
    view.set_probability("detection", record.start, 100.0, np.full(record.n_samples, 0.9, np.float32))
    assert view.detection_warning is None and view.detection_caption.text == DETECTION_CAPTION + PICKERS_NOTE
    assert "From the pickers" in view.plots["detection"].toolTip() and view.threshold_lines["detection"].isVisible()


def test_a_record_the_classifier_can_judge_gets_its_curve_and_threshold(trace_view):
    view = trace_view
    view.set_classifier_ceiling(SEED.raw_noise_ceiling)  # P(eq) from the seed classifier network
    data = (0.3 * np.random.default_rng(2).standard_normal((3, 18_000))).astype(np.float32)
    view.set_record(data, UTCDateTime(2024, 1, 1), 100.0, "XX.QUIET..HH")
    view.set_probability("detection", view.start, 100.0, np.linspace(0, 1, 18_000, dtype=np.float32))
    assert view.detection_warning is None and view.detection_caption.text == DETECTION_CAPTION + RAW_INPUT_NOTE
    assert "centre" in view.detection_caption.text and "raw counts" in view.detection_caption.text
    assert "joined linearly between overlapping windows" in view.plots["detection"].toolTip()
    assert view.curves["detection"].opts["pen"].color().name() == DETECTION_COLOUR.lower()
    assert view.threshold_lines["detection"].isVisible()


def test_a_record_far_above_the_classifier_amplitudes_gets_a_faded_curve_and_says_why(trace_view, shared_data):
    view = trace_view
    view.set_classifier_ceiling(SEED.raw_noise_ceiling)
    with open_archive(shared_data / "stead_eqt50") as source:
        record = source.read(source.items()[0])
    view.set_record(record.data, record.start, record.sampling_rate, record.station_id)
    view.set_probability("detection", record.start, 100.0, np.full(record.n_samples, 0.9, np.float32))
    caption = view.detection_caption.text
    assert view.detection_warning == caption and "not to be trusted" in caption and "raw-amplitude" in caption
    assert "raw amplitudes" in view.plots["detection"].toolTip()  # the tooltip explains
    pen = view.curves["detection"].opts["pen"].color()
    assert pen.alpha() < 255 and pen.name() != DETECTION_COLOUR.lower()
    assert not view.threshold_lines["detection"].isVisible()
    quiet = (0.3 * np.random.default_rng(2).standard_normal((3, 6000))).astype(np.float32)
    view.set_record(quiet, record.start, 100.0, record.station_id)  # the next record is judged afresh
    assert view.detection_warning is None and view.threshold_lines["detection"].isVisible()


def test_a_classifier_that_normalises_its_input_is_not_judged_by_amplitude(trace_view, shared_data):
    view = trace_view
    view.set_classifier_ceiling(SEED.raw_noise_ceiling)
    with open_archive(shared_data / "stead_eqt50") as source:
        record = source.read(source.items()[0])
    view.set_record(record.data, record.start, record.sampling_rate, record.station_id)
    assert view.detection_warning is not None  # the shipped raw-count classifier's curve: faded
    view.set_classifier_ceiling(None)  # curves of a fine-tuned classifier that normalises its input
    assert view.detection_warning is None and view.threshold_lines["detection"].isVisible()
    assert view.detection_caption.text == DETECTION_CAPTION + PICKERS_NOTE
    assert "raw counts" not in view.plots["detection"].toolTip()
    view.set_classifier_ceiling(1e4)  # a raw-count classifier trained on loud records
    assert view.detection_warning is None and view.detection_caption.text.endswith(RAW_INPUT_NOTE)
    view.set_classifier_ceiling(0.8)
    assert view.detection_warning is not None and not view.threshold_lines["detection"].isVisible()


def test_probability_curves_are_finite_and_pyqtgraph_is_told_so(trace_view):
    view = trace_view
    view.set_record(np.zeros((3, 6000), np.float32), UTCDateTime(2024, 1, 1), 100.0, "XX.STA..HH")
    values = np.full(6000, 0.4, np.float32)
    values[100:200] = np.nan  # a damaged stored curve: drawn as 0 there, not left to pyqtgraph's NaN scan
    view.set_probability("p", view.start, 100.0, values)
    curve = view.curves["p"]
    y = curve.yData  # the samples as set (getData gives the on-screen, downsampled ones)
    assert np.isfinite(y).all() and y[150] == 0.0 and y[50] == np.float32(0.4)
    assert curve._dataset.xAllFinite and curve._dataset.yAllFinite  # no scan of the samples for NaN
