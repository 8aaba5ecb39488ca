"""A bad-input corpus generated here: each case gives ArchiveError naming the file, or a flagged warning."""

from __future__ import annotations

import hashlib
import os

import h5py
import numpy as np
import obspy
import pytest

import eqviewer.io.paths
from eqviewer.errors import ArchiveError
from eqviewer.io import open_archive
from eqviewer.io.record import FLAG_NONFINITE_ZEROED


def _digest(folder) -> dict[str, str]:
    return {
        os.path.join(root, name): hashlib.sha256(open(os.path.join(root, name), "rb").read()).hexdigest()
        for root, _, names in os.walk(folder)
        for name in names
    }


def _stead_file(path, data, attrs=None, group="data"):
    with h5py.File(path, "w") as handle:
        dataset = handle.create_dataset(f"{group}/ST.XX_20200101000000_EV", data=data)
        for key, value in (attrs or {}).items():
            dataset.attrs[key] = value
    return path


GOOD_ATTRS = {"network_code": "XX", "receiver_code": "ST", "trace_start_time": "2020-01-01 00:00:00.000000"}


def _mseed(path):
    obspy.read().write(str(path), format="MSEED")
    return path


def _bad_cases(tmp_path):
    """(name, path, expected words in the reason) for inputs that must fail."""
    rng = np.random.default_rng(1)
    empty = tmp_path / "empty.mseed"
    empty.write_bytes(b"")
    random_bytes = tmp_path / "random.bin"
    random_bytes.write_bytes(rng.bytes(4096))
    whole = _mseed(tmp_path / "whole.mseed").read_bytes()
    truncated = tmp_path / "truncated.mseed"
    truncated.write_bytes(whole[: len(whole) // 2 + 100])
    (tmp_path / "whole.mseed").unlink()
    no_waveforms = tmp_path / "no_waveforms.hdf5"
    with h5py.File(no_waveforms, "w") as handle:
        handle.create_group("something/else")
    good_hdf5 = _stead_file(tmp_path / "good.hdf5", np.ones((6000, 3), "f4"), GOOD_ATTRS).read_bytes()
    truncated_hdf5 = tmp_path / "truncated.hdf5"
    truncated_hdf5.write_bytes(good_hdf5[:3000])
    (tmp_path / "good.hdf5").unlink()
    seisbench = tmp_path / "seisbench_no_names"
    seisbench.mkdir()
    with h5py.File(seisbench / "waveforms.hdf5", "w") as handle:
        handle.create_dataset("data_format/component_order", data="ZNE")
        handle.create_dataset("data/bucket0", data=np.zeros((2, 3, 100)))
    (seisbench / "metadata.csv").write_text("station_code,trace_start_time\nSTA,2020-01-01T00:00:00\n")
    unreadable_dir = tmp_path / "nothing_readable"
    unreadable_dir.mkdir()
    (unreadable_dir / "notes.txt").write_text("not a waveform\n")
    (unreadable_dir / "junk.bin").write_bytes(rng.bytes(1000))
    return [
        ("empty file", empty, "empty file"),
        ("random bytes", random_bytes, "unknown format"),
        ("truncated MiniSEED", truncated, "truncated or corrupt"),
        ("HDF5 without waveforms", no_waveforms, "no waveform dataset"),
        ("(6000, 2)", _stead_file(tmp_path / "two_comp.hdf5", np.zeros((6000, 2), "f4"), GOOD_ATTRS), "(6000, 2)"),
        ("(3,)", _stead_file(tmp_path / "vector.hdf5", np.zeros(3, "f4"), GOOD_ATTRS), "(3,)"),
        ("nothing readable", unreadable_dir, "nothing readable"),
        ("truncated HDF5", truncated_hdf5, "not a readable hdf5"),
        ("SeisBench without trace_name", seisbench, "no trace_name column"),
        ("does not exist", tmp_path / "missing.mseed", "no such file"),
    ]


def test_every_bad_input_is_one_archive_error_and_nothing_changes(tmp_path):
    cases = _bad_cases(tmp_path)
    before = _digest(tmp_path)
    for name, path, words in cases:
        with pytest.raises(ArchiveError) as caught:
            with open_archive(path) as source:
                for item in source.items():
                    source.read(item)
        error = caught.value
        assert words in error.reason.lower(), (name, str(error))
        assert str(path) in str(error) or str(tmp_path) in str(error), (name, str(error))
    assert _digest(tmp_path) == before


def test_no_read_permission(tmp_path, monkeypatch):
    """Tests run as root, where chmod 000 still reads: os.access is made to refuse, as it does for a user."""
    path = _mseed(tmp_path / "locked.mseed")
    real_access = os.access
    monkeypatch.setattr(eqviewer.io.paths.os, "access", lambda p, mode: False if os.fspath(p) == str(path) else real_access(p, mode))
    with pytest.raises(ArchiveError, match="permission denied") as caught:
        open_archive(path)
    assert caught.value.path == str(path)


def test_nonfinite_samples_are_zeroed_flagged_and_warned(tmp_path):
    data = np.ones((6000, 3), "f4")
    data[10, 0], data[20, 1], data[30, 2] = np.nan, np.inf, -np.inf
    path = _stead_file(tmp_path / "nan.hdf5", data, GOOD_ATTRS)
    before = _digest(tmp_path)
    with open_archive(path) as source:
        record = source.read(source.items()[0])
    assert FLAG_NONFINITE_ZEROED in record.flags and "3 NaN or infinite" in record.warnings[0]
    assert np.isfinite(record.data).all() and (record.data == 0).sum() == 3
    assert _digest(tmp_path) == before

    stream = obspy.read()
    stream[0].data[5:9] = np.nan
    stream.write(str(tmp_path / "nan.mseed"), format="MSEED")
    with open_archive(tmp_path / "nan.mseed") as source:
        record = source.read(source.items()[0])
    assert FLAG_NONFINITE_ZEROED in record.flags and np.isfinite(record.data).all()


def test_missing_attributes_are_warned_not_fatal(tmp_path):
    path = _stead_file(tmp_path / "bare.hdf5", np.ones((6000, 3), "f4"), {})
    with open_archive(path) as source:
        summary = source.summary()
        record = source.read(source.items()[0])
    assert summary["n_traces"] == 1 and summary["n_unlabelled"] == 1
    assert any("no receiver_code" in w for w in summary["warnings"])
    # The start is read from the STEAD-style trace name when the attribute is missing.
    assert record.start == obspy.UTCDateTime("2020-01-01T00:00:00")


def test_missing_start_and_name_counts_from_epoch_with_warning(tmp_path):
    path = tmp_path / "nameless.hdf5"
    with h5py.File(path, "w") as handle:
        handle.create_dataset("data/trace1", data=np.ones((6000, 3), "f4"))
    with open_archive(path) as source:
        summary = source.summary()
    assert summary["start"] == "1970-01-01T00:00:00.000000Z"
    assert any("no trace_start_time" in w for w in summary["warnings"])


def test_channels_at_different_rates_keep_their_times(tmp_path):
    stream = obspy.read()
    north = stream.select(channel="EHN")[0]
    north.data = north.data[::2].copy()
    north.stats.sampling_rate = 50.0  # the same 30 s, at half the rate
    stream.write(str(tmp_path / "mixed.mseed"), format="MSEED")
    with open_archive(tmp_path / "mixed.mseed") as source:
        assert any("sampling rate changes (50, 100 Hz)" in w for w in source.summary()["warnings"])
        record = source.read(source.items()[0])
    assert record.n_samples == 3000 and "partial_coverage" not in record.flags
    assert np.all(record.data[1, :2990] != 0)


def test_folder_skips_unreadable_files_with_a_warning(tmp_path):
    _mseed(tmp_path / "good.mseed")
    (tmp_path / "bad.mseed").write_bytes(b"\x00" * 100)
    with open_archive(tmp_path) as source:
        summary = source.summary()
    assert summary["n_traces"] == 1 and "bad.mseed" in summary["warnings"][0]


def test_unknown_format_name(tmp_path):
    path = _mseed(tmp_path / "example.mseed")
    with pytest.raises(ArchiveError, match="unknown format 'nope'"):
        open_archive(path, format="nope")
    with open_archive(path, format="mseed") as source:
        assert source.format == "mseed" and len(source.items()) == 1


def test_pickled_stream_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "stream.pickle"
    obspy.read().write(str(path), format="PICKLE")
    monkeypatch.setattr("pickle.load", lambda *a, **k: pytest.fail("a file was unpickled"))
    with pytest.raises(ArchiveError, match="Python pickle"):
        open_archive(path).items()


def _stead_with_csv(folder, rows):
    """A STEAD file of one dataset per row of (sampling_rate, p_arrival_sample), its metadata CSV beside it."""
    names = [f"ST.XX_2020010100{index:02d}00_EV" for index in range(len(rows))]
    with h5py.File(folder / "waveforms.hdf5", "w") as handle:
        for name in names:
            handle.create_dataset(f"data/{name}", data=np.ones((6000, 3), "f4"))
    lines = ["trace_name,trace_start_time,receiver_code,network_code,sampling_rate,p_arrival_sample"]
    lines += [f"{name},2020-01-01 00:{index:02d}:00.000000,ST,XX,{rate},{sample}"
              for index, (name, (rate, sample)) in enumerate(zip(names, rows))]
    (folder / "metadata.csv").write_text("\n".join(lines) + "\n")
    return folder / "waveforms.hdf5"


def test_metadata_sampling_rates_and_sample_indices_outside_the_limits_are_refused_with_a_warning(tmp_path):
    # The first row is listed from its fields one by one, the later rows from whole parsed columns.
    path = _stead_with_csv(tmp_path, [(1e-300, 500), (100, 500), (1e-300, 500), (100, 1e300), (100, "-inf")])
    with open_archive(path) as source:
        summary = source.summary()
        keys = [item.key for item in source.items()]
        labels = [len(item.labels) for item in source.items()]
    assert keys == ["data/ST.XX_20200101000100_EV", "data/ST.XX_20200101000300_EV", "data/ST.XX_20200101000400_EV"]
    assert labels == [1, 0, 0]
    warnings = " ".join(summary["warnings"])
    assert warnings.count("sampling rate 1e-300 Hz is outside the readable range 1-10000 Hz") == 2
    assert "1 arrival samples lie beyond the readable span" in warnings

    lone = tmp_path / "lone"
    lone.mkdir()
    with pytest.raises(ArchiveError, match="sampling rate 1e-300 Hz is outside") as caught:
        open_archive(_stead_with_csv(lone, [(1e-300, 500)])).items()
    assert str(lone) in str(caught.value)


def test_cli_info_on_a_metadata_sampling_rate_outside_the_limits_names_the_file(tmp_path, capsys):
    from eqviewer.cli import main

    path = _stead_with_csv(tmp_path, [(1e-300, 500)])
    assert main(["info", str(path)]) == 2
    error = capsys.readouterr().err
    assert str(path) in error and "sampling rate 1e-300 Hz" in error and "Traceback" not in error
