"""Fuzzed archives generated from the shared data (truncated, bytes flipped, absurd headers): every case is read
the way `info` and `detect` read it, and each ends in a result or one ArchiveError; never a traceback, never a
hang, never a changed input. The cases are seeded, so a failure names a case that reproduces."""

from __future__ import annotations

import csv
import json
import struct
from collections.abc import Iterator
from pathlib import Path

import h5py
import numpy as np
import obspy

from eqviewer.cli.info import format_summary
from eqviewer.errors import EqviewerError
from eqviewer.io import open_archive
from tests.fuzz_harness import digest, run_cases

SEED = 20240515
SLICE_S = 600.0  # each item is read whole when shorter, else its first slice of this length (as detect slices)
ITEMS_READ = 3  # items read per case (listing covers all of them)
TRUNCATE_AT = (0.0005, 0.01, 0.1, 0.33, 0.5, 0.9, 0.99)
FLIPS_PER_FILE = 40
MSEED = "OBS1.IQ.HHZ..D.2016.185.225026"


def _exercise(path: Path) -> None:
    """What `info` (summary, text and JSON) and `detect` (reading each item, slice by slice) do with an archive."""
    with open_archive(path) as source:
        summary = source.summary()
        format_summary(summary)
        json.dumps(summary)
        for item in source.items()[:ITEMS_READ]:
            if item.end - item.start <= SLICE_S:
                source.read(item)
            else:
                source.read(item, item.start, item.start + SLICE_S)


# -- mutations ------------------------------------------------------------------------------------------------------
def _truncations(data: bytes) -> Iterator[tuple[str, bytes]]:
    for fraction in TRUNCATE_AT:
        yield f"truncated to {fraction:g}", data[: max(1, int(len(data) * fraction))]


def _flips(data: bytes, rng: np.random.Generator, front: int | None = None) -> Iterator[tuple[str, bytes]]:
    """Single flipped bytes: half in the first ``front`` bytes (where headers live), half anywhere."""
    for index in range(FLIPS_PER_FILE):
        limit = len(data) if front is None or index % 2 else min(front, len(data))
        at = int(rng.integers(0, limit))
        flipped = bytearray(data)
        flipped[at] ^= int(rng.integers(1, 256))
        yield f"byte {at} flipped", bytes(flipped)


def _mseed_headers(data: bytes) -> Iterator[tuple[str, bytes]]:
    """MiniSEED fixed-header fields of every record set to absurd values."""
    fields = {  # name: (offset, struct format, values)
        "rate factor/multiplier": (32, ">hh", [(0, 0), (-32768, 1), (32767, 32767), (1, -32768)]),
        "number of samples": (30, ">H", [(0,), (65535,)]),
        "year/day": (20, ">HH", [(9999, 365), (0, 0), (2016, 999)]),
        "data offset": (44, ">H", [(0,), (65535,), (7,)]),
    }
    record = 512 if len(data) % 4096 else 4096
    for name, (offset, layout, values) in fields.items():
        for value in values:
            mutated = bytearray(data)
            for start in range(0, len(mutated), record):
                mutated[start + offset : start + offset + struct.calcsize(layout)] = struct.pack(layout, *value)
            yield f"MiniSEED {name} = {value}", bytes(mutated)


def _sac_headers(data: bytes) -> Iterator[tuple[str, bytes]]:
    """SAC header words set to absurd values (little-endian binary SAC: 70 floats, then 40 integers)."""
    floats = {"delta": 0, "b": 5, "a": 8, "t0": 10}
    integers = {"nzyear": 0, "nzjday": 1, "npts": 9}
    for name, value in (("delta", 0.0), ("delta", float("inf")), ("delta", -0.01), ("delta", 1e30),
                        ("delta", 1e-9), ("b", 1e30), ("a", 1e30), ("t0", -1e30), ("npts", 0),
                        ("npts", 2**31 - 1), ("npts", -5), ("nzyear", 9999), ("nzjday", 999)):
        mutated = bytearray(data)
        if name in floats:
            mutated[4 * floats[name] : 4 * floats[name] + 4] = struct.pack("<f", value)
        else:
            mutated[280 + 4 * integers[name] : 284 + 4 * integers[name]] = struct.pack("<i", value)
        yield f"SAC {name} = {value}", bytes(mutated)


ABSURD_ATTRIBUTES = {
    "sampling_rate": [0.0, -100.0, 1e-6, 1e9, float("inf"), float("nan"), "fast"],
    "trace_start_time": ["9999-12-31T23:59:59", "0001-01-01T00:00:00", "2024-13-45T99:99:99", "", b"\xff\xfe"],
    "p_arrival_sample": [1e300, -1e300, float("nan"), "[[1e400]]"],
    "receiver_code": ["A\nB\x1b[31m", "x" * 10_000],
    "trace_category": [b"\xff\xfe", 7],
}

ABSURD_CELLS = {
    "trace_sampling_rate_hz": ["0", "-20", "1e-9", "inf", "nan", "twenty"],
    "trace_start_time": ["9999-12-31T23:59:59", "0000-00-00", "2024-13-45T99:99:99"],
    "trace_name": ["bucket0$999,:3,:1200", "bucket0$0,:3,:99999999", "bucket9$0", "$$$", "bucket0$0,0,0,0,0"],
    "trace_p_arrival_sample": ["1e300", "-1e300", "nan"],
}


# -- cases ----------------------------------------------------------------------------------------------------------
def _cases(shared: Path, root: Path) -> Iterator[tuple[str, Path]]:
    """(name, path) of every fuzzed archive, each written into its own folder under ``root``."""
    rng = np.random.default_rng(SEED)
    counter = iter(range(1_000_000))

    def place(name: str, files: dict[str, bytes]) -> tuple[str, Path]:
        folder = root / f"case{next(counter):04d}"
        folder.mkdir()
        for file_name, content in files.items():
            (folder / file_name).write_bytes(content)
        return name, folder / next(iter(files))

    mseed = (shared / "seisbench_obs1_mseed" / MSEED).read_bytes()
    for name, data in [*_truncations(mseed), *_flips(mseed, rng, front=64), *_mseed_headers(mseed)]:
        yield place(f"MiniSEED {name}", {"record.mseed": data})
    # a folder of the four OBS files, one of them damaged: the others must still be read
    others = {p.name: p.read_bytes() for p in (shared / "seisbench_obs1_mseed").iterdir() if p.name != MSEED}
    for name, data in [*list(_truncations(mseed))[:3], *list(_flips(mseed, rng, 64))[:4]]:
        case_name, path = place(f"MiniSEED folder, one file {name}", {MSEED: data, **others})
        yield case_name, path.parent

    sac_path = root / "seed.sac"
    obspy.read(str(shared / "seisbench_obs1_mseed" / MSEED))[0].write(str(sac_path), format="SAC")
    sac = sac_path.read_bytes()
    for name, data in [*_truncations(sac), *_flips(sac, rng, front=632), *_sac_headers(sac)]:
        yield place(f"SAC {name}", {"trace.sac": data})

    whar = shared / "eqt_unlabelled_whar10"
    hdf5, table = (whar / "guy_WHAR_aug_30s.hdf5").read_bytes(), (whar / "guy_WHAR_aug_30s.csv").read_bytes()
    for name, data in [*_truncations(hdf5), *_flips(hdf5, rng, front=8192)]:
        yield place(f"EqT HDF5 {name}", {"guy.hdf5": data, "guy.csv": table})
    for name, data in [*_truncations(table), *_flips(table, rng)]:
        yield place(f"EqT CSV {name}", {"guy.hdf5": hdf5, "guy.csv": data})
    for attribute, values in ABSURD_ATTRIBUTES.items():
        for value in values:
            name, path = place(f"EqT attribute {attribute} = {value!r}", {"guy.hdf5": hdf5})
            with h5py.File(path, "r+") as handle:
                for dataset in handle["data"].values():
                    dataset.attrs[attribute] = value
            yield name, path

    bench = shared / "seisbench_dummy100"
    waveforms, metadata = (bench / "waveforms.hdf5").read_bytes(), (bench / "metadata.csv").read_bytes()
    for name, data in [*_truncations(waveforms), *list(_flips(waveforms, rng, front=8192))[:12]]:
        yield place(f"SeisBench waveforms {name}", {"waveforms.hdf5": data, "metadata.csv": metadata})
    for name, data in [*_truncations(metadata), *_flips(metadata, rng)]:
        yield place(f"SeisBench metadata {name}", {"metadata.csv": data, "waveforms.hdf5": waveforms})
    rows = list(csv.reader(metadata.decode("utf-8").splitlines()))
    for column, values in ABSURD_CELLS.items():
        for value in values:
            header = rows[0] if column in rows[0] else [*rows[0], column]
            changed = [header] + [(row + [""] * len(header))[: len(header)] for row in rows[1:]]
            for row in changed[1:]:
                row[header.index(column)] = value
            text = "\n".join(",".join(f'"{cell}"' if "," in cell else cell for cell in row) for row in changed) + "\n"
            name, path = place(f"SeisBench {column} = {value!r}",
                               {"metadata.csv": text.encode(), "waveforms.hdf5": waveforms})
            yield name, path.parent


def test_fuzzed_archives_give_results_or_one_line_errors(shared_data, tmp_path):
    cases = list(_cases(shared_data, tmp_path))
    before = digest(tmp_path)
    refused = 0

    def check(name: str, path: Path) -> str | None:
        nonlocal refused
        try:
            _exercise(path)
        except EqviewerError as exc:
            refused += 1
            return f"{name}: a multi-line error: {exc!r}" if "\n" in str(exc) else None
        return None

    failures = run_cases(cases, check)
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures[:20])
    assert digest(tmp_path) == before
    assert len(cases) > 300 and 0 < refused < len(cases)  # the corpus holds both readable and refused cases
