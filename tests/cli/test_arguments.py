"""Every argument is checked by its parser: a bad value is one line `eqviewer: error: argument --X: ...`, status 2,
before any file is opened or model loaded."""

from __future__ import annotations

import os
import subprocess
import sys

import obspy
import pytest

from eqviewer.cli import EXIT_BROKEN_PIPE, main


@pytest.fixture
def example(tmp_path):
    path = tmp_path / "example.mseed"
    obspy.read().write(str(path), format="MSEED")
    return path


@pytest.mark.parametrize(("argv", "words"), [
    (["info", "--start", "yesterday"], "argument --start: not an ISO 8601 date or time: 'yesterday'"),
    (["info", "--end", "2024-13-45"], "argument --end: not an ISO 8601 date or time: '2024-13-45'"),
    (["info", "--start", "2024-02-01", "--end", "2024-01-01"], "--end (2024-01-01T00:00:00.000000Z) must be after"),
    (["detect", "--stride", "0"], "argument --stride: must be above 0"),
    (["detect", "--stride", "nan"], "argument --stride: not a finite number: 'nan'"),
    (["detect", "--stride", "-8"], "argument --stride: must be above 0"),
    (["detect", "--p-threshold", "1.5"], "argument --p-threshold: must be from 0 to 1"),
    (["detect", "--det-threshold", "inf"], "argument --det-threshold: not a finite number"),
    (["detect", "--start", "2024-01-01T25:00:00"], "argument --start: not an ISO 8601"),
    (["evaluate", "--stride", "0"], "argument --stride: must be above 0"),
    (["detect", "--scheduler", "local", "--workers", "zero"], "argument --workers: not a whole number: 'zero'"),
    (["train", "--data", "x", "--task", "picker-p", "--out", "n", "--epochs", "0"], "argument --epochs: must be 1 or more"),
    (["train", "--data", "x", "--task", "picker-p", "--out", "n", "--val-fraction", "1"], "argument --val-fraction"),
    (["models", "fetch", "--timeout", "-1"], "argument --timeout: must be above 0"),
])
def test_bad_argument_is_one_line_and_status_2(example, capsys, argv, words):
    command, options = argv[0], argv[1:]
    paths = [str(example)] if command in ("info", "detect", "evaluate") else []
    assert main([command, *paths, *options]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("eqviewer: error: ") and captured.err.count("\n") == 1, captured.err
    assert words in captured.err


def test_good_times_pass(example, capsys):
    assert main(["info", str(example), "--start", "2009-08-24", "--end", "2009-08-24 00:20:10"]) == 0
    assert "traces: 1" in capsys.readouterr().out


def test_info_into_a_closed_pipe_stops_quietly(example):
    """`eqviewer info ... | head -1`: the reader leaves after one line; no BrokenPipeError traceback."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    command = f"{sys.executable} -m eqviewer info {' '.join([str(example)] * 200)} | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.stdout.startswith(str(example))
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.returncode == EXIT_BROKEN_PIPE
