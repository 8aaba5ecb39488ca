"""Velocity models: parsing, and travel times against closed forms."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.errors import EqviewerError


def test_homogeneous_model_gives_straight_ray_times():
    model = parse_velocity_model("vp=6.0, vs=3.5")
    assert model.homogeneous and model.name == "vp=6,vs=3.5"
    assert model.travel_time(30.0, 40.0, "P") == pytest.approx(50.0 / 6.0)
    assert model.travel_time(30.0, 40.0, "S", elevation_m=350.0) == pytest.approx(50.0 / 3.5 + 0.1)


def test_layer_file_with_one_velocity_matches_the_half_space(tmp_path):
    path = tmp_path / "model.txt"
    path.write_text("# depth vp vs\n0 6.0 3.5\n10 6.0 3.5\n\n25 6.0 3.5\n")
    layered = parse_velocity_model(str(path))
    distances = np.array([0.0, 5.0, 40.0, 150.0])
    assert layered.travel_time(distances, 12.0, "P") == pytest.approx(np.hypot(distances, 12.0) / 6.0, rel=1e-6)


def test_head_wave_overtakes_the_direct_wave_far_away(tmp_path):
    path = tmp_path / "model.txt"
    path.write_text("0 5.5 3.2\n15 6.3 3.6\n30 8.0 4.5\n")
    model = parse_velocity_model(str(path))
    far = model.travel_time(200.0, 10.0, "P")
    # Pn: 200 km at 8 km/s plus the intercept of the legs through the two crustal layers
    intercept = 20 * np.sqrt(1 / 5.5**2 - 1 / 64) + 30 * np.sqrt(1 / 6.3**2 - 1 / 64)
    assert far == pytest.approx(200 / 8.0 + intercept, rel=1e-6)
    assert model.travel_time(0.0, 10.0, "P") == pytest.approx(10 / 5.5)


def test_pyocto_table_layout(tmp_path):
    model = parse_velocity_model("vp=6.0,vs=3.5")
    model.write_pyocto_table(str(tmp_path / "t.bin"), 10.0, 4.0, 2.0)
    raw = (tmp_path / "t.bin").read_bytes()
    nx, nz, delta = struct.unpack("iid", raw[:16])
    p = np.frombuffer(raw[16:16 + nx * nz * 8]).reshape(nx, nz)
    assert (nx, nz, delta) == (6, 3, 2.0)
    assert p[5, 2] == pytest.approx(np.hypot(10.0, 4.0) / 6.0)


@pytest.mark.parametrize("text, message", [
    ("vp=6.0", "not a velocity model"),
    ("vp=3.0,vs=3.5", "vs must be below vp"),
])
def test_bad_models_are_refused(text, message):
    with pytest.raises(EqviewerError, match=message):
        parse_velocity_model(text)


def test_bad_layer_file_names_the_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("0 6 3.5\n5 six 3.6\n")
    with pytest.raises(EqviewerError, match="line 2"):
        parse_velocity_model(str(path))
