"""Every stride the model panel offers runs the model through the window: the S and classifier strides follow
the P stride (DetectSettings.for_stride), so 7, 9 or 10 s no longer make Run do nothing."""

from __future__ import annotations

import pytest

from eqviewer.gui.app import example_path

MODEL_TIMEOUT_MS = 180_000


def test_every_stride_in_the_box_runs_the_model(qtbot, window, seed_models_dir, tmp_path):
    with qtbot.waitSignal(window.record_shown, timeout=20_000):
        window.open_paths([example_path()], session_path=str(tmp_path / "strides.eqreview"))
    record = window.editor.record_id
    for stride in (4.0, 7.0, 9.0, 10.0, 16.0):
        window.model_panel.stride.setValue(stride)
        with qtbot.waitSignal(window.model_finished, timeout=MODEL_TIMEOUT_MS) as finished:
            assert window.model_runs.run_model(all_records=False) is not None, stride
        assert finished.args == [False] and not window.error_boxes, [b.text() for b in window.error_boxes]
        settings = window.session.runs()[-1]["settings"]
        assert settings["stride_s"] == stride
        assert settings["s_stride_s"] / stride == pytest.approx(round(settings["s_stride_s"] / stride))
        assert settings["classifier_stride_s"] >= stride
        assert window.session.curve_info(record) is not None
