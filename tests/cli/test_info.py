"""`eqviewer info`: JSON counts on the shared data, one error line and status 2 on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import obspy
import pytest

from eqviewer.cli import main

EXPECTED = {
    "stead_eqt50": {"format": "stead_hdf5", "n_traces": 50, "n_earthquake": 50, "n_with_p": 50, "n_with_s": 50},
    "obstransformer56": {"format": "stead_hdf5", "n_traces": 56, "n_earthquake": 37, "n_noise": 19},
    "seisbench_dummy100": {"format": "seisbench", "n_traces": 100, "sampling_rates_hz": [20.0]},
    "seisbench_obs1_mseed": {"format": "mseed", "n_traces": 1, "unused_channels": ["IQ.OBS1..HHH"]},
    "eqt_unlabelled_whar10": {"format": "stead_hdf5", "n_traces": 10, "n_unlabelled": 10},
}
KEYS = {"path", "format", "n_traces", "n_earthquake", "n_noise", "n_unlabelled", "n_with_p", "n_with_s", "stations",
        "sampling_rates_hz", "start", "end", "warnings"}


def test_info_json_on_every_shared_dataset(shared_data, capsys):
    paths = [str(shared_data / name) for name in EXPECTED]
    assert main(["info", "--json", *paths]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(EXPECTED)
    for name, line in zip(EXPECTED, lines):
        summary = json.loads(line)
        assert KEYS <= set(summary)
        assert {key: summary[key] for key in EXPECTED[name]} == EXPECTED[name], name
    assert json.loads(lines[2])["warnings"] == ["items at 20 Hz are resampled to 100 Hz on reading (flagged)"]


def test_info_text_on_obspy_example(tmp_path, capsys):
    obspy.read().write(str(tmp_path / "example.mseed"), format="MSEED")
    assert main(["info", str(tmp_path / "example.mseed")]) == 0
    out = capsys.readouterr().out
    assert "traces: 1" in out and "BW.RJOB..EH" in out and "100 Hz" in out


@pytest.mark.parametrize("content", [b"", b"\x01\x02garbage" * 50])
def test_info_bad_file_is_one_error_line_and_status_2(tmp_path, capsys, content):
    path = tmp_path / "bad.mseed"
    path.write_bytes(content)
    assert main(["info", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"eqviewer: error: {path}: ") and captured.err.count("\n") == 1


def test_info_subprocess_has_no_traceback(tmp_path):
    missing = tmp_path / "missing.hdf5"
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run([sys.executable, "-m", "eqviewer", "info", "--json", str(missing)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 2 and done.stdout == ""
    errors = [line for line in done.stderr.splitlines() if line.startswith("eqviewer:")]
    assert errors == [f"eqviewer: error: {missing}: no such file or directory"]
    assert "Traceback" not in done.stderr
