"""`eqviewer detect` over an archive with one damaged record among good ones: the damaged one is skipped with a
warning naming it, the others' picks are written, and the exit status (3) says something was skipped."""

from __future__ import annotations

import csv

import h5py
import pytest

from eqviewer.cli import main
from eqviewer.cli.detect import EXIT_SKIPPED

COLUMNS = ["trace_name", "network_code", "receiver_code", "receiver_type", "trace_start_time", "trace_category"]


@pytest.fixture(scope="module")
def archive_with_a_damaged_record(shared_data, seed_models_dir, tmp_path_factory):
    """Three real STEAD records listed by a CSV; the second one's dataset lost a component (damaged on disk)."""
    folder = tmp_path_factory.mktemp("damaged")
    path = folder / "three.hdf5"
    with h5py.File(shared_data / "stead_eqt50" / "waveforms.hdf5", "r") as real, h5py.File(path, "w") as copy:
        group = real["earthquake/local"]
        names = sorted(group)[:3]
        rows = []
        for index, name in enumerate(names):
            data = group[name][()]
            copy.create_dataset(f"earthquake/local/{name}", data=data[:, :2] if index == 1 else data)
            attrs = group[name].attrs
            rows.append([name, attrs["network_code"], attrs["receiver_code"], attrs["receiver_type"],
                         attrs["trace_start_time"], "earthquake_local"])
    with (folder / "three.csv").open("w", newline="") as table:
        csv.writer(table).writerows([COLUMNS, *rows])
    return path, names


def test_damaged_record_is_skipped_and_the_rest_written(archive_with_a_damaged_record, tmp_path, capsys):
    path, names = archive_with_a_damaged_record
    before = path.read_bytes()
    out = tmp_path / "picks.csv"
    assert main(["detect", str(path), "--out", str(out), "--device", "cpu"]) == EXIT_SKIPPED
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if "warning: skipped" in line]
    assert len(warnings) == 1 and names[1] in warnings[0] and "(6000, 2)" in warnings[0]
    assert "skipped 1 unreadable of 3 records" in err and "Traceback" not in err
    records = {row["record"].rpartition("/")[2] for row in csv.DictReader(out.open())}
    assert records == {names[0], names[2]}
    assert path.read_bytes() == before
