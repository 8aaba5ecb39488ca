"""Curves are stored compactly (one byte per value, attention maps at 10 Hz): a station-day of detector-like
curves fits well under 10 MB, they come back within half a quantisation step, and a session of schema 1 (float32
curves) is migrated on opening with its old curves still read."""

from __future__ import annotations

import sqlite3
import zlib

import numpy as np
from obspy import UTCDateTime

from eqviewer.model.descriptor import SEED
from eqviewer.review import curve_codec
from eqviewer.review.session import Session
from eqviewer.review.store import SCHEMA_VERSION

T0 = UTCDateTime(2024, 3, 1)
DAY = 86400 * 100
HOURS = 6  # a quarter of a station-day keeps the test quick; the size scales with the length
N = HOURS * 3600 * 100
ATTENTION = ("cls_att1", "cls_att2", "p_att1", "p_att2", "p_att3", "p_att4", "s_att1", "s_att2", "s_att3", "s_att4")


def _day_curves(rng) -> dict[str, np.ndarray]:
    """Curves shaped like HOURS of the detector's: P/S near zero with 75 peaks, a window-wise P(eq), and
    attention gates that vary smoothly around 0.5 (the worst case for compression: no runs of zeros)."""
    p = (rng.random(N, dtype=np.float32) ** 8 * 0.05).astype(np.float32)
    s = p[::-1].copy()
    bump = np.exp(-0.5 * (np.arange(-100, 100) / 20.0) ** 2).astype(np.float32)
    for onset in rng.integers(200, N - 200, 75):
        p[onset - 100:onset + 100] = np.maximum(p[onset - 100:onset + 100], 0.9 * bump)
    det = np.repeat(rng.random(N // 3000 + 1, dtype=np.float32), 3000)[:N]
    curves = {"P": p, "S": s, "det": det}
    for name in ATTENTION:
        wave = 0.5 + 0.3 * np.sin(np.arange(N // 25 + 1) / rng.uniform(5, 50))
        curves[f"att:{name}"] = np.repeat(wave, 25)[:N].astype(np.float32)
    return curves


def test_curves_of_a_station_day_are_small_and_come_back(tmp_path):
    curves = _day_curves(np.random.default_rng(11))
    path = tmp_path / "day.eqreview"
    with Session.create(path) as session:
        session.store_curves("/day#XX.DAY", T0, 100.0, curves)
        back = session.curves("/day#XX.DAY")
        rates = session.curve_rates("/day#XX.DAY")
        info = session.curve_info("/day#XX.DAY")
    assert path.stat().st_size * DAY / N < 10e6, path.stat().st_size  # under 10 MB per station-day
    assert info.sampling_rate == 100.0 and rates["P"] == 100.0 and rates["att:p_att1"] == 10.0
    for name in ("P", "S", "det"):
        assert back[name].size == N
        np.testing.assert_allclose(back[name], curves[name], atol=0.5 / curve_codec.QUANTA + 1e-6)
    # attention: the maximum of each 0.1 s block
    expected = curves["att:p_att3"].reshape(-1, 10).max(axis=1)
    np.testing.assert_allclose(back["att:p_att3"], expected, atol=0.5 / curve_codec.QUANTA + 1e-6)
    # the thresholds are exact, so a peak at the threshold stays at it
    thresholds = np.array([*SEED.thresholds.values(), 0.35, 0.45], np.float32)
    assert curve_codec.decode(*curve_codec.encode("P", thresholds, 100.0)[2:]).tolist() == thresholds.tolist()


def test_a_schema_1_session_is_migrated_and_its_float32_curves_still_read(tmp_path):
    path = tmp_path / "old.eqreview"
    Session.create(path).close()
    old = np.linspace(0, 1, 1000, dtype=np.float32)
    with sqlite3.connect(path) as db:  # make it what eqviewer wrote with schema 1
        for table in ("model_fit", "amplitude", "magnitude", "arrival", "origin", "station"):
            db.execute(f"DROP TABLE {table}")
        db.execute("ALTER TABLE curve DROP COLUMN encoding")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        db.execute("INSERT INTO record (name, station_id) VALUES ('/a#old', 'XX.A..HH')")
        db.execute("INSERT INTO curve (record_id, name, start_ns, sampling_rate, n_samples, data)"
                   " VALUES (1, 'P', ?, 100.0, 1000, ?)", (T0.ns, zlib.compress(old.tobytes(), 1)))
    with Session.open(path, read_only=True) as session:  # read-only: not migrated, still read
        np.testing.assert_array_equal(session.curves("/a#old")["P"], old)
    with Session.open(path) as session:
        np.testing.assert_array_equal(session.curves("/a#old")["P"], old)
        session.store_curves("/a#new", T0, 100.0, {"P": old})
        np.testing.assert_allclose(session.curves("/a#new")["P"], old, atol=0.5 / curve_codec.QUANTA + 1e-6)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        encodings = dict(db.execute("SELECT r.name, c.encoding FROM curve c JOIN record r ON r.id = c.record_id"))
    assert encodings == {"/a#old": curve_codec.LEGACY_ENCODING, "/a#new": curve_codec.ENCODING}
