"""Fitting a session's velocity model to its reviewed events and storing it there: the vp/vs and station delays
every later location in the session uses (:func:`eqviewer.associate.session_events.session_model`)."""

from __future__ import annotations

from eqviewer.associate.session_events import relocation_inputs
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity_fit import EventPicks, ModelFit, WadatiFit, fit_model, wadati_fit
from eqviewer.errors import SessionError

REVIEWED_STATUSES = ("final", "reviewed", "confirmed")
"""Evaluation statuses of the events an analyst has reviewed (committing one makes it "final")."""


def fit_events(session, all_events: bool = False) -> list[EventPicks]:
    """The session's reviewed events (or every event) with their current P and S picks. SessionError when there
    is none."""
    events = [e for e in session.events() if all_events or e.evaluation_status in REVIEWED_STATUSES]
    if not events:
        raise SessionError(session.path, "no reviewed events to fit the velocity model to: commit the events you"
                                         " reviewed first, or fit on every event" if not all_events else
                                         "no located events: associate the picks first (eqviewer associate)")
    chosen = []
    for event in events:
        origin, picks, _ = relocation_inputs(session, event.id)
        chosen.append((origin, picks))
    return chosen


def fit_session_model(session, all_events: bool = False,
                      settings: AssociationSettings = AssociationSettings()) -> ModelFit:
    """Fit vp/vs and station delays to the session's reviewed events (or every event) and store them in place of
    an earlier fit (not an edit); the fit. EqviewerError when the events cannot fit vp/vs."""
    events = fit_events(session, all_events)
    _, _, model = relocation_inputs(session, events[0][0].id)
    fit = fit_model(events, session.stations(), model, settings)
    session.set_model_fit(fit.values())
    return fit


def session_wadati(session, all_events: bool = False) -> WadatiFit:
    """The Wadati diagram of the session's reviewed events (or every event): points and the fitted vp/vs.
    EqviewerError when they cannot fit vp/vs."""
    return wadati_fit(fit_events(session, all_events))


def stored_model_fit(session) -> ModelFit | None:
    """The fit the session stores (None when none was fitted)."""
    return ModelFit.from_values(session.model_fit())
