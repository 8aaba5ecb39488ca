"""The analyst's review of amplitudes: moving the window, re-picking the peak, rejecting an amplitude and
excluding a station each recompute the event's ML in one undoable edit; undo and redo bring back the earlier
and later amplitudes and ML."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.app.amplitude_review import (CONFIRMED, EXCLUDED, MANUAL, REJECTED, AmplitudeReview, station_amplitudes,
                                          station_rows)
from eqviewer.associate import measure_magnitudes
from eqviewer.errors import SessionError
from tests.associate import magnitude_network as net

TRUE_ML = 2.4


@pytest.fixture
def measured(tmp_path):
    """A session of the generated network with its event located at the true place and its magnitude measured."""
    stations, true = net.network(), net.event()
    session = net.make_session(tmp_path, stations, true, TRUE_ML, np.random.default_rng(11))
    session.replace_events([net.located(true, *net.stored_picks(session))])
    (result,) = measure_magnitudes(session)
    yield session, result.origin_id, true
    session.close()


def _by_station(session, origin_id):
    return {a.station_key: a for a in session.amplitudes(origin_id)}


def test_reject_and_exclude_recompute_the_ml_and_undo_takes_them_back(measured):
    session, origin_id, _ = measured
    review = AmplitudeReview(session)
    before = session.magnitude(origin_id)
    assert before.value == pytest.approx(TRUE_ML, abs=0.05) and before.station_count == 6
    first, second = sorted(session.amplitudes(origin_id), key=lambda a: a.station_magnitude)[-2:]
    rejected = review.reject(origin_id, second.id)
    assert _by_station(session, origin_id)[second.station_key].status == REJECTED
    assert not _by_station(session, origin_id)[second.station_key].used
    assert rejected.station_count == 5 and session.magnitude(origin_id) == rejected
    assert rejected.value <= before.value
    excluded = review.toggle_station(origin_id, first.id)
    assert excluded.station_count == 4 and _by_station(session, origin_id)[first.station_key].status == EXCLUDED
    rows = station_rows(session, origin_id)
    assert [r.amplitude.distance_km for r in rows] == sorted(r.amplitude.distance_km for r in rows)
    for row in rows:
        assert row.residual == pytest.approx(row.amplitude.station_magnitude - excluded.value)
    assert session.undo()
    assert session.magnitude(origin_id) == rejected and _by_station(session, origin_id)[first.station_key].used
    assert session.undo()
    assert session.magnitude(origin_id) == before
    assert all(a.used and a.status == "automatic" for a in session.amplitudes(origin_id))
    assert session.redo() and session.magnitude(origin_id) == rejected
    taken_in = review.accept(origin_id, second.id)  # accepting a rejected amplitude takes it in again
    assert taken_in == before and _by_station(session, origin_id)[second.station_key].status == CONFIRMED


def test_moving_the_window_off_the_wavelet_lowers_the_station_magnitude_and_undo_restores_it(measured):
    session, origin_id, true = measured
    review = AmplitudeReview(session)
    amplitude = session.amplitudes(origin_id)[0]
    before = session.magnitude(origin_id)
    quiet_start, quiet_end = true.time - 25.0, true.time - 15.0  # noise only, before the event
    review.move_window(origin_id, amplitude.id, quiet_start, quiet_end)
    moved = _by_station(session, origin_id)[amplitude.station_key]
    assert moved.status == MANUAL and moved.window_start == quiet_start and moved.window_end == quiet_end
    assert quiet_start <= moved.time <= quiet_end
    assert moved.amplitude_m < amplitude.amplitude_m / 20 and moved.station_magnitude < amplitude.station_magnitude - 1
    assert session.undo()
    assert _by_station(session, origin_id)[amplitude.station_key] == amplitude
    assert session.magnitude(origin_id) == before
    with pytest.raises(SessionError, match="ends before it starts"):
        review.move_window(origin_id, amplitude.id, quiet_end, quiet_start)


def test_repicking_at_a_time_measures_the_peak_there(measured):
    session, origin_id, _ = measured
    review = AmplitudeReview(session)
    amplitude = session.amplitudes(origin_id)[0]
    later = amplitude.time + 3.0  # the wavelet's tail, 3 sigma after its peak: much smaller
    magnitude = review.repick(origin_id, amplitude.id, later)
    repicked = _by_station(session, origin_id)[amplitude.station_key]
    assert abs(repicked.time - later) <= review.settings.repick_s
    assert repicked.amplitude_m < amplitude.amplitude_m / 5 and repicked.status == MANUAL
    assert session.magnitude(origin_id) == magnitude
    assert magnitude.value == pytest.approx(TRUE_ML, abs=0.1)  # the median barely moves for one station
    assert session.undo() and _by_station(session, origin_id)[amplitude.station_key] == amplitude
    with pytest.raises(SessionError, match="has no amplitude"):
        review.reject(origin_id, 99_999)


def test_station_amplitudes_are_those_of_the_station_within_the_span(measured):
    session, origin_id, true = measured
    amplitude = session.amplitudes(origin_id)[0]
    found = station_amplitudes(session, amplitude.station_key, true.time - 60.0, true.time + 140.0)
    assert found == [(origin_id, amplitude)]
    assert station_amplitudes(session, amplitude.station_key, amplitude.window_end + 1.0, true.time + 300.0) == []
    assert station_amplitudes(session, "XX.NONE.", true.time - 60.0, true.time + 140.0) == []
