"""The event summary CSV ("events-csv"): one row per event with its location, errors, fit, gap, used stations and
local magnitude (empty when the event has none)."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from eqviewer.associate import measure_magnitudes
from eqviewer.review.export import export_session, export_summary
from eqviewer.review.export_events import COLUMNS
from tests.associate import magnitude_network as net


def test_one_row_per_event_with_its_magnitude(tmp_path):
    stations, true = net.network(), net.event()
    session = net.make_session(tmp_path, stations, true, 2.3, np.random.default_rng(8))
    with session:
        ids, picks = net.stored_picks(session)
        session.replace_events([net.located(true, ids, picks)])
        (measured,) = measure_magnitudes(session)
        out = tmp_path / "events.csv"
        assert export_session(session, "events-csv", out) == 1
        assert export_summary(session, "events-csv", out, ("accepted",), 1) == [f"{out}: wrote 1 events (events-csv)"]
        (row,) = csv.DictReader(out.open(encoding="utf-8"))
        assert tuple(row) == COLUMNS
        assert float(row["latitude"]) == pytest.approx(true.latitude) and float(row["depth_km"]) == true.depth_km
        assert row["time"] == str(true.time) and row["rms_s"] == ""
        assert int(row["stations"]) == len(stations)
        assert float(row["ml"]) == pytest.approx(measured.magnitude.value)
        assert float(row["ml_uncertainty"]) == pytest.approx(measured.magnitude.uncertainty)
        assert int(row["ml_stations"]) == measured.magnitude.station_count
        session.set_magnitude(measured.origin_id, [], None)
        export_session(session, "events-csv", out)
        (row,) = csv.DictReader(out.open(encoding="utf-8"))
        assert row["ml"] == row["ml_uncertainty"] == row["ml_stations"] == ""
