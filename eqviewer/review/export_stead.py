"""STEAD export: an HDF5 file (``data/<trace_name>``, (6000, 3) E, N, Z with STEAD attributes) and a CSV beside it.

``OUT`` names the HDF5 file; the CSV is ``OUT`` with the suffix ``.csv``. Both are written aside and renamed in.
"""

from __future__ import annotations

import csv
import math
import os

import h5py
import numpy as np

from eqviewer.review.atomic import atomic_output
from eqviewer.review.export_seisbench import trace_name
from eqviewer.review.selection import split_station_id
from eqviewer.review.training_windows import plan_windows, read_windows

COLUMNS = (
    "network_code", "receiver_code", "receiver_type", "p_arrival_sample", "p_status", "p_weight",
    "s_arrival_sample", "s_status", "s_weight", "coda_end_sample", "snr_db", "source_id", "trace_start_time",
    "trace_category", "trace_name", "split",
)
CATEGORIES = {"earthquake": "earthquake_local", "noise": "noise"}


def csv_path(out_path: str | os.PathLike) -> str:
    """The CSV written beside the HDF5 file."""
    return os.path.splitext(os.fspath(out_path))[0] + ".csv"


def attributes(window, name: str) -> dict:
    """STEAD attributes of one window; unknown numbers are NaN, unknown text empty."""
    network, station, _, band = split_station_id(window.station_id)
    nan = math.nan
    return {
        "network_code": network, "receiver_code": station, "receiver_type": band,
        "p_arrival_sample": window.sample_of(window.p) if window.p else nan,
        "p_status": window.p.status if window.p else "",
        "p_weight": window.p.probability if window.p and window.p.probability is not None else nan,
        "s_arrival_sample": window.sample_of(window.s) if window.s else nan,
        "s_status": window.s.status if window.s else "",
        "s_weight": window.s.probability if window.s and window.s.probability is not None else nan,
        "coda_end_sample": nan, "snr_db": nan, "source_id": f"event{window.event}",
        "trace_start_time": window.start.strftime("%Y-%m-%d %H:%M:%S.%f"),
        "trace_category": CATEGORIES[window.category], "trace_name": name, "split": window.split,
    }


def export(session, out_path, statuses: tuple[str, ...], seed: int = 0) -> int:
    """Cut the windows and write the HDF5 file and its CSV; the number of traces."""
    windows, extents = plan_windows(session, statuses, seed)
    with atomic_output(out_path) as tmp_h5, atomic_output(csv_path(out_path)) as tmp_csv:
        with h5py.File(tmp_h5, "w") as h5, open(tmp_csv, "w", newline="", encoding="utf-8") as handle:
            data = h5.create_group("data")
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            for index, (window, samples) in enumerate(read_windows(windows, extents)):
                name = trace_name(window, index)
                attrs = attributes(window, name)
                dataset = data.create_dataset(name, data=np.ascontiguousarray(samples[::-1].T))
                dataset.attrs.update(attrs)
                writer.writerow({k: ("" if isinstance(v, float) and math.isnan(v) else v) for k, v in attrs.items()})
    return len(windows)
