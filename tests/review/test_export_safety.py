"""Exports never write over their inputs, fail cleanly on a full disk, get normal modes and survive crashes."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import time

import h5py
import pytest

from eqviewer.app.evaluation import write_json
from eqviewer.atomic_files import STALE_AFTER_S, clean_stale
from eqviewer.cli import main
from eqviewer.detect.writers import PickWriter
from eqviewer.errors import ExportError
from eqviewer.review.export import export_session
from eqviewer.review.import_labels import import_archive_labels
from eqviewer.review.session import Session

SUBPROCESS_TIMEOUT_S = 300  # a hung child fails the test instead of stalling the run
FORMATS = {"csv": "out.csv", "quakeml": "out.xml", "nlloc": "out.obs", "stead": "out.hdf5", "seisbench": "sb"}

# Limits files to argv[1] bytes (a full disk: writes fail with EFBIG, not a signal) ...
LIMIT_FILES = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
"""
# ... and runs the eqviewer command given by the other arguments.
LIMITED = LIMIT_FILES + "from eqviewer.cli import main\nsys.exit(main(sys.argv[2:]))\n"

# Exports STEAD and is SIGKILLed between renaming the HDF5 file and the CSV into place.
KILLED_BETWEEN_RENAMES = """
import os, signal, sys
from eqviewer import atomic_files
from eqviewer.review.export import export_session
from eqviewer.review.session import Session
real_replace, calls = os.replace, []
def replace(a, b):
    calls.append(b)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(a, b)
atomic_files.os.replace = replace
with Session.open(sys.argv[1], read_only=True) as session:
    export_session(session, "stead", sys.argv[2])
"""


@pytest.fixture(scope="module")
def reviewed(shared_data, tmp_path_factory):
    """A writable copy of stead_eqt50 (HDF5, its CSVs) and a session reviewing it with the archive's labels."""
    folder = tmp_path_factory.mktemp("safety")
    archive = folder / "archive"
    shutil.copytree(shared_data / "stead_eqt50", archive)
    for path in archive.iterdir():
        path.chmod(0o644)
    archive.chmod(0o755)
    session_path = folder / "s.eqreview"
    with Session.create(session_path, archives=[archive / "waveforms.hdf5"]) as session:
        import_archive_labels(session)
    return session_path, archive


def _digests(*folders) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for f in folders for p in sorted(f.rglob("*"))
            if p.is_file()}


def _run_limited(limit: int, *args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LIMITED, str(limit), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=SUBPROCESS_TIMEOUT_S)


def test_exports_refuse_to_write_over_the_session_or_what_it_reviews(reviewed, tmp_path, capsys):
    session_path, archive = reviewed
    before = _digests(archive, session_path.parent)
    link = tmp_path / "link.eqreview"
    os.link(session_path, link)
    attempts = [("csv", session_path), ("csv", link), ("stead", archive / "waveforms.hdf5"),
                ("csv", archive / "metadata.csv"), ("stead", archive / "metadata.hdf5"),
                ("seisbench", archive), ("seisbench", session_path.parent)]
    for fmt, out in attempts:
        assert main(["export", str(session_path), "--format", fmt, "--out", str(out)]) == 2, (fmt, out)
        err = capsys.readouterr().err
        assert "an input of this export" in err and err.count("\n") == 1
    assert _digests(archive, session_path.parent) == before


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_full_disk_gives_a_clean_error_and_keeps_the_earlier_output(reviewed, tmp_path, fmt):
    session_path, _ = reviewed
    out = tmp_path / FORMATS[fmt]
    if fmt == "seisbench":
        out.mkdir()
        (out / "metadata.csv").write_text("earlier export\n")
    else:
        out.write_text("earlier export\n")
    before = _digests(tmp_path)
    done = _run_limited(4000, "export", str(session_path), "--format", fmt, "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"eqviewer: error: {out}") and done.stderr.count("\n") == 1
    assert _digests(tmp_path) == before
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_a_full_disk_while_creating_a_session_or_writing_picks_leaves_nothing(reviewed, tmp_path):
    _, archive = reviewed
    done = _run_limited(4000, "session", "new", "new.eqreview", str(archive / "waveforms.hdf5"), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "cannot create the session file" in done.stderr
    writer = ("from obspy import UTCDateTime\nfrom eqviewer.labels import Pick\n"
              "from eqviewer.detect.writers import PickWriter\nfrom eqviewer.errors import ExportError\n"
              "w = PickWriter('picks.csv')\n"
              "try:\n    w.write([Pick('XX.A..HH', 'P', UTCDateTime(0) + i, record='r') for i in range(2000)])\n"
              "    w.close()\nexcept ExportError as e:\n    print(e)\n")
    (tmp_path / "picks.csv").write_text("earlier picks\n")
    done = subprocess.run([sys.executable, "-c", LIMIT_FILES + writer, "20000"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=SUBPROCESS_TIMEOUT_S)
    assert "picks.csv: cannot write" in done.stdout, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["picks.csv"]
    assert (tmp_path / "picks.csv").read_text() == "earlier picks\n"


def test_too_little_free_space_is_refused_before_hdf5_writes(reviewed, tmp_path, monkeypatch):
    session_path, _ = reviewed
    monkeypatch.setattr(shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10**9, 10**9 - 5000, 5000))
    with Session.open(session_path, read_only=True) as session:
        for fmt in ("seisbench", "stead"):
            with pytest.raises(ExportError, match="not enough free disk space"):
                export_session(session, fmt, tmp_path / FORMATS[fmt])
    assert list(tmp_path.iterdir()) == []


def test_outputs_get_the_mode_of_a_normal_write(reviewed, tmp_path):
    session_path, _ = reviewed
    old = os.umask(0o022)
    try:
        with Session.open(session_path, read_only=True) as session:
            for fmt, name in FORMATS.items():
                export_session(session, fmt, tmp_path / name)
        Session.create(tmp_path / "new.eqreview").close()
        writer = PickWriter(tmp_path / "picks.csv")
        writer.close()
        write_json(str(tmp_path / "metrics.json"), {"f1": 1.0})
    finally:
        os.umask(old)
    modes = {p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in tmp_path.rglob("*")}
    assert modes.pop("sb") == 0o755
    assert set(modes.values()) == {0o644}, modes


def test_a_crash_between_the_stead_renames_is_completed_by_the_next_write(reviewed, tmp_path):
    session_path, _ = reviewed
    out = tmp_path / "st.hdf5"
    out.write_text("old hdf5\n")
    (tmp_path / "st.csv").write_text("old csv\n")
    killed = subprocess.run([sys.executable, "-c", KILLED_BETWEEN_RENAMES, str(session_path), str(out)],
                            timeout=SUBPROCESS_TIMEOUT_S)
    assert killed.returncode == -9
    assert (tmp_path / "st.csv").read_text() == "old csv\n"  # the crash came between the two renames
    clean_stale(out)  # what the next export to st.hdf5 does first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["st.csv", "st.hdf5"]
    with h5py.File(out) as h5, open(tmp_path / "st.csv", newline="") as handle:
        assert sorted(h5["data"]) == sorted(row["trace_name"] for row in csv.DictReader(handle))


def test_temporaries_a_killed_export_left_are_removed_by_the_next_one(reviewed, tmp_path):
    session_path, _ = reviewed
    stale_file = tmp_path / ".out.csv.eqviewer-dead1234.part"
    stale_file.write_bytes(bytes(1000))
    stale_folder = tmp_path / ".sb.eqviewer-dead5678.part"
    stale_folder.mkdir()
    (stale_folder / "waveforms.hdf5").write_bytes(bytes(1000))
    fresh = tmp_path / ".out.csv.eqviewer-busy0000.part"  # another export, still writing
    fresh.write_bytes(b"")
    long_ago = time.time() - 2 * STALE_AFTER_S
    for path in (stale_file, stale_folder):
        os.utime(path, (long_ago, long_ago))
    with Session.open(session_path, read_only=True) as session:
        export_session(session, "csv", tmp_path / "out.csv")
        export_session(session, "seisbench", tmp_path / "sb")
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, "out.csv", "sb"]


def test_a_seisbench_export_swaps_the_old_folder_out_in_one_step(reviewed, tmp_path, monkeypatch):
    session_path, _ = reviewed
    out = tmp_path / "sb"
    out.mkdir()
    (out / "metadata.csv").write_text("earlier export\n")

    def two_step_rename(source, target):
        raise AssertionError(f"a rename of {source} to {target} would leave a moment with no folder at {out}")

    monkeypatch.setattr(os, "replace", two_step_rename)
    with Session.open(session_path, read_only=True) as session:
        assert export_session(session, "seisbench", out) == 50
    assert "earlier export" not in (out / "metadata.csv").read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["sb"]
