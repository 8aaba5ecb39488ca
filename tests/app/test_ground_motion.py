"""The view's units: a generated station's counts as ground velocity, displacement, acceleration and Wood-Anderson
recover the ground motion the counts were made from; a channel without a response stays in counts and says so."""

from __future__ import annotations

import numpy as np
import pytest
from obspy.signal.invsim import WOODANDERSON, paz_2_amplitude_value_of_freq_resp

from eqviewer.app.ground_motion import (NO_RESPONSE_CAPTION, UNITS, GroundMotionCache, UnitsChoice, convert_record,
                                        convert_samples)
from eqviewer.io import ResponseReader, open_archive
from tests.associate import magnitude_network as net

TRUE_ML = 2.5


def _record(tmp_path, without_response=()):
    stations, true = net.network(3), net.event()
    session = net.make_session(tmp_path, stations, true, TRUE_ML, np.random.default_rng(3),
                               without_response=without_response)
    with session:
        metadata = session.station_sources()
    station = stations[0]
    source = open_archive(tmp_path / f"{station.key.rstrip('.')}.mseed")
    record = source.read(source.items()[0])
    source.close()
    velocity = net.iaspei_amplitude_m(TRUE_ML, net.hypocentral_km(true, station)) / paz_2_amplitude_value_of_freq_resp(
        WOODANDERSON, net.WAVELET_HZ)
    return record, metadata, velocity, station


def _peak(row: np.ndarray) -> float:
    return float(np.abs(row).max())


def test_units_recover_the_ground_motion_the_counts_were_made_from(tmp_path):
    record, metadata, velocity, _ = _record(tmp_path)
    responses = ResponseReader()
    omega = 2 * np.pi * net.WAVELET_HZ
    expected = {"velocity": velocity, "displacement": velocity / omega, "acceleration": velocity * omega,
                "wood-anderson": velocity * paz_2_amplitude_value_of_freq_resp(WOODANDERSON, net.WAVELET_HZ)}
    for unit, peak in expected.items():
        converted = convert_record(record, unit, metadata, responses)
        assert converted.messages == ()
        assert converted.data.dtype == np.float32 and np.isfinite(converted.data).all()
        assert set(converted.captions.values()) == {converted.captions["N"]} and unit.split("-")[0].title() in \
            converted.captions["N"].title()
        assert _peak(converted.data[1]) == pytest.approx(peak, rel=0.1), unit  # N carries the full wavelet
        assert _peak(converted.data[2]) == pytest.approx(0.6 * peak, rel=0.1), unit
    assert np.array_equal(convert_record(record, "counts", metadata, responses).data, record.data)


def test_a_channel_without_response_stays_in_counts_and_says_so(tmp_path):
    record, metadata, _, station = _record(tmp_path, without_response=(net.network(3)[0].key,))
    converted = convert_record(record, "velocity", metadata, ResponseReader())
    assert set(converted.captions.values()) == {NO_RESPONSE_CAPTION}
    assert len(converted.messages) == 3 and all("stays in counts" in m and "no instrument response" in m
                                                for m in converted.messages)
    assert station.key in converted.messages[0]
    assert np.array_equal(converted.data, record.data)
    missing = convert_record(record, "velocity", {}, ResponseReader())
    assert "no station metadata" in missing.messages[0]


def test_choice_cycles_and_cache_keeps_the_last_used():
    choice, seen = UnitsChoice(), []
    choice.changed.connect(lambda: seen.append(choice.unit))
    for _ in UNITS:
        choice.cycle()
    assert seen == [*UNITS[1:], UNITS[0]]
    with pytest.raises(ValueError, match="unknown unit"):
        choice.choose("furlongs")
    cache = GroundMotionCache(size=2)
    for name in ("a", "b", "c"):
        cache.put(name, "velocity", name)
    assert cache.get("a", "velocity") is None and cache.get("c", "velocity") == "c"


def test_samples_without_their_record_convert_as_the_record_does(tmp_path):
    record, metadata, _, _ = _record(tmp_path)
    responses = ResponseReader()
    whole = convert_record(record, "velocity", metadata, responses)
    part = convert_samples(record.data, record.start, record.sampling_rate, record.station_id, "velocity", metadata,
                           responses)
    assert part.captions == whole.captions and part.messages == ()
    np.testing.assert_allclose(part.data, whole.data, rtol=1e-5, atol=1e-12)
    unknown = convert_samples(record.data, record.start, record.sampling_rate, "XX.NONE..HH", "velocity", metadata,
                              responses)
    assert set(unknown.captions.values()) == {NO_RESPONSE_CAPTION} and "XX.NONE." in unknown.messages[0]
