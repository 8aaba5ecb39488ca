"""Exports from the window: a partly reviewed record is left out of a training export by default and the status bar
counts it; with "include partly reviewed records" its unjudged phase is exported as unknown."""

from __future__ import annotations

from eqviewer.review.training_windows import UNKNOWN_STATUS
from tests.review.test_partial_exports import _rows, _session


def test_the_window_leaves_partly_reviewed_records_out_and_says_so(shared_data, tmp_path, window):
    path = tmp_path / "partial.eqreview"
    done, partial = _session(shared_data, path)
    window.open_paths([], session_path=str(path))
    assert window.label_files.export("seisbench", str(tmp_path / "sb"), ("accepted", "corrected", "manual"))
    assert [r["eqviewer_record"] for r in _rows(tmp_path / "sb")] == [done]
    message = window.statusBar().currentMessage()
    assert "wrote 1 traces" in message and "1 partly reviewed record(s)" in message and "left out" in message
    assert window.label_files.export("seisbench", str(tmp_path / "sb2"), ("accepted", "corrected", "manual"), include_partial=True)
    rows = {r["eqviewer_record"]: r for r in _rows(tmp_path / "sb2")}
    assert rows[partial]["trace_s_status"] == UNKNOWN_STATUS  # unjudged: unknown to training, never "no S"
    assert "marked unknown" in window.statusBar().currentMessage()
