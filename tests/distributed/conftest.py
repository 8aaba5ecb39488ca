"""A small SDS archive with real STEAD events embedded in noise, and a Dask LocalCluster of 2 worker processes."""

from __future__ import annotations

import h5py
import numpy as np
import pytest
from obspy import Stream, Trace, UTCDateTime

DAY1 = UTCDateTime("2024-03-01")
START = DAY1 + 86400 - 600  # ten minutes before midnight ...
END = DAY1 + 86400 + 600  # ... to ten minutes after: each station gives two short station-days
STATIONS = ("S01", "S02", "S03", "S04")
# P times (seconds after START) of the events of each station; 598 s puts a P two seconds before midnight.
EVENTS = {"S01": (120.0, 598.0, 900.0), "S02": (300.0, 700.0), "S03": (598.0, 1050.0), "S04": (200.0, 800.0)}


def stead_event(shared_data, index: int = 1) -> tuple[np.ndarray, int]:
    """A real STEAD event as float32 (3, 6000) Z, N, E counts, and its labelled P sample."""
    with h5py.File(shared_data / "stead_eqt50" / "waveforms.hdf5", "r") as f:
        group = f["earthquake/local"]
        dataset = group[sorted(group)[index]]
        return dataset[()][:, ::-1].T.astype(np.float32), int(dataset.attrs["p_arrival_sample"])


def write_sds(root, shared_data) -> None:
    """Write the archive: day files BH[ZNE] of every station, noise like the event's pre-P noise plus events."""
    event, p = stead_event(shared_data)
    noise = event[:, : p - 50]
    n = int((END - START) * 100)
    ramp = np.clip(np.arange(6000) / 200, 0, 1) * np.clip((5999 - np.arange(6000)) / 200, 0, 1)
    for k, station in enumerate(STATIONS):
        rng = np.random.default_rng(k)
        data = (rng.standard_normal((3, n)) * noise.std(1, keepdims=True) + noise.mean(1, keepdims=True)).astype(np.float32)
        for p_time in EVENTS[station]:
            first = int(p_time * 100) - p
            data[:, first:first + 6000] = ramp * event + (1 - ramp) * data[:, first:first + 6000]
        stream = Stream([Trace(data[i], {"network": "XX", "station": station, "location": "", "channel": f"BH{c}",
                                         "sampling_rate": 100.0, "starttime": START}) for i, c in enumerate("ZNE")])
        for day in (DAY1, DAY1 + 86400):
            for trace in stream.slice(day, day + 86400 - 0.005):
                stats = trace.stats
                folder = root / f"{day.year}" / "XX" / station / f"{stats.channel}.D"
                folder.mkdir(parents=True, exist_ok=True)
                name = f"XX.{station}..{stats.channel}.D.{day.year}.{day.julday:03d}"
                trace.write(str(folder / name), format="MSEED", encoding="FLOAT32")


@pytest.fixture(scope="module")
def sds_root(tmp_path_factory, shared_data):
    root = tmp_path_factory.mktemp("sds")
    write_sds(root, shared_data)
    return root


@pytest.fixture(scope="module")
def cluster(seed_models_dir):
    """A real LocalCluster: 2 single-threaded worker processes (with nannies) over TCP on 127.0.0.1."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", protocol="tcp://",
                      dashboard_address=None) as local:
        yield local
