"""STEAD export: an HDF5 file (``data/<trace_name>``, (window, 3) E, N, Z with STEAD attributes) and a CSV beside it.

``OUT`` names the HDF5 file; the CSV is ``OUT`` with the suffix ``.csv``. Both are written aside and renamed in
together (:func:`eqviewer.atomic_files.atomic_outputs`): a crash leaves the old pair or the new one.

``snr_db`` (E, N, Z, as STEAD) is measured on the exported window: 10 log10 of the mean power from 1 s before S to
4 s after it (P to P + 5 s when the window has no S) over the mean power of the 5 s before P (at least 1 s of it).
STEAD does not publish its own formula; on the 50 STEAD traces in ../shared this one is within a median 2.6 dB of
STEAD's values (correlation 0.98; P to the coda's end gave 6.2 dB, a 2 s 95th-percentile ratio 10.6 dB).
``coda_end_sample`` is left empty (NaN): eqviewer has no coda picks.
"""

from __future__ import annotations

import csv
import math
import os

import h5py
import numpy as np

from eqviewer.atomic_files import atomic_outputs, hdf5_write_errors, require_free_space
from eqviewer.io import SAMPLING_RATE
from eqviewer.review.selection import split_station_id
from eqviewer.review.training_windows import BYTES_PER_WINDOW, plan_windows, read_windows, trace_name

# STEAD's columns for the origin and station facts of a window (TrainingWindow.geometry keys).
GEOMETRY_COLUMNS = (
    ("receiver_latitude", "station_latitude"), ("receiver_longitude", "station_longitude"),
    ("receiver_elevation_m", "station_elevation_m"), ("source_origin_time", "origin_time"),
    ("source_origin_uncertainty_sec", "time_error_s"), ("source_latitude", "latitude"),
    ("source_longitude", "longitude"), ("source_horizontal_uncertainty_km", "horizontal_error_km"),
    ("source_depth_km", "depth_km"), ("source_depth_uncertainty_km", "depth_error_km"),
    ("source_distance_km", "distance_km"), ("back_azimuth_deg", "back_azimuth_deg"),
)
COLUMNS = (
    "network_code", "receiver_code", "receiver_type", "p_arrival_sample", "p_status", "p_weight",
    "s_arrival_sample", "s_status", "s_weight", "coda_end_sample", "snr_db", "source_id", "trace_start_time",
    "trace_category", "trace_name", "split", *(column for column, _ in GEOMETRY_COLUMNS),
)
CATEGORIES = {"earthquake": "earthquake_local", "noise": "noise"}
NOISE_S = 5.0  # noise: the seconds before P
MIN_NOISE_S = 1.0
AROUND_S = (1.0, 4.0)  # signal: from 1 s before S to 4 s after it
P_SIGNAL_S = 5.0  # without S: the seconds after P


def csv_path(out_path: str | os.PathLike) -> str:
    """The CSV written beside the HDF5 file."""
    return os.path.splitext(os.fspath(out_path))[0] + ".csv"


def output_paths(out_path: str | os.PathLike) -> list[str]:
    """The two files an export to ``out_path`` writes: the HDF5 file and its CSV."""
    return [os.fspath(out_path), csv_path(out_path)]


def snr_db(samples: np.ndarray, p: float | None, s: float | None) -> np.ndarray | float:
    """Signal-to-noise ratio in dB of each component of a (3, n) Z, N, E window, in STEAD's E, N, Z order, with P
    and S at (fractional) samples ``p`` and ``s`` (see the module's docstring); NaN where it cannot be measured
    (no P, under a second of noise before it, a flat component)."""
    if p is None:
        return math.nan
    n = samples.shape[1]
    first_noise = max(0, int(round(p - NOISE_S * SAMPLING_RATE)))
    end_noise = int(round(p))
    if s is not None:
        first, end = int(round(s - AROUND_S[0] * SAMPLING_RATE)), int(round(s + AROUND_S[1] * SAMPLING_RATE))
    else:
        first, end = end_noise, int(round(p + P_SIGNAL_S * SAMPLING_RATE))
    first, end = max(first, end_noise), min(end, n)
    if end_noise - first_noise < MIN_NOISE_S * SAMPLING_RATE or end - first < 1:
        return math.nan
    x = np.asarray(samples, dtype=np.float64)
    x = x - x[:, first_noise:end_noise].mean(axis=1, keepdims=True)
    noise = np.mean(x[:, first_noise:end_noise] ** 2, axis=1)
    signal = np.mean(x[:, first:end] ** 2, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((noise > 0) & (signal > 0), 10.0 * np.log10(signal / noise), np.nan)
    return np.round(ratio[::-1], 1)


def _csv_value(value):
    """A value as the CSV holds it: NaN empty, an array as STEAD writes it ("[56.8 55.4 47.4]")."""
    if isinstance(value, np.ndarray):
        return "[" + " ".join("nan" if math.isnan(v) else f"{v:.1f}" for v in value) + "]"
    return "" if isinstance(value, float) and math.isnan(value) else value


def attributes(window, name: str, samples: np.ndarray | None = None) -> dict:
    """STEAD attributes of one window (``samples``: its (3, window) Z, N, E data, for ``snr_db``); unknown numbers
    are NaN, unknown text empty."""
    network, station, _, band = split_station_id(window.station_id)
    nan = math.nan
    facts = window.geometry()
    return {
        "network_code": network, "receiver_code": station, "receiver_type": band,
        "p_arrival_sample": window.sample_of(window.p) if window.p else nan,
        "p_status": window.status_of("P"),
        "p_weight": window.p.probability if window.p and window.p.probability is not None else nan,
        "s_arrival_sample": window.sample_of(window.s) if window.s else nan,
        "s_status": window.status_of("S"),
        "s_weight": window.s.probability if window.s and window.s.probability is not None else nan,
        "coda_end_sample": nan,
        "snr_db": snr_db(samples, window.sample_of(window.p), window.sample_of(window.s))
        if samples is not None and window.category == "earthquake" else nan,
        "source_id": window.source_id,
        "trace_start_time": window.start.strftime("%Y-%m-%d %H:%M:%S.%f"),
        "trace_category": CATEGORIES[window.category], "trace_name": name, "split": window.split,
        **{column: facts[key] for column, key in GEOMETRY_COLUMNS},
    }


def export(session, out_path, statuses: tuple[str, ...], seed: int = 0, include_partial: bool = False) -> int:
    """Cut the windows and write the HDF5 file and its CSV; the number of traces (partly reviewed records: see
    :mod:`eqviewer.review.training_windows`)."""
    windows, extents = plan_windows(session, statuses, seed, include_partial)
    require_free_space(out_path, len(windows) * BYTES_PER_WINDOW)
    with hdf5_write_errors(out_path), atomic_outputs(output_paths(out_path)) as (tmp_h5, tmp_csv):
        with h5py.File(tmp_h5, "w") as h5, open(tmp_csv, "w", newline="", encoding="utf-8") as handle:
            data = h5.create_group("data")
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            for index, (window, samples) in enumerate(read_windows(windows, extents)):
                name = trace_name(window, index)
                attrs = attributes(window, name, samples)
                dataset = data.create_dataset(name, data=np.ascontiguousarray(samples[::-1].T))
                dataset.attrs.update(attrs)
                writer.writerow({key: _csv_value(value) for key, value in attrs.items()})
    return len(windows)
