"""A metadata CSV held as columns, with whole-column parsing of times and numbers (100,000 rows in ~0.1 s)."""

from __future__ import annotations

import csv
import os

import numpy as np

from eqviewer.errors import ArchiveError
from eqviewer.io.archive_labels import as_float
from eqviewer.io.paths import check_readable
from eqviewer.io.timeparse import parse_time

# Marks a time that could not be parsed (to at least the second) in :meth:`MetadataTable.times_ns`.
NO_TIME = np.iinfo(np.int64).min


def _read_rows(path: str, encoding: str) -> tuple[list[str], list[list[str]]]:
    """The header and the non-empty rows of a CSV file in ``encoding`` (UnicodeDecodeError if it is not)."""
    with open(path, newline="", encoding=encoding) as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        return header, [row for row in reader if row]


class MetadataTable:
    """The columns of a metadata CSV (``columns[name]`` is a list of strings, one per row)."""

    def __init__(self, path: str):
        check_readable(path)
        # Warnings on how the file was read (a file that is not UTF-8), for the source to pass on.
        self.warnings: list[str] = []
        try:
            try:
                header, rows = _read_rows(path, "utf-8-sig")
            except UnicodeDecodeError as exc:
                header, rows = _read_rows(path, "latin-1")  # every byte is a Latin-1 character
                self.warnings.append(f"{os.path.basename(path)} is not UTF-8 ({exc.reason} at byte {exc.start});"
                                     " read as Latin-1")
        except (OSError, csv.Error) as exc:
            raise ArchiveError(path, f"cannot be read as CSV metadata ({exc})") from None
        self.path = path
        self.n_rows = len(rows)
        width = len(header)
        if any(len(row) != width for row in rows):  # ragged rows: pad or cut to the header
            rows = [(row + [""] * width)[:width] for row in rows]
        columns = list(zip(*rows)) if rows else [()] * width
        self.columns: dict[str, list[str]] = {name: list(column) for name, column in zip(header, columns)}

    def row(self, index: int) -> dict[str, str]:
        """One row as a dict of column name -> text."""
        return {name: column[index] for name, column in self.columns.items()}

    def text(self, name: str) -> list[str]:
        """A column's texts ('' for every row when the column is absent)."""
        return self.columns.get(name) or [""] * self.n_rows

    def floats(self, name: str) -> np.ndarray:
        """A column as float64, NaN where empty, absent or not a number."""
        values = np.array(self.text(name), dtype=str)
        try:
            return np.where(values == "", "nan", values).astype(np.float64)
        except ValueError:  # odd cells ("[[ 2896.]]", "None"): parse one by one
            return np.array([np.nan if (v := as_float(text)) is None else v for text in values], dtype=np.float64)

    def times_ns(self, name: str) -> np.ndarray:
        """A column of ISO-like times as int64 ns since 1970, :data:`NO_TIME` where absent or not to the second."""
        values = np.strings.replace(np.array(self.text(name), dtype=str), "Z", "")
        values = np.strings.strip(values)
        precise = (np.strings.str_len(values) >= 19) & (np.strings.find(values, ":", 15, 17) == 16)
        result = np.full(len(values), NO_TIME, dtype=np.int64)
        try:
            iso = np.strings.replace(values[precise], "/", "-")
            result[precise] = iso.astype("datetime64[us]").astype(np.int64) * 1000
        except ValueError:  # an unusual format somewhere: parse one by one
            for index in np.flatnonzero(precise):
                parsed = parse_time(str(values[index]))
                if parsed is not None:
                    result[index] = parsed.ns
        return result
