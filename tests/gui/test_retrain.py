"""Model ▸ Retrain on this session, on real labels (stead_eqt50 imported into a session): export, fine-tune in
the worker, the new model registered and offered, before/after figures on the held-out part, the HTML report;
a session without reviewed labels gives a message box; cancelling during training keeps the best model so far."""

from __future__ import annotations

import json

from PyQt6.QtCore import Qt
from PyQt6.QtTest import QTest

from eqviewer.app.retrain import RetrainOptions
from eqviewer.model import registry
from eqviewer.model.descriptor import SEED
from eqviewer.train.settings import TrainSettings

RETRAIN_TIMEOUT_MS = 180_000


def _open_stead(qtbot, window, shared_data, tmp_path, import_labels: bool = True) -> None:
    with qtbot.waitSignal(window.record_shown, timeout=20_000):
        window.open_paths([str(shared_data / "stead_eqt50" / "waveforms.hdf5")],
                          session_path=str(tmp_path / "eqt50.eqreview"))
    if import_labels:
        window.label_files.import_archive_labels()
        assert len(window.session.picks(status="manual")) == 100


def test_retrain_registers_offers_and_compares(qtbot, window, shared_data, seed_models_dir, tmp_path):
    _open_stead(qtbot, window, shared_data, tmp_path)
    options = RetrainOptions(name="eqt50-p", task="picker-p", holdout_fraction=0.3,
                             train=TrainSettings(epochs=1, batch_size=16, val_fraction=0.2, seed=1))
    texts = []
    with qtbot.waitSignal(window.retrain_finished, timeout=RETRAIN_TIMEOUT_MS) as finished:
        worker = window.retraining.start_retrain(options)
        assert worker is not None and window.run_control.progress.isVisible() and window.run_control.cancel_button.isVisible()
        assert not window.model_panel.retrain.isEnabled()
        worker.progress.connect(lambda _f, text: texts.append(text))
    outcome = finished.args[0]
    assert not window.error_boxes, [b.text() for b in window.error_boxes]
    assert outcome is not None and outcome.stopped in ("epochs", "early stopping", "done")
    assert any("epoch 1/1" in t for t in texts), texts[-5:]
    assert 0 < outcome.n_holdout < 50 and outcome.n_train + outcome.n_holdout == 50

    # registered (in this test's XDG_DATA_HOME) with what it was trained on, and listed in the model panel
    entry = registry.resolve("eqt50-p")
    meta = json.loads((entry.path / registry.METADATA_FILE).read_text())
    assert meta["task"] == "picker-p" and meta["training_data"]["windows"] == outcome.n_train
    assert meta["training_data"]["paths"] == [str((tmp_path / "eqt50.eqreview").resolve())]
    assert window.model_panel.model_box.findData("eqt50-p") >= 0
    assert window.model_panel.retrain.isEnabled() and not window.run_control.progress.isVisible()

    # before/after side by side on the held-out windows, and the HTML report
    dialog = window.retraining.retrain_result
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    figures = dialog.figures()
    assert set(figures) >= {"P recall", "S recall", "classifier F1"}
    assert all(before.endswith("%") and after.endswith("%") for before, after in
               (figures["P recall"], figures["S recall"]))
    # only the P picker was trained: the S picker and classifier are the base's, so their figures agree
    assert figures["S recall"][0] == figures["S recall"][1]
    assert figures["classifier F1"][0] == figures["classifier F1"][1]
    page = outcome.report.read_text()
    assert outcome.report.is_file() and "eqt50-p" in page and "seed" in page and "<img" in page
    assert dialog.report_button.isEnabled()
    # each model at its own thresholds: neither the seed nor this model (too few labels to fit) has fitted ones
    own = f"P {SEED.thresholds['p']:.2f}, S {SEED.thresholds['s']:.2f}"
    assert dialog.thresholds_note.text().count(own) == 2, dialog.thresholds_note.text()
    # what it learned from, whether the tuned P picker beat the seed's, and the held-out gain with its interval
    said = dialog.summary.text()
    assert "learned from: train " in said and " P picks" in said and "; validation " in said
    assert said.count("p: ") == 1 and "P pick F1" in said and "P threshold: " in said
    assert "P hit " in said and "(95% " in said and said.count("\n") >= 3
    dialog.grab().save("/tmp/eqviewer-retrain-result.png")

    # switching to the new model
    assert window.model_panel.model_spec() != "eqt50-p"
    QTest.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert window.model_panel.model_spec() == "eqt50-p"
    assert "eqt50-p" in window.model_label.text()


def test_retrain_without_reviewed_labels_shows_the_reason(qtbot, window, shared_data, tmp_path):
    _open_stead(qtbot, window, shared_data, tmp_path, import_labels=False)
    with qtbot.waitSignal(window.retrain_finished, timeout=60_000) as finished:
        assert window.retraining.start_retrain(RetrainOptions(name="nothing", train=TrainSettings(epochs=1))) is not None
    assert finished.args == [None]
    qtbot.waitUntil(lambda: bool(window.error_boxes), timeout=5000)
    box = window.error_boxes[-1]
    assert box.windowTitle() == "Retraining failed" and "no reviewed labels" in box.text()
    assert not registry.user_models_dir().joinpath("nothing").exists()
    # the window keeps working: the next job starts
    assert window.worker is None and window.model_panel.run_current.isEnabled()


def test_retrain_dialog_checks_the_name(qtbot, window, shared_data, tmp_path):
    from eqviewer.gui.retrain_dialogs import RetrainDialog

    dialog = RetrainDialog(["seed", "old"], "seed", "eqt50-1", {"seed", "old"}, window)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert ok.isEnabled() and dialog.note.text() == ""
    dialog.name_edit.setText("seed")
    assert not ok.isEnabled() and "other than" in dialog.note.text()
    dialog.name_edit.setText("old")
    assert ok.isEnabled() and "replaces" in dialog.note.text()
    dialog.epochs.setValue(3)
    options = dialog.options()
    assert (options.name, options.base, options.train.epochs) == ("old", "seed", 3)
    dialog.show()
    dialog.grab().save("/tmp/eqviewer-retrain-dialog.png")


def test_cancel_during_training_keeps_the_best_model_so_far(qtbot, window, shared_data, seed_models_dir, tmp_path):
    _open_stead(qtbot, window, shared_data, tmp_path)
    options = RetrainOptions(name="eqt50-cut", task="picker-p", holdout_fraction=0.3,
                             train=TrainSettings(epochs=50, batch_size=16, patience=50, seed=2, freeze_encoder=True))

    def cancel_in_second_epoch(_fraction, text):
        if "epoch 2/50" in text and window.run_control.cancel_button.isVisible():
            QTest.mouseClick(window.run_control.cancel_button, Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(window.retrain_finished, timeout=RETRAIN_TIMEOUT_MS) as finished:
        window.retraining.start_retrain(options).progress.connect(cancel_in_second_epoch)
    outcome = finished.args[0]
    assert outcome is not None and outcome.stopped == "cancelled" and outcome.before is None
    meta = json.loads((registry.resolve("eqt50-cut").path / registry.METADATA_FILE).read_text())
    assert meta["epochs"]["p"]["stopped"] == "cancelled" and meta["epochs"]["p"]["run"] < 50
    dialog = window.retraining.retrain_result
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.table.rowCount() == 0 and not dialog.report_button.isEnabled()
    assert not window.error_boxes and window.worker is None


def test_menu_and_panel_button_open_the_retrain_dialog(qtbot, window, shared_data, tmp_path):
    from PyQt6.QtCore import QTimer

    from eqviewer.gui.retrain_dialogs import RetrainDialog

    window.retraining.retrain_dialog()  # no session yet: says so
    assert window.error_boxes and "Nothing to retrain on" in window.error_boxes[-1].windowTitle()
    _open_stead(qtbot, window, shared_data, tmp_path, import_labels=False)
    seen = []

    def cancel_dialog():
        for dialog in window.findChildren(RetrainDialog):
            if dialog.isVisible():
                seen.append((dialog.isModal(), dialog.name_edit.text(), dialog.base_box.currentText()))
                dialog.reject()

    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Model")
    action = next(a for a in menu.actions() if a.text().replace("&", "") == "Retrain on this session…")
    for trigger in (window.model_panel.retrain.click, action.trigger):
        QTimer.singleShot(50, cancel_dialog)
        trigger()
    assert seen == [(True, "eqt50-1", "seed")] * 2
    assert window.worker is None  # cancelled: nothing started
