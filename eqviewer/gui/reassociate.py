"""Re-associating the session's picks from the window (Events > Re-associate, Ctrl+Shift+A): PyOcto runs in a
worker thread on the picks and stations read in the GUI thread; the events are stored (one undoable edit) back in
the GUI thread, and the event view redraws."""

from __future__ import annotations

from eqviewer.associate.associator import associate_picks
from eqviewer.associate.section import event_model
from eqviewer.associate.session_events import association_inputs, store_events
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.errors import EqviewerError
from eqviewer.gui.worker import Worker

DEFAULT_MODEL = "vp=6.0,vs=3.5"


def reassociate(window, view) -> Worker | None:
    """Start re-associating ``window``'s session with the velocity model of its current events (or the default
    homogeneous one); errors become message boxes. The worker, or None when nothing was started."""
    session = window.session
    if session is None or getattr(view, "worker", None) is not None:
        return None
    if session.read_only:
        window.show_error("Cannot re-associate", f"{session.path}: {session.read_only_reason}")
        return None
    try:
        picks, stations = association_inputs(session)
    except EqviewerError as exc:
        window.show_error("Cannot re-associate", str(exc))
        return None
    events = session.events()
    model = (event_model(events[0]) if events else None) or parse_velocity_model(DEFAULT_MODEL)

    def job(progress, cancel, emit) -> None:
        emit(associate_picks(picks, stations, model, AssociationSettings(),
                             progress=lambda done, total: progress(done, total, "associating"), cancel=cancel))

    def on_result(result) -> None:
        try:
            summary = store_events(session, result)
        except EqviewerError as exc:
            window.show_error("Cannot store the events", str(exc))
            return
        window.statusBar().showMessage(f"{summary.events} events from {summary.associated} of {summary.picks} picks"
                                       f" (model {model.name})", 8000)
        view.refresh()

    def on_done(_cancelled: bool) -> None:
        view.worker.wait()
        view.worker = None

    view.worker = Worker(job, "associating picks", window)
    view.worker.result.connect(on_result)
    view.worker.failed.connect(lambda message: window.show_error("Association failed", message))
    view.worker.done.connect(on_done)
    window.statusBar().showMessage(f"associating {len(picks)} picks …")
    view.worker.start()
    return view.worker
