"""The model panel shows the thresholds fitted to the chosen model, and the defaults for a model without them."""

from __future__ import annotations

from eqviewer.detect.settings import DetectSettings
from eqviewer.gui.model_panel import ModelPanel
from eqviewer.model import registry


def test_choosing_a_model_shows_its_fitted_thresholds(qtbot):
    registry.register("tuned", {}, {"base": "seed", "thresholds": {"p": 0.55, "s": 0.45, "det": 0.2,
                                                                   "detection": "pickers"}})
    panel = ModelPanel()
    qtbot.addWidget(panel)
    defaults = DetectSettings()
    assert panel.model_spec() == "seed" and panel.settings().p_threshold == defaults.p_threshold
    changed = []
    panel.thresholds_changed.connect(lambda det, p, s: changed.append((det, p, s)))
    panel.model_box.setCurrentIndex(panel.model_box.findData("tuned"))
    settings = panel.settings()
    assert (settings.p_threshold, settings.s_threshold, settings.det_threshold) == (0.55, 0.45, 0.2)
    assert changed[-1] == (0.2, 0.55, 0.45)
    panel.detection.setCurrentIndex(panel.detection.findData("classifier"))  # fitted to the pickers' P(eq) only
    assert panel.settings().detection == "classifier" and panel.settings().det_threshold == defaults.det_threshold
    panel.detection.setCurrentIndex(panel.detection.findData("pickers"))
    assert panel.settings().det_threshold == 0.2
    panel.p_threshold.setValue(0.7)  # the analyst's choice stands until another model is chosen
    assert panel.settings().p_threshold == 0.7
    panel.model_box.setCurrentIndex(panel.model_box.findData("seed"))
    assert panel.settings().p_threshold == defaults.p_threshold


def test_a_second_kind_shows_its_own_thresholds_as_the_command_line_runs_it(qtbot, tiny_model):
    from eqviewer.app.thresholds import model_thresholds
    from eqviewer.cli import build_parser
    from eqviewer.cli.detect_arguments import settings_from

    panel = ModelPanel()
    qtbot.addWidget(panel)
    panel.model_box.setCurrentIndex(panel.model_box.findData(tiny_model))
    shown = {name: round(getattr(panel.settings(), name), 6) for name in ("det_threshold", "p_threshold", "s_threshold")}
    assert shown == model_thresholds(tiny_model) != model_thresholds("seed")
    command_line = settings_from(build_parser().parse_args(["detect", "x.mseed", "--model", tiny_model]))
    assert shown == {name: getattr(command_line, name) for name in shown}
