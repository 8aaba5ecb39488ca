"""Distributed detection on a real LocalCluster (2 worker processes over TCP): a worker killed mid-run, every
station-day stored exactly once, picks equal to a single-process run, reruns resume."""

from __future__ import annotations

import csv
import os
import signal
from collections import Counter

import pytest

pytest.importorskip("distributed", reason="Dask is not installed (pip install 'eqviewer[cluster]')")

from eqviewer.detect import Detector, detect_source  # noqa: E402
from eqviewer.distributed import done_task_ids, plan_tasks, run_distributed  # noqa: E402
from eqviewer.io import open_archive  # noqa: E402
from eqviewer.review.session import Session  # noqa: E402

from .conftest import END, EVENTS, START  # noqa: E402


def _source(root):
    return open_archive(str(root), start=START, end=END)


def _key(pick):
    """A pick's identity across runs: record, phase and time to the microsecond (a worker's floating-point sums may
    place the same sub-sample peak a few tens of nanoseconds apart)."""
    return (pick.record, pick.phase, round(pick.time.ns / 1000))


@pytest.fixture(scope="module")
def reference(sds_root, seed_models_dir):
    """Picks of the plain single-process run over the whole archive, with the TensorFlow settings `eqviewer detect`
    and the workers use (without the graph optimiser the float32 sums round differently: pick times move by
    nanoseconds)."""
    from eqviewer.model import SeedModel
    from eqviewer.model.runtime import quick_start_inference

    quick_start_inference()
    detector = Detector(SeedModel.load("seed"))
    with _source(sds_root) as source:
        return {_key(p): p for ann in detect_source(source, detector) for p in ann.picks}


def test_the_reference_run_finds_every_embedded_event(reference):
    for station, times in EVENTS.items():
        for p_time in times:
            assert any(key[1] == "P" and abs(key[2] / 1e6 - (START + p_time).timestamp) < 0.5 and f".{station}." in key[0]
                       for key in reference), (station, p_time)


def test_killed_worker_every_station_day_once_picks_equal_and_rerun_resumes(tmp_path, sds_root, cluster, reference):
    from distributed import Client

    session_path = tmp_path / "net.eqreview"
    tasks = plan_tasks(_source(sds_root))
    assert len(tasks) == 8 and all(t.start is not None for t in tasks)  # 4 stations x 2 days

    # First run: stopped after two tasks are stored (as after Ctrl+C).
    with Session.create(session_path) as session:
        first = run_distributed([_source(sds_root)], session, scheduler=cluster.scheduler_address,
                                cancel=lambda: True if session.runs() and len(session.runs()) >= 2 else False)
        assert first.cancelled and first.done == 2
        assert len(done_task_ids(session)) == 2

    # Second run resumes, and one worker is SIGKILLed once the first of its tasks is stored.
    with Client(cluster.scheduler_address) as watcher:
        pids = watcher.run(os.getpid)
        killed = []

        def kill_once(summary):
            if summary.done == 1 and not killed:
                address, pid = sorted(pids.items())[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(address)

        with Session.open(session_path) as session:
            second = run_distributed([_source(sds_root)], session, scheduler=cluster.scheduler_address,
                                     progress=kill_once)
            runs = session.runs()
            picks = session.picks()
        assert killed, "no worker was killed"
        assert second.skipped == 2 and second.done == 6 and not second.errors
        assert second.units_done == second.units_total == 8

        # Each worker (the restarted one too) loaded the model once, kept it from the first run, and reused it.
        from eqviewer.distributed.worker import model_loads

        loads = watcher.run(model_loads)
        assert len(loads) == 2 and [list(v.values()) for v in loads.values()] == [[1], [1]]

    stored = Counter(run["task"] for run in runs if "task" in run)
    assert sorted(stored) == sorted(t.id for t in tasks)
    assert set(stored.values()) == {1}  # every station-day exactly once, despite the kill and the restart

    got = {_key(p): p for p in picks}
    assert len(got) == len(picks)  # no pick stored twice
    assert set(got) == set(reference)
    for key, pick in got.items():
        assert pick.probability == pytest.approx(reference[key].probability, abs=2e-3)
        assert pick.status == "automatic" and pick.model == reference[key].model

    # A third run finds nothing left to do and starts no work.
    with Session.open(session_path) as session:
        third = run_distributed([_source(sds_root)], session, scheduler=cluster.scheduler_address)
        assert (third.skipped, third.done, third.units_done) == (8, 0, 8)
        assert len(session.picks()) == len(picks)


def test_cli_detect_on_a_scheduler_writes_the_session(tmp_path, sds_root, cluster, reference, capsys):
    from eqviewer.cli import main

    session_path = tmp_path / "cli.eqreview"
    argv = ["detect", str(sds_root), "--start", str(START), "--end", str(END), "--session", str(session_path),
            "--scheduler", cluster.scheduler_address]
    assert main(argv) == 0
    assert f"stored {len(reference)} new in {session_path}" in capsys.readouterr().err
    with Session.open(session_path) as session:
        assert len(done_task_ids(session)) == 8
        assert {_key(p) for p in session.picks()} == set(reference)
    assert main(argv) == 0  # a rerun finds every task done
    assert "0 tasks, 8 already done" in capsys.readouterr().err


@pytest.mark.parametrize("extra, message", [
    (["--scheduler", "local", "--out", "{tmp}/picks.txt"], "unknown output format .txt"),
    (["--scheduler", "udp://nowhere", "--session", "{tmp}/s.eqreview"], "--scheduler must be 'local' or tcp://"),
    (["--scheduler", "local", "--session", "{tmp}/s.eqreview", "--workers", "0"], "argument --workers: must be 1 or more"),
])
def test_cli_scheduler_errors_are_one_line(tmp_path, sds_root, capsys, extra, message):
    from eqviewer.cli import main

    argv = ["detect", str(sds_root), *[a.format(tmp=tmp_path) for a in extra]]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("eqviewer: error: ") and message in err and "Traceback" not in err
    assert not (tmp_path / "s.eqreview").exists()  # checked before any session is made
    assert not list(tmp_path.iterdir())  # nor any output file


@pytest.mark.parametrize("name", ["picks.csv", "picks.xml"])
def test_cli_detect_on_a_scheduler_writes_picks_without_a_session(tmp_path, sds_root, cluster, reference, name):
    """`--scheduler ... --out FILE` without --session: the picks of a single-process run, in CSV or QuakeML."""
    from obspy import UTCDateTime, read_events

    from eqviewer.cli import main

    out = tmp_path / name
    argv = ["detect", str(sds_root), "--start", str(START), "--end", str(END), "--out", str(out),
            "--scheduler", cluster.scheduler_address]
    assert main(argv) == 0
    if name.endswith(".csv"):
        with open(out, newline="") as f:
            rows = list(csv.DictReader(f))
        written = [(r["record"], r["phase"], UTCDateTime(r["time"])) for r in rows]
    else:
        written = [(None, p.phase_hint, p.time) for event in read_events(str(out)) for p in event.picks]
    expected = sorted((p.record, p.phase, p.time) for p in reference.values())
    written.sort(key=lambda row: (row[0] or "", row[1], row[2]) if name.endswith(".csv") else (row[1], row[2]))
    if not name.endswith(".csv"):
        expected.sort(key=lambda row: (row[1], row[2]))
    assert len(written) == len(expected)
    for (record, phase, time), (ref_record, ref_phase, ref_time) in zip(written, expected):
        assert record in (None, ref_record) and phase == ref_phase
        assert abs(time - ref_time) <= 2e-6  # the files keep microseconds
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no session, no temporary file left


def test_a_cluster_run_after_a_single_process_run_replaces_its_automatic_picks(tmp_path, sds_root, cluster, reference):
    """Every station-day task retires the automatic picks an earlier run left in its span: each automatic pick is
    there once; a pick the analyst accepted in between stays (and is not picked again beside itself)."""
    from eqviewer.cli import main

    session_path = tmp_path / "both.eqreview"
    window = ["--start", str(START), "--end", str(END), "--session", str(session_path)]
    assert main(["detect", str(sds_root), *window]) == 0
    with Session.open(session_path) as session:
        first = session.picks()
        assert {_key(p) for p in first} == set(reference)
        accepted = first[0]
        session.accept(accepted.id)
    assert main(["detect", str(sds_root), *window, "--scheduler", cluster.scheduler_address]) == 0
    with Session.open(session_path) as session:
        picks = session.picks()
        automatic = Counter(_key(p) for p in picks if p.status == "automatic")
        # no automatic pick comes back beside the one the analyst accepted
        assert set(automatic) == set(reference) - {_key(accepted)} and max(automatic.values()) == 1
        assert [p.id for p in picks if p.status == "accepted"] == [accepted.id]
        assert not {p.id for p in first if p.id != accepted.id} & {p.id for p in picks}
