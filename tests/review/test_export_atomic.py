"""Exports never half-overwrite an existing output, and refuse bad requests with ExportError."""

from __future__ import annotations

import pytest
from obspy import UTCDateTime

from eqviewer.errors import ExportError
from eqviewer.labels import Pick
from eqviewer.review import export_stead
from eqviewer.atomic_files import atomic_output
from eqviewer.review.export import export_session
from eqviewer.review.session import Session


@pytest.fixture
def session(tmp_path):
    with Session.create(tmp_path / "s.eqreview") as s:
        s.add_pick(Pick("XX.A..HH", "P", UTCDateTime(2020, 1, 1), record=f"{tmp_path}/gone.mseed#XX.A..HH"))
        yield s


def test_failure_while_writing_leaves_the_old_output(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("previous export\n")
    with pytest.raises(RuntimeError):
        with atomic_output(out) as tmp:
            with open(tmp, "w") as handle:
                handle.write("half")
            raise RuntimeError("disk full")
    assert out.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]

    folder = tmp_path / "sb"
    folder.mkdir()
    (folder / "metadata.csv").write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_output(folder, folder=True) as tmp:
            (tmp_path / tmp / "metadata.csv").write_text("new")
            raise RuntimeError("interrupted")
    assert (folder / "metadata.csv").read_text() == "old"
    with atomic_output(folder, folder=True) as tmp:
        (tmp_path / tmp / "metadata.csv").write_text("new")
    assert (folder / "metadata.csv").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "sb"]


def test_missing_archive_gives_an_export_error_and_keeps_old_output(session, tmp_path):
    out = tmp_path / "st.hdf5"
    out.write_bytes(b"old")
    with pytest.raises(ExportError, match="gone.mseed"):
        export_session(session, "stead", out)
    assert out.read_bytes() == b"old"


def test_error_while_cutting_windows_keeps_old_output(session, tmp_path, monkeypatch):
    def failing_read(windows, extents):
        raise ExportError("archive", "cannot cut training windows: truncated file")
        yield  # pragma: no cover - makes this a generator like the real one

    monkeypatch.setattr(export_stead, "plan_windows", lambda s, statuses, seed, include_partial=False: ([], None))
    monkeypatch.setattr(export_stead, "read_windows", failing_read)
    out = tmp_path / "st.hdf5"
    out.write_bytes(b"old")
    with pytest.raises(ExportError, match="truncated"):
        export_session(session, "stead", out)
    assert out.read_bytes() == b"old" and not (tmp_path / "st.csv").exists()


def test_bad_format_status_and_target(session, tmp_path):
    with pytest.raises(ExportError, match="unknown export format"):
        export_session(session, "sac", tmp_path / "x")
    with pytest.raises(ExportError, match="unknown pick status"):
        export_session(session, "csv", tmp_path / "x.csv", statuses=("approved",))
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        export_session(session, "seisbench", tmp_path / "afile")
