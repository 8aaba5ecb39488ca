"""Listing a 100,000-trace STEAD-layout HDF5 and reading one item: prints the figures.

Generates the file in a temporary folder: 100,000 (6000, 3) float32 datasets with STEAD attributes and a
metadata CSV beside it. To keep the file small (about 100 MB instead of 7 GB), only every 100th dataset has
its samples written; the others are allocated late and read as fill values, so reads are timed on the
written ones only. Without a CSV, items are listed lazily and each reads its attributes on first use (timed too).
Run: `.venv/bin/python benchmarks/io_listing.py [--traces N] [--no-csv-too] [--folder DIR]` (a folder is
reused on the next run, saving the minutes generation takes).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import tempfile
import time

import h5py
import numpy as np

from eqviewer.io import open_archive

FIELDS = ("trace_name", "network_code", "receiver_code", "receiver_type", "trace_start_time", "trace_category",
          "p_arrival_sample", "s_arrival_sample", "p_status", "s_status")
WRITTEN_EVERY = 100
FIRST_NUMBER = 20200101000000  # trace names carry this plus the trace number


def generate(folder: str, n_traces: int) -> str:
    """Write the HDF5 file and its CSV; return the HDF5 path."""
    path = os.path.join(folder, "big.hdf5")
    rng = np.random.default_rng(0)
    with h5py.File(path, "w") as handle, open(os.path.join(folder, "big.csv"), "w", newline="") as table:
        writer = csv.writer(table)
        writer.writerow(FIELDS)
        group = handle.create_group("data")
        for i in range(n_traces):
            name = f"S{i % 500:03d}.XX_{FIRST_NUMBER + i}_EV"
            values = (name, "XX", f"S{i % 500:03d}", "HH", f"2020-01-01 00:{(i // 60) % 60:02d}:{i % 60:02d}.250000",
                      "earthquake_local", 700.5 + i % 100, 1800.25 + i % 100, "manual", "autopicker")
            dataset = group.create_dataset(name, shape=(6000, 3), dtype="float32")
            if i % WRITTEN_EVERY == 0:
                dataset[...] = rng.standard_normal((6000, 3)).astype("float32")
            for key, value in zip(FIELDS, values):
                dataset.attrs[key] = value
            writer.writerow(values)
    return path


def time_listing(path: str) -> tuple[str, object]:
    """Wall and CPU seconds to open and list (CPU time is less disturbed by other jobs on a shared machine)."""
    started, cpu = time.perf_counter(), time.process_time()
    source = open_archive(path)
    items = source.items()
    figures = f"{time.perf_counter() - started:.2f} s wall, {time.process_time() - cpu:.2f} s CPU"
    return figures, (source, items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--traces", type=int, default=100_000)
    parser.add_argument("--no-csv-too", action="store_true", help="also time listing without the CSV")
    parser.add_argument("--folder", help="generate into (or reuse the file in) this folder instead of a temporary one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.folder or temporary
        path = os.path.join(folder, "big.hdf5")
        if not (args.folder and os.path.exists(path)):
            os.makedirs(folder, exist_ok=True)
            started = time.perf_counter()
            path = generate(folder, args.traces)
            print(f"generated {args.traces} traces in {time.perf_counter() - started:.1f} s "
                  f"({os.path.getsize(path) / 1e6:.0f} MB)")
        seconds, (source, items) = time_listing(path)
        print(f"open + list with CSV: {seconds} for {len(items)} items (target < 5 s)")
        reads = []
        written = [i for i in items if (int(i.key.split("_")[1]) - FIRST_NUMBER) % WRITTEN_EVERY == 0]
        for item in written[:200]:
            started = time.perf_counter()
            record = source.read(item)
            reads.append(time.perf_counter() - started)
        assert record.data.shape == (3, 6000)
        print(f"read one item: median {statistics.median(reads) * 1e3:.2f} ms, "
              f"max {max(reads) * 1e3:.2f} ms over {len(reads)} reads (target < 5 ms)")
        source.close()
        if args.no_csv_too:
            os.rename(os.path.join(folder, "big.csv"), os.path.join(folder, "big.csv.hidden"))
            seconds, (source, items) = time_listing(path)
            print(f"open + list without CSV (lazy items): {seconds} for {len(items)} items")
            started = time.perf_counter()
            sample = items[:1000]
            for item in sample:
                item.labels
            per_item = (time.perf_counter() - started) / len(sample)
            print(f"first access to an item's metadata without CSV: {per_item * 1e3:.2f} ms "
                  f"(all {len(items)}: about {per_item * len(items):.0f} s)")
            source.close()
            os.rename(os.path.join(folder, "big.csv.hidden"), os.path.join(folder, "big.csv"))


if __name__ == "__main__":
    main()
