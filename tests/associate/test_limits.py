"""The limits of association inputs: velocity models, settings, the search area and the travel-time table are
refused with a message stating the limit, before anything is built; far-apart picks cost no empty chunks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from eqviewer.associate import limits
from eqviewer.associate.associator import associate_picks
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.errors import EqviewerError
from tests.associate.network import random_events, ring_stations, synthetic_picks


@pytest.mark.parametrize("text, message", [
    ("vp=19.9,vs=1e-300", "vp must be from 0.1 to 15 km/s"),
    ("vp=6,vs=1e-9", "vs must be from 0.1 to 15 km/s"),
    ("vp=6,vs=1e400", "vs must be from 0.1 to 15 km/s (got inf km/s)"),
])
def test_velocities_out_of_range_are_refused(text, message):
    with pytest.raises(EqviewerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_velocity_model(text)


@pytest.mark.parametrize("lines, message", [
    ("0 19.999 0.00001\n", "line 1: vp must be from 0.1 to 15 km/s"),
    ("0 6 3.5\n-1e300 6 3.5\n", "line 2: the layer depth must be from -10 to 800 km"),
    ("inf 6 3.5\n", "line 1: the layer depth must be from -10 to 800 km"),
    ("nan 6 3.5\n", "line 1: the layer depth must be from -10 to 800 km"),
    ("0 6 3.5\n900 8 4.5\n", "line 2: the layer depth must be from -10 to 800 km"),
    ("".join(f"{i * 0.1:.1f} 6 3.5\n" for i in range(limits.MAX_LAYERS + 1)), "at most 500 layers"),
])
def test_layer_files_out_of_range_name_the_line_and_the_limit(tmp_path, lines, message):
    path = tmp_path / "model.txt"
    path.write_text(lines)
    with pytest.raises(EqviewerError, match=message):
        parse_velocity_model(str(path))


def test_huge_model_file_is_refused_unread(tmp_path):
    path = tmp_path / "model.txt"
    path.write_text("0 6 3.5\n" + "# padding\n" * 200_000)
    with pytest.raises(EqviewerError, match="at most 1,000,000 bytes"):
        parse_velocity_model(str(path))


@pytest.mark.parametrize("changes, message", [
    ({"max_depth_km": math.inf}, "max_depth_km must be from 1 to 800 km"),
    ({"max_depth_km": 1e7}, "max_depth_km must be from 1 to 800 km"),
    ({"max_depth_km": math.nan}, "max_depth_km must be from 1 to 800 km"),
    ({"min_picks": 2**64}, "min_picks must be a whole number from 1 to 1,000,000 .*cannot need more picks than exist"),
    ({"min_picks": 0}, "min_picks must be a whole number from 1"),
    ({"min_p_and_s": -1}, "min_p_and_s must be a whole number from 0"),
    ({"min_s_picks": 2.5}, "min_s_picks must be a whole number"),
    ({"tolerance_s": 1e300}, "tolerance_s must be from 0.01 to 30 s"),
    ({"chunk_s": 1e-300}, "chunk_s must be from 600 to"),
    ({"margin_km": -1.0}, "margin_km must be from 0 to 1000 km"),
    ({"threads": 10**9}, "threads must be a whole number from 1 to 256"),
])
def test_settings_out_of_range_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        AssociationSettings(**changes)


def test_a_phase_may_be_left_out_of_what_an_event_needs():
    settings = AssociationSettings(min_s_picks=0, min_p_and_s=0)
    assert (settings.min_s_picks, settings.min_p_and_s) == (0, 0)


def test_oversized_travel_time_table_is_refused_before_it_is_built(tmp_path):
    path = tmp_path / "layers.txt"
    path.write_text("0 5.5 3.2\n15 6.3 3.6\n30 8.0 4.5\n")
    rng = np.random.default_rng(2)
    stations = ring_stations(6, radius_km=400.0)
    picks = synthetic_picks(stations, random_events(1, 1200, rng, radius_km=100.0), rng)
    with pytest.raises(EqviewerError, match="travel-time table .* would hold .* nodes .at most 500,000"):
        associate_picks(picks, {s.key: s for s in stations}, parse_velocity_model(str(path)),
                        AssociationSettings(max_depth_km=800.0))
    assert limits.table_problem(200.0, 41.0, 1.0, 3) is None


def test_continental_search_area_is_refused():
    rng = np.random.default_rng(4)
    stations = ring_stations(6, radius_km=2500.0)
    picks = synthetic_picks(stations, random_events(1, 1200, rng), rng)
    with pytest.raises(EqviewerError, match="search area .* at most 5,000 km"):
        associate_picks(picks, {s.key: s for s in stations}, parse_velocity_model("vp=6,vs=3.5"))


def test_picks_months_apart_are_associated_in_few_chunks():
    rng = np.random.default_rng(6)
    stations = ring_stations(6)
    early = synthetic_picks(stations, random_events(1, 1200, rng), rng)
    late = [p.with_changes(time=p.time + 90 * 86_400.0, id=p.id + len(early))
            for p in synthetic_picks(stations, random_events(1, 1200, rng), rng)]
    totals = []
    result = associate_picks(early + late, {s.key: s for s in stations}, parse_velocity_model("vp=6,vs=3.5"),
                             progress=lambda done, total: totals.append(total))
    assert len(result.origins) == 2
    assert totals[-1] <= 4  # not the 360 six-hour chunks of the three months


def test_fewer_picks_than_an_event_needs_find_nothing_at_once():
    rng = np.random.default_rng(8)
    stations = ring_stations(6)
    picks = synthetic_picks(stations, random_events(1, 1200, rng), rng)
    result = associate_picks(picks, {s.key: s for s in stations}, parse_velocity_model("vp=6,vs=3.5"),
                             AssociationSettings(min_picks=len(picks) + 1))
    assert result.origins == [] and result.n_picks == len(picks)
