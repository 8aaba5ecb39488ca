"""The window redraws what another writer changed in its session: here a second Session handle holds the session's
write lock (as another analyst's window or a running `eqviewer detect` would), the window is a read-only viewer,
and it follows the other handle's edits by polling ``Session.change_token()``."""

from __future__ import annotations

from eqviewer.gui.app import example_path
from eqviewer.labels import Pick
from eqviewer.review.session import Session

POLL_TIMEOUT_MS = 10_000


def test_a_second_handle_edits_a_pick_and_the_window_shows_it(qtbot, window, tmp_path):
    path = str(tmp_path / "team.eqreview")
    archive = example_path()
    with Session.create(path, archives=[archive], author="ana") as other:
        with qtbot.waitSignal(window.record_shown, timeout=20_000):
            window.open_paths([archive], session_path=path)
        assert window.session.read_only and "in use by" in window.session.read_only_reason
        record = window.record
        assert window.trace.pick_line_x(1) is None

        pick_id = other.add_pick(Pick(record.station_id, "P", record.start + 5.0, record=str(record.ref)))
        qtbot.waitUntil(lambda: window.trace.pick_line_x(pick_id) is not None, timeout=POLL_TIMEOUT_MS)
        assert abs(window.trace.pick_line_x(pick_id) - 5.0) < 1e-6

        other.move_pick(pick_id, record.start + 6.5)  # the other analyst moves it: the window follows
        qtbot.waitUntil(lambda: abs((window.trace.pick_line_x(pick_id) or 0.0) - 6.5) < 1e-6,
                        timeout=POLL_TIMEOUT_MS)
        assert [p.time for p in window.editor.picks()] == [record.start + 6.5]

        other.reject(pick_id)
        qtbot.waitUntil(lambda: [p.status for p in window.editor.picks()] == ["rejected"], timeout=POLL_TIMEOUT_MS)

        assert other.undo() and other.undo()  # back to the first position, still shown by the window
        qtbot.waitUntil(lambda: abs((window.trace.pick_line_x(pick_id) or 0.0) - 5.0) < 1e-6,
                        timeout=POLL_TIMEOUT_MS)
        assert [p.status for p in window.editor.picks()] == ["manual"]
        window.close_session()  # the viewer lets go before the writer closes
