"""SeisBench export: a folder with metadata.csv and waveforms.hdf5 in the SeisBench layout (ZNE, CW, 100 Hz)."""

from __future__ import annotations

import csv
import os

import h5py

from eqviewer.io import SAMPLING_RATE
from eqviewer.atomic_files import atomic_output, hdf5_write_errors, require_free_space
from eqviewer.review.selection import split_station_id
from eqviewer.review.training_windows import (BYTES_PER_WINDOW, WINDOW_SAMPLES, TrainingWindow, plan_windows,
                                               read_windows, trace_name)

# SeisBench's metadata columns for the origin and station facts of a window (TrainingWindow.geometry keys).
GEOMETRY_COLUMNS = (
    ("source_origin_time", "origin_time"), ("source_origin_uncertainty_sec", "time_error_s"),
    ("source_latitude_deg", "latitude"), ("source_longitude_deg", "longitude"),
    ("source_horizontal_uncertainty_km", "horizontal_error_km"), ("source_depth_km", "depth_km"),
    ("source_depth_uncertainty_km", "depth_error_km"), ("station_latitude_deg", "station_latitude"),
    ("station_longitude_deg", "station_longitude"), ("station_elevation_m", "station_elevation_m"),
    ("path_ep_distance_km", "distance_km"), ("path_back_azimuth_deg", "back_azimuth_deg"),
)
COLUMNS = (
    "trace_name", "trace_start_time", "trace_sampling_rate_hz", "trace_npts", "station_network_code",
    "station_code", "station_location_code", "trace_channel", "trace_category", "trace_p_arrival_sample",
    "trace_p_status", "trace_p_uncertainty_s", "trace_s_arrival_sample", "trace_s_status", "trace_s_uncertainty_s",
    "trace_polarity", "split", "source_id", "eqviewer_record", *(column for column, _ in GEOMETRY_COLUMNS),
)
WRITES_FOLDER = True
CATEGORIES = {"earthquake": "earthquake_local", "noise": "noise"}
POLARITY_CODES = {"positive": "U", "negative": "D", "undecidable": ""}


def metadata_row(window: TrainingWindow, name: str) -> dict:
    """The metadata.csv row of one window (empty cells where a phase is absent)."""
    network, station, location, band = split_station_id(window.station_id)

    def phase(pick, name):
        if pick is None:
            return "", window.status_of(name), ""
        return window.sample_of(pick), pick.status, "" if pick.uncertainty_s is None else pick.uncertainty_s

    p_sample, p_status, p_unc = phase(window.p, "P")
    s_sample, s_status, s_unc = phase(window.s, "S")
    return {
        "trace_name": name, "trace_start_time": str(window.start), "trace_sampling_rate_hz": SAMPLING_RATE,
        "trace_npts": WINDOW_SAMPLES, "station_network_code": network, "station_code": station,
        "station_location_code": location, "trace_channel": band, "trace_category": CATEGORIES[window.category],
        "trace_p_arrival_sample": p_sample, "trace_p_status": p_status, "trace_p_uncertainty_s": p_unc,
        "trace_s_arrival_sample": s_sample, "trace_s_status": s_status, "trace_s_uncertainty_s": s_unc,
        "trace_polarity": POLARITY_CODES.get(window.p.polarity, "") if window.p and window.p.polarity else "",
        "split": window.split, "source_id": window.source_id, "eqviewer_record": window.record,
        **_geometry(window, GEOMETRY_COLUMNS),
    }


def _geometry(window: TrainingWindow, columns) -> dict:
    """The window's origin and station facts under a format's column names, empty where unknown."""
    facts = window.geometry()
    return {column: "" if isinstance(facts[key], float) and facts[key] != facts[key] else facts[key]
            for column, key in columns}


def export(session, out_path, statuses: tuple[str, ...], seed: int = 0, include_partial: bool = False) -> int:
    """Cut the windows and write the dataset folder; the number of traces (partly reviewed records: see
    :mod:`eqviewer.review.training_windows`)."""
    windows, extents = plan_windows(session, statuses, seed, include_partial)
    require_free_space(out_path, len(windows) * BYTES_PER_WINDOW)
    with hdf5_write_errors(out_path), atomic_output(out_path, folder=True) as tmp:
        with h5py.File(os.path.join(tmp, "waveforms.hdf5"), "w") as h5, \
                open(os.path.join(tmp, "metadata.csv"), "w", newline="", encoding="utf-8") as handle:
            group = h5.create_group("data_format")
            group.create_dataset("component_order", data="ZNE")
            group.create_dataset("dimension_order", data="CW")
            group.create_dataset("sampling_rate", data=SAMPLING_RATE)
            group.create_dataset("measurement", data="counts")
            data = h5.create_group("data")
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            for index, (window, samples) in enumerate(read_windows(windows, extents)):
                name = trace_name(window, index)
                data.create_dataset(name, data=samples)
                writer.writerow(metadata_row(window, name))
    return len(windows)
