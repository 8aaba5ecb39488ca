"""Fitting vp/vs (Wadati) and station delays to located events of a generated network with known ones, storing
the fit in the session, and every later location using it."""

from __future__ import annotations

import numpy as np
import pytest
from obspy.geodetics import gps2dist_azimuth

from eqviewer.app.location import needs_relocation, relocate_all
from eqviewer.app.model_fit import fit_velocity_model, model_fit_lines, stored_model_fit, wadati_diagram
from eqviewer.associate.session_events import relocation_inputs
from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.associate.velocity_fit import SHRINK_COUNT, station_delays
from eqviewer.errors import EqviewerError
from tests.associate.delayed_network import MODEL, delayed_session


def _median_error_km(origins, truth) -> float:
    errors = []
    for origin in origins:
        true = min(truth.events, key=lambda e: abs(e.time - origin.time))
        errors.append(gps2dist_azimuth(origin.latitude, origin.longitude, true.latitude, true.longitude)[0] / 1e3)
    return float(np.median(errors))


def test_the_fit_recovers_vp_vs_and_station_delays_and_later_locations_use_them(tmp_path):
    session, truth = delayed_session(tmp_path / "s.eqreview")
    with session:
        events = session.events()
        assert len(events) == len(truth.events)
        before_error, before_rms = _median_error_km(events, truth), np.median([e.rms_s for e in events])
        fit = fit_velocity_model(session, all_events=True)
        assert fit.vp_vs == pytest.approx(truth.vp_vs, abs=0.015) and 0 < fit.vp_vs_spread < 0.02
        assert fit.n_events == len(events)
        shrunk = np.array([truth.delays[(d.station_key, d.phase)] * d.count / (d.count + SHRINK_COUNT)
                           for d in fit.delays])
        misfit = np.array([d.delay_s for d in fit.delays]) - shrunk
        assert len(fit.delays) == 20 and np.sqrt(np.mean(misfit**2)) < 0.04 and np.abs(misfit).max() < 0.08
        assert np.corrcoef(shrunk, shrunk + misfit)[0, 1] > 0.95  # delays and locations trade off a little
        assert stored_model_fit(session) == fit
        _, _, model = relocation_inputs(session, events[0].id)
        assert model.vs[0] == pytest.approx(6.0 / fit.vp_vs, rel=1e-4) and model.delays
        origins, problems = relocate_all(session)
        assert not problems and [o.id for o in origins] == [e.id for e in events]
        name = f"{parse_velocity_model(MODEL).name}; vp/vs={fit.vp_vs:.4f}"
        assert all(o.velocity_model == name for o in origins)
        assert parse_velocity_model(origins[0].velocity_model).vs == model.vs
        assert not any(needs_relocation(session, o.id) for o in origins)  # residuals count the delays
        assert np.median([o.rms_s for o in origins]) < before_rms / 2
        assert _median_error_km(origins, truth) < before_error
        lines = model_fit_lines(fit)
        assert lines[0].startswith(f"vp/vs {fit.vp_vs:.3f} ± ") and len(lines) == 11


def test_the_wadati_diagram_holds_one_point_per_station_with_p_and_s(tmp_path):
    session, truth = delayed_session(tmp_path / "s.eqreview", n_events=4)
    with session:
        diagram = wadati_diagram(session, all_events=True)
        assert len(diagram.points) == 4 * 10 and diagram.n_events == 4
        x = np.array([p.p_travel_s for p in diagram.points])
        y = np.array([p.s_minus_p_s for p in diagram.points])
        assert np.all(x > 0) and np.median(np.abs(diagram.line(x) - y)) < 0.3
        assert diagram.vp_vs == pytest.approx(truth.vp_vs, abs=0.03)


def test_only_reviewed_events_are_fitted_unless_all_are_asked_for(tmp_path):
    session, _ = delayed_session(tmp_path / "s.eqreview", n_events=3)
    with session:
        with pytest.raises(EqviewerError, match="no reviewed events"):
            fit_velocity_model(session)
        first = session.events()[0]
        session.set_evaluation_status(first.id, "final")
        with pytest.raises(EqviewerError, match="1 events with two stations"):
            fit_velocity_model(session)
        assert session.model_fit() == {}


def test_station_delays_shrink_toward_zero_with_few_arrivals():
    (few, many) = station_delays({("XX.A.", "P"): [0.4], ("XX.B.", "P"): [0.4] * 30})
    assert few.delay_s == pytest.approx(0.4 / (1 + SHRINK_COUNT)) and few.spread_s is None
    assert many.delay_s == pytest.approx(0.4 * 30 / (30 + SHRINK_COUNT)) and many.spread_s == 0
