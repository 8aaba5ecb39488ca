"""Run on all on Dask from the window: a real LocalCluster (1 worker process) over a generated SDS archive of two
stations, ten and thirty minutes with a real STEAD event; Cancel stops after the task in progress, a rerun resumes,
progress counts station-days and the event loop keeps running."""

from __future__ import annotations

import h5py
import numpy as np
import pytest
from obspy import Stream, Trace, UTCDateTime
from PyQt6.QtCore import QTimer

pytest.importorskip("distributed", reason="Dask is not installed (pip install 'eqviewer[cluster]')")

from eqviewer.distributed import done_task_ids  # noqa: E402
from eqviewer.app.dask_run import done_runs  # noqa: E402

START = UTCDateTime("2024-03-01T10:00:00")
P_TIMES = {"G01": 200.0, "G02": 400.0}  # seconds after START of the embedded P
N_SAMPLES = 3660 * 100  # records of planning tests: over an hour, so each is a station-day task of its own
ARCHIVE_SAMPLES = {"G01": 600 * 100, "G02": 1800 * 100}
"""G02's task takes about three times G01's, so the Cancel pressed when G01's is stored always finds G02's running
(equal tasks could both finish before the Cancel reaches the cluster)."""
RUN_TIMEOUT_MS = 150_000


@pytest.fixture(scope="module")
def archive(tmp_path_factory, shared_data):
    """An SDS archive of stations XX.G01 and XX.G02: ten and thirty minutes of noise with a real event. Continuous
    archives are cut into station-days: one task each."""
    with h5py.File(shared_data / "stead_eqt50" / "waveforms.hdf5", "r") as f:
        group = f["earthquake/local"]
        dataset = group[sorted(group)[1]]
        event = dataset[()][:, ::-1].T.astype(np.float32)
        p = int(dataset.attrs["p_arrival_sample"])
    noise = event[:, : p - 50]
    root = tmp_path_factory.mktemp("dask-gui")
    for k, (station, p_time) in enumerate(P_TIMES.items()):
        rng = np.random.default_rng(k)
        data = (rng.standard_normal((3, ARCHIVE_SAMPLES[station])) * noise.std(1, keepdims=True)
                + noise.mean(1, keepdims=True)).astype(np.float32)
        first = int(p_time * 100) - p
        data[:, first:first + 6000] = event
        stream = Stream([Trace(data[i], {"network": "XX", "station": station, "channel": f"BH{component}",
                                         "sampling_rate": 100.0, "starttime": START})
                         for i, component in enumerate("ZNE")])
        for trace in stream:
            folder = root / f"{START.year}" / "XX" / station / f"{trace.stats.channel}.D"
            folder.mkdir(parents=True, exist_ok=True)
            name = f"XX.{station}..{trace.stats.channel}.D.{START.year}.{START.julday:03d}"
            trace.write(str(folder / name), format="MSEED", encoding="FLOAT32")
    return root


def _run(qtbot, window, cancel_after_first: bool) -> tuple[list[str], list[bool]]:
    texts: list[str] = []
    with qtbot.waitSignal(window.model_finished, timeout=RUN_TIMEOUT_MS) as finished:
        worker = window.model_runs.run_model(all_records=True)
        assert worker is not None and window.runs.kind == "dask"
        worker.progress.connect(lambda _fraction, text: texts.append(text))
        if cancel_after_first:  # Cancel pressed once a task is stored: the task in progress is cancelled at once
            worker.result.connect(lambda _result: window.run_control.cancel())
    assert not window.error_boxes, [b.text() for b in window.error_boxes]
    return texts, finished.args


def test_run_on_all_on_dask_cancel_then_resume(qtbot, window, archive, seed_models_dir, tmp_path):
    with qtbot.waitSignal(window.record_shown, timeout=30_000):
        window.open_paths([str(archive)], session_path=str(tmp_path / "dask.eqreview"))
    assert len(window.queue.record_ids()) == 2
    window.model_panel.use_dask.setChecked(True)
    window.model_panel.dask_workers.setValue(1)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)

    texts, args = _run(qtbot, window, cancel_after_first=True)
    assert args == [True]
    session = window.session
    assert len(done_task_ids(session)) == 1  # one station-day stored, the other left for the rerun
    assert texts[0].startswith("Dask: starting 1 worker process") and "1/2 station-days" in texts[-1]

    texts, args = _run(qtbot, window, cancel_after_first=False)
    timer.stop()
    assert args == [False]
    assert "0/2" not in texts[1] and "1 tasks already done" in texts[1]  # resumed: the stored task is skipped
    assert "2/2 station-days" in texts[-1]
    assert len(ticks) > 40  # the event loop kept running (20 ticks a second) while the cluster worked
    assert len(done_task_ids(session)) == 2 and len(session.runs()) == 2
    for station, p_time in P_TIMES.items():
        picks = [p for p in session.picks(status="automatic") if p.station_id.startswith(f"XX.{station}.")]
        assert sum(p.phase == "P" and abs(p.time - (START + p_time)) < 0.5 for p in picks) == 1, picks
    shown = [p for p in session.picks(record=window.editor.record_id) if p.phase == "P"]
    assert shown and all(window.trace.pick_line_x(p.id) is not None for p in shown)  # drawn as they arrived
    # both tasks are done now: Run on all on Dask has nothing left to do and says so in the progress
    assert {run["task"] for run in done_runs(session, list(window.review.sources.values()))} == done_task_ids(session)


def test_done_runs_skips_tasks_stored_and_records_the_model_ran_on_in_process(tmp_path):
    from eqviewer.distributed import plan_tasks
    from eqviewer.io import open_archive
    from eqviewer.review.session import Session

    for station in ("A01", "A02", "A03"):
        Stream([Trace(np.zeros(N_SAMPLES, np.float32), {"network": "XX", "station": station, "channel": f"BH{c}",
                                                        "sampling_rate": 100.0, "starttime": START})
                for c in "ZNE"]).write(str(tmp_path / f"{station}.mseed"), format="MSEED", encoding="FLOAT32")
    source = open_archive(str(tmp_path))
    tasks = {task.keys[0]: task for task in plan_tasks(source)}
    records = {item.key: str(source.ref(item)) for item in source.items()}
    assert len(tasks) == 3 and all(task.start is not None for task in tasks.values())
    with Session.create(tmp_path / "s.eqreview") as session:
        assert done_runs(session, [source]) == []
        key1, key2, _ = sorted(tasks)
        session.store_curves(records[key1], START, 100.0, {"P": np.zeros(10, np.float32)})  # Run on record did it
        session.add_automatic([], run_info={"task": tasks[key2].id})  # an earlier Dask run did this one
        assert {run["task"] for run in done_runs(session, [source])} == {tasks[key1].id, tasks[key2].id}
