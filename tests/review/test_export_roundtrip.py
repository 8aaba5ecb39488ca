"""Real-data round trips: stead_eqt50 -> session -> import-labels -> exports -> read back."""

from __future__ import annotations

import csv

import numpy as np
import obspy
import pytest

from eqviewer.io import open_archive
from eqviewer.review.export import export_session
from eqviewer.review.import_labels import import_archive_labels
from eqviewer.review.session import Session


@pytest.fixture(scope="module")
def imported(shared_data, tmp_path_factory):
    archive = shared_data / "stead_eqt50" / "waveforms.hdf5"
    path = tmp_path_factory.mktemp("roundtrip") / "s.eqreview"
    with Session.create(path, archives=[archive]) as session:
        summary = import_archive_labels(session)
        assert (summary.records, summary.picks, summary.window_labels) == (50, 100, 50)
        assert import_archive_labels(session).picks == 0  # importing twice adds nothing
    session = Session.open(path, read_only=True)
    yield session, archive
    session.close()


def _originals(archive) -> dict[tuple[str, str], tuple[float, float, np.ndarray]]:
    """(station, start) -> (P sample, S sample, samples) of the archive's traces."""
    out = {}
    with open_archive(archive) as source:
        for item in source.items():
            phases = {p.phase: (p.time - item.start) * 100.0 for p in item.labels}
            out[(item.station_id, str(item.start))] = (phases["P"], phases["S"], source.read(item).data)
    return out


def _check_same_traces(exported, archive) -> None:
    originals = _originals(archive)
    with open_archive(exported) as source:
        items = source.items()
        assert len(items) == 50
        seen = set()
        for item in items:
            key = (item.station_id, str(item.start))
            p_sample, s_sample, samples = originals[key]
            seen.add(key)
            phases = {p.phase: (p.time - item.start) * 100.0 for p in item.labels}
            assert phases["P"] == pytest.approx(p_sample, abs=1.0)  # 1 sample = 0.01 s
            assert phases["S"] == pytest.approx(s_sample, abs=1.0)
            assert item.category == "earthquake"
            np.testing.assert_allclose(source.read(item).data, samples, rtol=1e-6, atol=1e-3)
        assert len(seen) == 50


def test_seisbench_export_reads_back(imported, tmp_path):
    session, archive = imported
    out = tmp_path / "sb"
    assert export_session(session, "seisbench", out) == 50
    _check_same_traces(out, archive)
    with open(out / "metadata.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    splits = {}
    for row in rows:
        assert 0.5 * 100 <= float(row["trace_p_arrival_sample"]) <= 9.0 * 100
        splits.setdefault(row["source_id"], set()).add(row["split"])
    assert all(len(s) == 1 for s in splits.values())
    assert {s for v in splits.values() for s in v} <= {"train", "dev", "test"}


def test_stead_export_reads_back(imported, tmp_path):
    session, archive = imported
    out = tmp_path / "st.hdf5"
    assert export_session(session, "stead", out) == 50
    assert (tmp_path / "st.csv").is_file()
    _check_same_traces(out, archive)


def test_stead_export_measures_snr_close_to_steads_own(imported, tmp_path):
    """The exported windows are STEAD's own traces here, so our snr_db can be set against STEAD's (E, N, Z each)."""
    import h5py

    session, archive = imported
    out = tmp_path / "snr.hdf5"
    export_session(session, "stead", out)
    with h5py.File(archive, "r") as f:
        group = f["earthquake/local"]
        original = {(str(group[n].attrs["receiver_code"]), str(group[n].attrs["trace_start_time"])[:19]):
                    np.asarray(group[n].attrs["snr_db"], float) for n in group}
    ours, theirs = [], []
    with h5py.File(out, "r") as f:
        for dataset in f["data"].values():
            key = (str(dataset.attrs["receiver_code"]), str(dataset.attrs["trace_start_time"])[:19])
            ours.append(np.asarray(dataset.attrs["snr_db"], float))
            theirs.append(original[key])
    ours, theirs = np.ravel(ours), np.ravel(theirs)
    assert ours.size == 150 and np.isfinite(ours).all()
    assert np.median(np.abs(ours - theirs)) < 3.5
    assert np.corrcoef(ours, theirs)[0, 1] > 0.95
    with open(tmp_path / "snr.csv", newline="") as handle:
        first = next(csv.DictReader(handle))["snr_db"]
    assert first.startswith("[") and len(first.strip("[]").split()) == 3


def test_quakeml_export_reads_back_with_obspy(imported, tmp_path):
    session, _ = imported
    out = tmp_path / "picks.xml"
    assert export_session(session, "quakeml", out) == 100
    catalog = obspy.read_events(str(out))
    picks = [p for event in catalog for p in event.picks]
    assert len(catalog) == 50 and len(picks) == 100
    expected = sorted((p.phase, p.time.ns) for p in session.picks())
    assert sorted((p.phase_hint, p.time.ns) for p in picks) == expected
    assert {p.evaluation_mode for p in picks} == {"manual"}
    assert {p.waveform_id.station_code for p in picks} == {"109C"}


def test_csv_and_nlloc_exports(imported, tmp_path):
    session, _ = imported
    assert export_session(session, "csv", tmp_path / "p.csv") == 100
    with open(tmp_path / "p.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 100 and {r["status"] for r in rows} == {"manual"}
    assert sorted(r["time"] for r in rows) == sorted(str(p.time) for p in session.picks())
    assert export_session(session, "nlloc", tmp_path / "p.obs") == 100
    lines = (tmp_path / "p.obs").read_text().splitlines()
    phase_lines = [line for line in lines if line.startswith("109C")]
    assert len(phase_lines) == 100
    assert sum(" P " in line for line in phase_lines) == 50
    # nothing but manual picks: asking for automatic ones exports none
    assert export_session(session, "csv", tmp_path / "auto.csv", statuses=("automatic",)) == 0


def test_noise_records_become_noise_traces(shared_data, tmp_path):
    archive = shared_data / "obstransformer56" / "sample.hdf5"
    with Session.create(tmp_path / "obs.eqreview", archives=[archive]) as session:
        import_archive_labels(session)
        assert export_session(session, "seisbench", tmp_path / "sb") == 56
    with open(tmp_path / "sb" / "metadata.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    noise = [r for r in rows if r["trace_category"] == "noise"]
    assert len(noise) == 19 and all(r["trace_p_arrival_sample"] == "" for r in noise)
    with open_archive(archive) as original, open_archive(tmp_path / "sb") as exported:
        p_of = {(i.station_id, str(i.start)): [p.time.timestamp for p in i.labels if p.phase == "P"]
                for i in original.items()}
        for item in exported.items():
            assert [p.time.timestamp for p in item.labels if p.phase == "P"] == pytest.approx(
                p_of[(item.station_id, str(item.start))], abs=0.01)
