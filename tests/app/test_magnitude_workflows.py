"""Local magnitudes where the analyst works: the window's re-association measures them like `eqviewer associate`
(associated and measured in one job, stored back in the session's thread), and a relocation recomputes the event's
magnitude from its stored amplitudes at their new distances."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.app.association import AssociationRequest, associate_and_store, prepare_reassociation, store_association
from eqviewer.app.location import relocate_event
from eqviewer.associate import MagnitudeSettings, measure_magnitudes, parse_formula, update_magnitude
from eqviewer.associate.magnitude import method_text, parse_method
from eqviewer.errors import EqviewerError
from tests.associate import magnitude_network as net

TRUE_ML = 2.3


def _session(tmp_path, seed: int, located_offset_km: float | None = None):
    stations, true = net.network(), net.event()
    session = net.make_session(tmp_path, stations, true, TRUE_ML, np.random.default_rng(seed))
    if located_offset_km is not None:
        session.replace_events([net.located(net.event(located_offset_km), *net.stored_picks(session))])
    return session, stations, true


def test_reassociation_measures_in_the_job_and_stores_like_associate(tmp_path):
    session, _, _ = _session(tmp_path, 5)
    with session:
        plan = prepare_reassociation(session)
        assert plan.magnitudes is not None  # net.xml is station metadata: responses may be known
        stages = set()
        outcome = plan.run(lambda done, total, stage: stages.add(stage))
        assert session.events() == []  # nothing stored by the job
        summary, (result,) = store_association(session, outcome)
        assert summary.events == 1 and stages == {"associating", "measuring magnitudes"}
        (event,) = session.events()
        assert result.origin_id == event.id == summary.event_ids[0]
        assert session.magnitude(event.id).value == pytest.approx(TRUE_ML, abs=0.1)
        cli = associate_and_store(session, AssociationRequest()).magnitudes
        assert cli[0].magnitude.value == pytest.approx(result.magnitude.value)


def test_relocation_recomputes_the_magnitude_from_stored_amplitudes(tmp_path):
    session, stations, true = _session(tmp_path, 6, located_offset_km=25.0)
    with session:
        (before,) = measure_magnitudes(session)  # distances from the wrong place: station magnitudes spread
        origin = relocate_event(session, before.origin_id)
        after = session.magnitude(origin.id)
        assert after.value == pytest.approx(TRUE_ML, abs=0.1)
        assert after.uncertainty < before.magnitude.uncertainty / 2
        assert after.method == before.magnitude.method
        for amplitude in session.amplitudes(origin.id):
            station = next(s for s in stations if s.key == amplitude.station_key)
            assert amplitude.distance_km == pytest.approx(net.hypocentral_km(true, station), abs=0.5)
            assert amplitude.amplitude_m == next(a.amplitude_m for a in before.amplitudes
                                                 if a.station_key == amplitude.station_key)


def test_recomputing_keeps_formula_mean_and_corrections(tmp_path):
    session, _, _ = _session(tmp_path, 7, located_offset_km=12.0)
    with session:
        settings = MagnitudeSettings(parse_formula("1,1.11,0.00189,-2.09"), "trimmed", {"XX.S00.": 0.4})
        (measured,) = measure_magnitudes(session, settings)
        magnitude = update_magnitude(session, session.event(measured.origin_id))  # same place: same values
        assert magnitude.value == pytest.approx(measured.magnitude.value)
        assert magnitude.method == measured.magnitude.method
        stored = session.amplitudes(measured.origin_id)
        assert [a.correction for a in stored] == [a.correction for a in measured.amplitudes]


def test_method_text_round_trips_and_refuses_other_text():
    formula = parse_formula("hutton-boore")
    assert parse_method(method_text(formula, "trimmed")) == (formula, "trimmed")
    with pytest.raises(EqviewerError, match="names no formula"):
        parse_method("made by hand")
