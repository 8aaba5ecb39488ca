"""Local magnitudes: the formulas checked by hand against their published values, the robust means, and a
generated network whose event has a known ML (recovered from MiniSEED and StationXML with full responses), with
stations that lack a response, are clipped or have a gap left out with a message."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.associate import MagnitudeSettings, measure_magnitudes, parse_formula
from eqviewer.associate.magnitude import HUTTON_BOORE, IASPEI, WOOD_ANDERSON_GAIN, network_magnitude
from eqviewer.errors import EqviewerError
from tests.associate import magnitude_network as net

TRUE_ML = 2.3


def test_formulas_give_their_published_values():
    # Hutton & Boore (1987): 1 mm on a Wood-Anderson (magnification 2080) at 100 km is ML 3 by definition
    assert HUTTON_BOORE.station_magnitude(1e-3 / WOOD_ANDERSON_GAIN, 100.0) == pytest.approx(3.0, abs=1e-12)
    # IASPEI (2013): log10(A[nm]) + 1.11 log10(R) + 0.00189 R - 2.09, by hand for 1000 nm at 100 km
    assert IASPEI.station_magnitude(1e-6, 100.0) == pytest.approx(3.0 + 2.22 + 0.189 - 2.09)
    # the two scales agree to 0.01 at every distance (IASPEI's -2.09 is Hutton & Boore's anchor at 2080)
    for distance in (10.0, 50.0, 100.0, 300.0):
        assert IASPEI.station_magnitude(1e-7, distance) == pytest.approx(
            HUTTON_BOORE.station_magnitude(1e-7, distance), abs=0.01)
    custom = parse_formula("1,1.11,0.00189,-2.09")
    assert custom.station_magnitude(1e-6, 100.0) == pytest.approx(IASPEI.station_magnitude(1e-6, 100.0))
    assert parse_formula("Hutton-Boore") is HUTTON_BOORE
    for bad in ("richter", "1,2,3", "0,1,1,1", "1,nan,1,1"):
        with pytest.raises(EqviewerError, match="magnitude formula"):
            parse_formula(bad)


def test_robust_means():
    median = network_magnitude([2.0, 2.1, 2.2, 5.0])
    assert median.value == pytest.approx(2.15)
    assert median.uncertainty == pytest.approx(1.4826 * 0.1)
    assert (median.station_count, median.used) == (4, (True,) * 4)
    trimmed = network_magnitude([2.0, 2.1, 2.2, 5.0], "trimmed")  # one cut off at each end
    assert trimmed.value == pytest.approx(2.15)
    assert trimmed.used == (False, True, True, False) and trimmed.station_count == 2
    assert network_magnitude([3.0]).uncertainty is None


def _session(tmp_path, rng, without_response=(), clip=None, gaps=None, stations=None):
    stations = stations or net.network()
    true = net.event()
    session = net.make_session(tmp_path, stations, true, TRUE_ML, rng, without_response, clip, gaps)
    session.replace_events([net.located(true, *net.stored_picks(session))])
    return session, stations, true


def test_known_magnitude_is_recovered_from_responses_and_waveforms(tmp_path):
    session, stations, true = _session(tmp_path, np.random.default_rng(3))
    with session:
        for settings in (MagnitudeSettings(), MagnitudeSettings(formula=HUTTON_BOORE, mean="trimmed")):
            (result,) = measure_magnitudes(session, settings)
            assert result.messages == []
            assert result.magnitude.value == pytest.approx(TRUE_ML, abs=0.1)
            assert result.magnitude.uncertainty < 0.1
            assert len(result.amplitudes) == len(stations)
        (result,) = measure_magnitudes(session)
        for amplitude in result.amplitudes:
            station = next(s for s in stations if s.key == amplitude.station_key)
            distance = net.hypocentral_km(true, station)
            assert amplitude.distance_km == pytest.approx(distance, abs=0.5)
            assert amplitude.station_magnitude == pytest.approx(TRUE_ML, abs=0.1)
            assert amplitude.waveform_id.endswith(".HHN")  # the larger horizontal
            assert amplitude.period_s == pytest.approx(1.0 / net.WAVELET_HZ, rel=0.1)
            assert amplitude.window_start < amplitude.time < amplitude.window_end
        stored = session.amplitudes(result.origin_id)
        assert [a.amplitude_m for a in stored] == [a.amplitude_m for a in result.amplitudes]
        assert session.magnitude(result.origin_id) == result.magnitude
        assert result.magnitude.method == "iaspei formula, median of station magnitudes"


def test_corrections_shift_station_magnitudes(tmp_path):
    session, stations, _ = _session(tmp_path, np.random.default_rng(4), stations=net.network(3))
    with session:
        corrections = {s.key: 0.5 for s in stations}
        (result,) = measure_magnitudes(session, MagnitudeSettings(corrections=corrections))
        assert result.magnitude.value == pytest.approx(TRUE_ML + 0.5, abs=0.1)
        assert {a.correction for a in result.amplitudes} == {0.5}


def test_missing_responses_clipping_and_gaps_leave_stations_out_with_a_message(tmp_path):
    stations = net.network()
    no_response, clipped, gapped = (s.key for s in stations[:3])
    session, _, _ = _session(tmp_path, np.random.default_rng(5), without_response=(no_response,),
                             clip={clipped: 50.0}, gaps={gapped: (20.0, 22.0)}, stations=stations)
    with session:
        (result,) = measure_magnitudes(session)
        assert result.magnitude.value == pytest.approx(TRUE_ML, abs=0.1)
        assert result.magnitude.station_count == len(stations) - 3
        messages = "\n".join(result.messages)
        assert f"{no_response}: " in messages and "has no instrument response" in messages
        assert f"{clipped}: " in messages and "clipped" in messages
        assert f"{gapped}: " in messages and "gap" in messages
        assert all(m.endswith("left out") for m in result.messages)


def test_a_moved_inventory_is_named(tmp_path):
    session, stations, _ = _session(tmp_path, np.random.default_rng(6), stations=net.network(3))
    (tmp_path / "net.xml").rename(tmp_path / "elsewhere.xml")
    with session:
        (result,) = measure_magnitudes(session)
        assert session.magnitude(result.origin_id) is None and session.amplitudes(result.origin_id) == []
    assert result.magnitude is None and len(result.messages) == len(stations)
    assert all("net.xml: station metadata not found" in m for m in result.messages)
