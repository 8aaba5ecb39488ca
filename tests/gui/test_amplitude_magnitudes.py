"""The station-magnitude dock of the Event tab: it shows the event's station magnitudes with residuals to the
ML; X excludes the selected station and Alt+R rejects an amplitude (the ML recomputed each time), undo takes
them back."""

from __future__ import annotations

import pytest

from eqviewer.gui.magnitude_panel import COLUMNS, MagnitudePanel


@pytest.fixture
def panel(qtbot, measured_event):
    """The panel beside an event view over a session whose one event is located and measured."""
    review, view, _ = measured_event
    errors = []
    widget = MagnitudePanel(view, review, lambda title, text: errors.append(text))
    qtbot.addWidget(widget)
    view.set_session(review.session, [])
    return widget, review.session, errors


def _cell(widget, row, name):
    return widget.table.item(row, COLUMNS.index(name)).text()


def test_panel_shows_residuals_and_excluding_a_station_recomputes_the_ml(panel):
    widget, session, errors = panel
    origin_id = widget.origin_id
    assert origin_id is not None and widget.table.rowCount() == 6
    before = session.magnitude(origin_id)
    assert f"ML {before.value:.2f}" in widget.summary.text() and "6 stations" in widget.summary.text()
    distances = [float(_cell(widget, r, "dist km")) for r in range(6)]
    assert distances == sorted(distances)
    for row in range(6):
        residual = float(_cell(widget, row, "ML")) - before.value
        assert float(_cell(widget, row, "residual")) == pytest.approx(residual, abs=0.011)
    widget.table.selectRow(0)
    widget.toggle_station()
    assert _cell(widget, 0, "used") == "no" and _cell(widget, 0, "status") == "excluded"
    assert session.magnitude(origin_id).station_count == 5 and "5 stations" in widget.summary.text()
    widget.table.selectRow(1)
    widget.reject()
    assert session.magnitude(origin_id).station_count == 4 and _cell(widget, 1, "status") == "rejected"
    session.undo()
    session.undo()
    widget.show_event(widget.view.origin)
    assert session.magnitude(origin_id) == before and "6 stations" in widget.summary.text()
    assert {_cell(widget, r, "used") for r in range(6)} == {"yes"} and errors == []
