"""Hostile station codes survive every export: SeisBench and STEAD read back whole; NonLinLoc, whose phase lines
split at whitespace, refuses the code with a space (tests/review/test_export_hostile_codes.py has the others)."""

from __future__ import annotations

import dataclasses

import h5py
import pytest

from eqviewer.errors import ExportError
from eqviewer.io import open_archive
from eqviewer.review.export import export_session
from eqviewer.review.import_labels import import_archive_labels
from eqviewer.review.session import Session

HOSTILE = ("XX.A$B..HH", "XX.C/D..HH", "XX.$x$..HH", "XX.E/F/G..HH", "XX.Søndre..HH", "XX.H\\I..HH", "XX.J K..HH")


@pytest.fixture(scope="module")
def hostile_session(shared_data, tmp_path_factory):
    """Seven records of stead_eqt50 whose P and S picks carry hostile station codes."""
    archive = shared_data / "stead_eqt50" / "waveforms.hdf5"
    folder = tmp_path_factory.mktemp("names")
    with Session.create(folder / "labels.eqreview", archives=[archive]) as labels:
        import_archive_labels(labels)
        records = labels.records()[:len(HOSTILE)]
        picks = {record: labels.picks(record=record) for record in records}
    with Session.create(folder / "s.eqreview", archives=[archive]) as session:
        for station, record in zip(HOSTILE, records):
            for pick in picks[record]:
                session.add_pick(dataclasses.replace(pick, station_id=station, id=None))
    session = Session.open(folder / "s.eqreview", read_only=True)
    yield session
    session.close()


def _station_ids(path) -> list[str]:
    with open_archive(path) as source:
        return sorted(item.station_id for item in source.items())


def test_seisbench_export_of_hostile_station_codes_reads_back(hostile_session, tmp_path):
    out = tmp_path / "sb"
    assert export_session(hostile_session, "seisbench", out) == len(HOSTILE)
    with h5py.File(out / "waveforms.hdf5") as h5:
        names = list(h5["data"])
    assert len(names) == len(HOSTILE)
    assert not any("$" in name or "/" in name for name in names)
    assert [s.split(".")[1] for s in _station_ids(out)] == sorted(s.split(".")[1] for s in HOSTILE)


def test_stead_export_of_hostile_station_codes_reads_back_every_trace(hostile_session, tmp_path):
    out = tmp_path / "st.hdf5"
    assert export_session(hostile_session, "stead", out) == len(HOSTILE)
    assert len(_station_ids(out)) == len(HOSTILE)


def test_nlloc_export_refuses_a_station_code_with_a_space(hostile_session, tmp_path):
    out = tmp_path / "picks.obs"
    with pytest.raises(ExportError, match="station code 'J K' holds whitespace"):
        export_session(hostile_session, "nlloc", out)
    assert list(tmp_path.iterdir()) == []
