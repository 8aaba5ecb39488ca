"""Station-days per minute of distributed detection (`eqviewer detect --scheduler`) for 1 and 2 workers.

Writes an SDS archive of ``--stations`` station-days, each ``--hours`` long (red noise with real events of
../shared/data embedded, as benchmarks/detect_day.py makes them), then for each worker count starts a LocalCluster
of single-threaded worker processes, registers the model plugin (timed apart: cluster start plus one model load
per worker) and runs every task into a fresh session. Prints, per worker count: start-up seconds, run seconds,
station-hours per minute and the station-days per minute they amount to (x 1/24), the speed-up over 1 worker, the
workers' CPU seconds per station-hour and how many cores they actually got (on a shared machine, fewer than asked).
Then splits one station-day in this process into reading (ObsPy SDS + record building) and the detector, and
prints what the scheduler adds per task, to say where the limit is.

    .venv/bin/python benchmarks/distributed_detect.py [--stations 4] [--hours 1] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

from obspy import Stream, Trace

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("detect_day", ROOT / "benchmarks" / "detect_day.py")
detect_day = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(detect_day)
START = detect_day.START


def write_archive(root: Path, stations: int, hours: float) -> None:
    """One day file per channel and station holding ``hours`` hours from midnight."""
    for k in range(stations):
        data, _ = detect_day.make_day(hours, seed=k)
        station = f"B{k:02d}"
        for i, channel in enumerate(("BHZ", "BHN", "BHE")):
            folder = root / str(START.year) / "XB" / station / f"{channel}.D"
            folder.mkdir(parents=True, exist_ok=True)
            trace = Trace(data[i].astype("float32"), {"network": "XB", "station": station, "channel": channel,
                                                      "sampling_rate": 100.0, "starttime": START})
            Stream([trace]).write(str(folder / f"XB.{station}..{channel}.D.{START.year}.{START.julday:03d}"),
                                  format="MSEED", encoding="FLOAT32")


def _cpu_seconds() -> float:
    return time.process_time()


def run_with(workers: int, root: Path, hours: float, folder: Path) -> tuple[float, float, int, float]:
    """(start-up s, run s, station-days, CPU s the workers used in the run) for a LocalCluster of ``workers``
    processes."""
    from distributed import Client, LocalCluster

    from eqviewer.detect import DetectSettings
    from eqviewer.distributed import run_distributed
    from eqviewer.distributed.worker import ModelPlugin
    from eqviewer.io import open_archive
    from eqviewer.review.session import Session

    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      protocol="tcp://", dashboard_address=None) as cluster, Client(cluster) as client:
        client.register_plugin(ModelPlugin("seed", DetectSettings(), "cpu", 1))  # the plugin the run will reuse
        startup = time.perf_counter() - t0
        source = open_archive(str(root), start=START, end=START + hours * 3600)
        with Session.create(folder / f"bench-{workers}.eqreview") as session:
            cpu = client.run(_cpu_seconds)
            t1 = time.perf_counter()
            summary = run_distributed([source], session, scheduler=cluster.scheduler_address, device="cpu")
            elapsed = time.perf_counter() - t1
            used = sum(client.run(_cpu_seconds).values()) - sum(cpu.values())
    return startup, elapsed, summary.done, used


def split_one_task(root: Path, hours: float) -> tuple[float, float, float]:
    """(read s, detect s, tasks per second the scheduler handles) for one station-day in this process."""
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)
    from distributed import Client, LocalCluster

    from eqviewer.detect import Detector, detect_source
    from eqviewer.io import open_archive
    from eqviewer.model import SeedModel

    source = open_archive(str(root), start=START, end=START + hours * 3600)
    item = source.items()[0]
    t0 = time.perf_counter()
    for first in range(0, int(hours * 3600), 3600):
        source.read(item, START + first - 60, START + min(first + 3600, hours * 3600) + 60)
    read_s = time.perf_counter() - t0
    detector = Detector(SeedModel.load("seed"))
    t0 = time.perf_counter()
    for _ in detect_source(source, detector, items=[item]):
        pass
    detect_s = time.perf_counter() - t0 - read_s
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        t0 = time.perf_counter()
        client.gather(client.map(abs, range(2000)))
        rate = 2000 / (time.perf_counter() - t0)
    return read_s, detect_s, rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stations", type=int, default=4)
    parser.add_argument("--hours", type=float, default=1.0, help="hours of data per station-day (24: whole days)")
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eqviewer-dask-bench-") as tmp:
        root = Path(tmp) / "sds"
        write_archive(root, args.stations, args.hours)
        print(f"{args.stations} station-days of {args.hours:g} h each; LocalCluster, 1 thread per worker process")
        print(f"{'workers':>7} {'start-up s':>10} {'run s':>7} {'station-h/min':>13} {'station-days/min':>16}"
              f" {'speed-up':>8} {'worker CPU s/station-h':>22} {'cores got':>9}")
        base = None
        for workers in (int(w) for w in args.workers.split(",")):
            startup, elapsed, done, used = run_with(workers, root, args.hours, Path(tmp))
            per_min = done * args.hours / elapsed * 60
            base = base or per_min
            print(f"{workers:>7} {startup:>10.1f} {elapsed:>7.1f} {per_min:>13.2f} {per_min / 24:>16.3f}"
                  f" {per_min / base:>8.2f} {used / (done * args.hours):>22.1f} {used / elapsed:>9.2f}")
        print("cores got: CPU seconds the workers used per second of the run (below the worker count: the cores"
              " were busy with other work); with free cores, N workers make N / (CPU s per station-h) station-h/s")
        read_s, detect_s, task_rate = split_one_task(root, args.hours)
        print(f"one station-day ({args.hours:g} h) in one process: read {read_s:.2f} s, detector {detect_s:.2f} s"
              f" ({100 * read_s / (read_s + detect_s):.0f}% I/O); scheduler: {task_rate:.0f} tasks/s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
