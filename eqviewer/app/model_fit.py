"""The velocity model fitted to a session's reviewed events: vp/vs from a Wadati diagram and per-station P and S
delays, stored in the session and used by every later location there (``eqviewer locate``, the relocation after
each edit in the window, ``eqviewer associate`` and the window's re-association). The one workflow ``eqviewer
locate --fit-model`` and the window's Wadati diagram share.

Reviewed events are those with an evaluation status of final (committed), reviewed or confirmed; ``all_events``
fits to every located event instead (a session nobody has reviewed yet). The fit is metadata, like station
coordinates: storing it is not an edit, and fitting again replaces it.
"""

from __future__ import annotations

from eqviewer.associate import (ModelFit, StationDelay, WadatiFit, WadatiPoint, fit_session_model, session_wadati,
                                stored_model_fit)

__all__ = ["ModelFit", "StationDelay", "WadatiFit", "WadatiPoint", "fit_velocity_model", "model_fit_lines",
           "stored_model_fit", "wadati_diagram"]


def fit_velocity_model(session, all_events: bool = False) -> ModelFit:
    """Fit vp/vs and station delays to the writable ``session``'s reviewed events (or every event) and store
    them; the fit. The events themselves are not relocated (``eqviewer locate`` does that next). EqviewerError
    when there are no such events or too few stations with both P and S picks."""
    return fit_session_model(session, all_events)


def wadati_diagram(session, all_events: bool = False) -> WadatiFit:
    """The Wadati diagram of the session's reviewed events (or every event), for the window to plot: the points
    (``WadatiPoint``: event, station, P travel time from the located origin, S-P), the fitted vp/vs with its
    spread, and the line (``fit.line(p_travel_s)``: S-P = (vp/vs - 1) x P travel time). EqviewerError as for
    :func:`fit_velocity_model`."""
    return session_wadati(session, all_events)


def model_fit_lines(fit: ModelFit) -> list[str]:
    """The fit as printed: vp/vs with its spread, then one line per station with its P and S delays."""
    spread = "" if fit.vp_vs_spread is None else f" ± {fit.vp_vs_spread:.3f}"
    lines = [f"vp/vs {fit.vp_vs:.3f}{spread} (Wadati, {fit.n_events} events)"]
    by_station: dict[str, dict[str, StationDelay]] = {}
    for delay in fit.delays:
        by_station.setdefault(delay.station_key, {})[delay.phase] = delay
    for key, phases in sorted(by_station.items()):
        parts = [f"{phase} {_delay_text(phases[phase])}" for phase in ("P", "S") if phase in phases]
        lines.append(f"station {key} delays: {', '.join(parts)}")
    return lines


def _delay_text(delay: StationDelay) -> str:
    spread = "" if delay.spread_s is None else f" ± {delay.spread_s:.2f}"
    return f"{delay.delay_s:+.2f}{spread} s ({delay.count} arrivals)"
