"""HDF5 archives that point outside themselves, loop, or are damaged, and metadata CSVs that are not what they
seem: each gives one ArchiveError naming the file (or is read with a warning), never a traceback or a foreign file."""

from __future__ import annotations

import shutil

import h5py
import numpy as np
import pytest

from eqviewer.errors import ArchiveError
from eqviewer.io import open_archive

NAME = "data/ST.XX_20200101000000_EV"
ATTRS = {"receiver_code": "ST", "trace_start_time": "2020-01-01T00:00:00"}


def _read_all(path):
    with open_archive(path) as source:
        return [source.read(item) for item in source.items()]


def test_external_storage_is_refused(tmp_path):
    secret = tmp_path / "secret.bin"
    secret.write_bytes(np.arange(18_000, dtype="f4").tobytes())
    path = tmp_path / "external.hdf5"
    with h5py.File(path, "w") as handle:
        dataset = handle.create_dataset(NAME, shape=(6000, 3), dtype="f4", external=[(str(secret), 0, 72_000)])
        dataset.attrs.update(ATTRS)
    with pytest.raises(ArchiveError, match="outside the file") as caught:
        _read_all(path)
    assert caught.value.path == str(path)


def test_virtual_dataset_is_refused(tmp_path):
    with h5py.File(tmp_path / "other.h5", "w") as handle:
        handle["x"] = np.ones((6000, 3), "f4")
    path = tmp_path / "virtual.hdf5"
    with h5py.File(path, "w") as handle:
        layout = h5py.VirtualLayout(shape=(6000, 3), dtype="f4")
        layout[:] = h5py.VirtualSource(str(tmp_path / "other.h5"), "x", shape=(6000, 3))
        handle.create_virtual_dataset(NAME, layout).attrs.update(ATTRS)
    with pytest.raises(ArchiveError, match="outside the file"):
        _read_all(path)


def test_soft_link_loop_is_one_error(tmp_path):
    path = tmp_path / "loop.hdf5"
    with h5py.File(path, "w") as handle:
        group = handle.create_group("data")
        group["a"] = h5py.SoftLink("/data/b")
        group["b"] = h5py.SoftLink("/data/a")
    with pytest.raises(ArchiveError, match="cannot be opened") as caught:
        _read_all(path)
    assert caught.value.path == str(path)


def test_damaged_attribute_is_one_error(tmp_path):
    path = tmp_path / "damaged.hdf5"
    with h5py.File(path, "w") as handle:
        dataset = handle.create_dataset(NAME, data=np.ones((6000, 3), "f4"))
        dataset.attrs["receiver_code"] = np.bytes_("ABCDEFGH")
    data = bytearray(path.read_bytes())
    at = data.index(b"receiver_code")
    data[at + 16 : at + 20] = bytes(b ^ 0xFF for b in data[at + 16 : at + 20])  # the attribute's datatype message
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(ArchiveError, match="attributes cannot be read"):
        _read_all(path)
    assert path.read_bytes() == before


def test_latin1_metadata_is_read_with_a_warning(tmp_path, shared_data):
    folder = tmp_path / "latin1"
    shutil.copytree(shared_data / "seisbench_dummy100", folder)
    lines = (folder / "metadata.csv").read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b"PB01", b"PB\xe901", 1)
    (folder / "metadata.csv").write_bytes(b"\n".join(lines))
    with open_archive(folder) as source:
        summary = source.summary()
    assert summary["n_traces"] == 100
    assert any("not UTF-8" in w and "Latin-1" in w for w in summary["warnings"])
    assert any("PB\xe901" in station for station in summary["stations"])


def test_metadata_with_a_header_only(tmp_path, shared_data):
    folder = tmp_path / "header_only"
    shutil.copytree(shared_data / "seisbench_dummy100", folder)
    header = (folder / "metadata.csv").read_bytes().split(b"\n")[0]
    (folder / "metadata.csv").write_bytes(header + b"\n")
    with pytest.raises(ArchiveError, match="lists no traces") as caught:
        _read_all(folder)
    assert caught.value.path == str(folder / "metadata.csv")


def test_latin1_metadata_without_a_data_format_group_is_sniffed(tmp_path):
    """Without data_format, the SeisBench sniffer reads metadata.csv's second line; a Latin-1 byte there is fine."""
    with h5py.File(tmp_path / "waveforms.hdf5", "w") as handle:
        handle.create_dataset("data/bucket0", data=np.ones((2, 3, 600), "f4"))
    (tmp_path / "metadata.csv").write_bytes(
        b"trace_name,station_code,trace_sampling_rate_hz,trace_start_time\n"
        b'"bucket0$0,:3,:600",S\xf8ndre,100,2020-01-01T00:00:00\n'
        b'"bucket0$1,:3,:600",S\xf8ndre,100,2020-01-01T00:01:00\n'
    )
    with open_archive(tmp_path) as source:
        summary = source.summary()
        record = source.read(source.items()[0])
    assert summary["format"] == "seisbench" and summary["n_traces"] == 2
    assert summary["stations"] == [".S\xf8ndre.."] and record.n_samples == 600
