"""Generated HDF5 layouts: TXED groups (Z, N, E), component-order override, CSV vs attributes, lazy listing."""

from __future__ import annotations

import csv

import h5py
import numpy as np
import pytest
from obspy import UTCDateTime

import eqviewer.io.stead_hdf5 as stead_hdf5
from eqviewer.errors import ArchiveError
from eqviewer.io import open_archive
from eqviewer.io.source import LazyItem

START = "2021-05-06T07:08:09.123456"


def _zne_ramp(n=6000) -> np.ndarray:
    """(n, 3) with column values 1, 2, 3 times the sample number: which column is which shows in the record."""
    return (np.arange(n)[:, None] * np.array([1.0, 2.0, 3.0])).astype("f4")


def test_txed_groups_store_z_n_e(tmp_path):
    path = tmp_path / "txed.h5"
    with h5py.File(path, "w") as handle:
        group = handle.create_group("texnet2020abcd_PB01")
        group.create_dataset("data", data=_zne_ramp())
        group.attrs.update({"station": "PB01", "p_arrival_sample": 512.5, "s_arrival_sample": 900.0,
                            "trace_category": "earthquake_local", "p_arrival_time": "2021-05-06T07:08:14.248456"})
    with open_archive(path) as source:
        item = source.items()[0]
        record = source.read(item)
    assert item.key == "texnet2020abcd_PB01" and item.category == "earthquake"
    # No trace_start_time in TXED: start = P time - P sample / 100 (fractional sample kept).
    assert item.start == UTCDateTime(START)
    np.testing.assert_array_equal(record.data[:, 10], [10, 20, 30])
    assert record.metadata["component_order"] == "ZNE"


@pytest.mark.parametrize(("order", "expected"), [(None, [30, 20, 10]), ("ZNE", [10, 20, 30])])
def test_component_order_default_and_override(tmp_path, order, expected):
    path = tmp_path / "eqt.hdf5"
    with h5py.File(path, "w") as handle:
        dataset = handle.create_dataset("data/STA_XX_HH_2021", data=_zne_ramp())
        dataset.attrs.update({"network_code": "XX", "receiver_code": "STA", "trace_start_time": START})
    with open_archive(path, component_order=order) as source:
        record = source.read(source.items()[0])
    np.testing.assert_array_equal(record.data[:, 10], expected)
    assert record.station_id == "XX.STA..HH"


def test_file_attribute_sets_component_order(tmp_path):
    path = tmp_path / "attr.hdf5"
    with h5py.File(path, "w") as handle:
        handle.attrs["component_order"] = "ZNE"
        handle.create_dataset("data/t1", data=_zne_ramp()).attrs["trace_start_time"] = START
    with open_archive(path) as source:
        assert source.read("data/t1").data[0, 10] == 10


def _stead_pair(tmp_path, n=3, csv_start=START, csv_p=701.25):
    path = tmp_path / "pair.hdf5"
    with h5py.File(path, "w") as handle:
        for i in range(n):
            dataset = handle.create_dataset(f"earthquake/local/STA.XX_{i}_EV", data=_zne_ramp())
            dataset.attrs.update({"network_code": "XX", "receiver_code": "STA", "trace_start_time": START,
                                  "p_arrival_sample": 701.0, "p_status": "manual"})
        handle.create_group("non_earthquake/noise")
    with open(tmp_path / "pair.csv", "w", newline="") as table:
        writer = csv.writer(table)
        writer.writerow(["trace_name", "network_code", "receiver_code", "trace_start_time", "p_arrival_sample", "p_status"])
        for i in range(n):
            writer.writerow([f"STA.XX_{i}_EV", "XX", "STA", csv_start, csv_p, "autopicker"])
    return path


def test_csv_beside_the_file_gives_the_labels(tmp_path):
    path = _stead_pair(tmp_path)
    with open_archive(path) as source:
        item = source.items()[0]
    pick = item.labels[0]
    assert pick.status == "automatic" and pick.time == UTCDateTime(START) + 7.0125
    assert item.category == "earthquake"  # from the earthquake/local group


def test_imprecise_csv_time_falls_back_to_the_attribute(tmp_path):
    path = _stead_pair(tmp_path, csv_start="06/05/2021 7:08")
    with open_archive(path) as source:
        assert source.items()[0].start == UTCDateTime(START)


def test_large_file_without_csv_lists_lazily(tmp_path, monkeypatch):
    path = _stead_pair(tmp_path, n=4)
    (tmp_path / "pair.csv").unlink()
    monkeypatch.setattr(stead_hdf5, "LAZY_LISTING_ABOVE", 2)
    with open_archive(path) as source:
        items = source.items()
        assert all(isinstance(i, LazyItem) for i in items)
        assert "station_id" not in vars(items[0])  # nothing read yet
        assert items[0].labels[0].time == UTCDateTime(START) + 7.01 and items[0].n_samples == 6000
        assert source.summary()["n_with_p"] == 4


def test_seisbench_folder_with_picks_plain_names_and_categories(tmp_path):
    with h5py.File(tmp_path / "waveforms.hdf5", "w") as handle:
        handle.create_dataset("data_format/component_order", data="ENZ")
        handle.create_dataset("data_format/dimension_order", data="WC")
        handle.create_dataset("data_format/sampling_rate", data=100)
        handle.create_dataset("data/tr_a", data=_zne_ramp(3000))
        handle.create_dataset("data/tr_b", data=_zne_ramp(3000))
    with open(tmp_path / "metadata.csv", "w", newline="") as table:
        writer = csv.writer(table)
        writer.writerow(["trace_name", "station_network_code", "station_code", "trace_channel", "trace_start_time",
                         "trace_P1_arrival_sample", "trace_P1_status", "trace_Sg_arrival_sample", "trace_category"])
        writer.writerow(["tr_a", "XX", "AAA", "HH", "2021-05-06T07:08:09.123456Z", "250.5", "automatic", "", "earthquake"])
        writer.writerow(["tr_b", "XX", "AAA", "HH", "2021-05-06T08:08:09.123456Z", "", "", "", "noise"])
    with open_archive(tmp_path) as source:
        assert source.format == "seisbench"
        first, second = source.items()
        record = source.read(first)
    assert first.station_id == "XX.AAA..HH" and (first.category, second.category) == ("earthquake", "noise")
    assert [(p.phase, p.status) for p in first.labels] == [("P", "automatic")] and not second.labels
    assert first.labels[0].time == UTCDateTime(START) + 2.505
    np.testing.assert_array_equal(record.data[:, 10], [30, 20, 10])  # E, N, Z stored samples-first


def _seisbench(folder, order: str, traces: dict[str, np.ndarray]) -> None:
    """A SeisBench folder (components first) holding ``traces`` stored in ``order``."""
    with h5py.File(folder / "waveforms.hdf5", "w") as handle:
        handle.create_dataset("data_format/component_order", data=order)
        handle.create_dataset("data_format/sampling_rate", data=100)
        for name, data in traces.items():
            handle.create_dataset(f"data/{name}", data=data)
    with open(folder / "metadata.csv", "w", newline="") as table:
        writer = csv.writer(table)
        writer.writerow(["trace_name", "station_network_code", "station_code", "trace_start_time"])
        for name in traces:
            writer.writerow([name, "XX", "AAA", "2021-05-06T07:08:09Z"])


@pytest.mark.parametrize(("order", "rows", "expected", "missing"), [
    ("Z", [[1.0]], [1.0, 0.0, 0.0], {"missing_N", "missing_E"}),
    ("EZ", [[3.0], [1.0]], [1.0, 0.0, 3.0], {"missing_N"}),
    ("Z12H", [[1.0], [2.0], [3.0], [9.0]], [1.0, 2.0, 3.0], set()),  # 1/2 are N/E, the hydrophone is dropped
])
def test_seisbench_traces_of_fewer_or_other_components(tmp_path, order, rows, expected, missing):
    _seisbench(tmp_path, order, {"tr": np.repeat(np.array(rows, np.float32), 3000, axis=1)})
    with open_archive(tmp_path) as source:
        record = source.read(source.items()[0])
    np.testing.assert_array_equal(record.data[:, 0], expected)
    assert {f for f in record.flags if f.startswith("missing")} == missing


def test_seisbench_traces_that_do_not_fit_the_component_order_are_skipped_and_named(tmp_path):
    good, odd = np.ones((3, 3000), np.float32), np.ones((2, 3000), np.float32)
    _seisbench(tmp_path, "ZNE", {"good": good, "odd": odd})
    with open_archive(tmp_path) as source:
        assert [item.key for item in source.items()] == ["good"]
        assert any("odd" in warning and "expected 3 components" in warning for warning in source.warnings)
    only_odd = tmp_path / "only_odd"
    only_odd.mkdir()
    _seisbench(only_odd, "ZNE", {"odd": odd})
    with pytest.raises(ArchiveError, match="trace odd has shape"):
        with open_archive(only_odd) as source:
            source.items()
