"""`eqviewer detect` on a generated MiniSEED file with a real event in it, with the real seed model."""

import csv

import h5py
import numpy as np
import pytest
from obspy import Stream, Trace, UTCDateTime, read_events

from eqviewer.cli import main
from eqviewer.detect.writers import CSV_COLUMNS

START = UTCDateTime("2024-03-01T10:00:00")
P_AT = 127.5  # seconds after the start


@pytest.fixture(scope="module")
def mseed_with_event(shared_data, seed_models_dir, tmp_path_factory):
    with h5py.File(shared_data / "stead_eqt50" / "waveforms.hdf5", "r") as f:
        group = f["earthquake/local"]
        dataset = group[sorted(group)[3]]
        event = dataset[()][:, ::-1].T.astype(np.float64)
        p = int(dataset.attrs["p_arrival_sample"])
    rng = np.random.default_rng(5)
    n = 24_000
    noise = event[:, : p - 50]
    data = rng.standard_normal((3, n)) * noise.std(1, keepdims=True) + noise.mean(1, keepdims=True)
    first = int(P_AT * 100) - p
    data[:, first : first + 6000] = event
    stream = Stream(
        [Trace(data[i].astype(np.int32), header={"network": "TA", "station": "109C", "channel": f"BH{c}",
                                                 "sampling_rate": 100.0, "starttime": START})
         for i, c in enumerate("ZNE")]
    )
    path = tmp_path_factory.mktemp("detect") / "day.mseed"
    stream.write(str(path), format="MSEED")
    return path


def test_detect_writes_csv(mseed_with_event, tmp_path, capsys):
    out = tmp_path / "picks.csv"
    before = mseed_with_event.read_bytes()
    assert main(["detect", str(mseed_with_event), "--out", str(out), "--device", "cpu"]) == 0
    assert mseed_with_event.read_bytes() == before
    rows = list(csv.DictReader(out.open()))
    assert tuple(rows[0]) == CSV_COLUMNS
    p_rows = [r for r in rows if r["phase"] == "P" and abs(UTCDateTime(r["time"]) - (START + P_AT)) < 0.5]
    assert len(p_rows) == 1
    assert p_rows[0]["station_id"].startswith("TA.109C.") and p_rows[0]["model"].startswith("seed:")
    assert 0.3 <= float(p_rows[0]["probability"]) <= 1 and float(p_rows[0]["uncertainty_s"]) > 0
    assert p_rows[0]["time"].endswith("Z")
    assert "picks to" in capsys.readouterr().err
    assert not list(tmp_path.glob(".eqviewer-*"))


def test_detect_writes_quakeml_and_session(mseed_with_event, tmp_path):
    xml = tmp_path / "picks.xml"
    session_path = tmp_path / "s.eqreview"
    assert main(["detect", str(mseed_with_event), "--out", str(xml), "--session", str(session_path)]) == 0
    catalog = read_events(str(xml))
    picks = [p for event in catalog for p in event.picks]
    assert picks and all(p.evaluation_mode == "automatic" for p in picks)
    assert any(p.phase_hint == "P" and abs(p.time - (START + P_AT)) < 0.5 for p in picks)
    assert all("model/seed/" in str(p.method_id) and p.time_errors.uncertainty > 0 for p in picks)
    from eqviewer.review.session import Session

    with Session.open(session_path) as session:
        stored = session.picks(status="automatic")
        assert len(stored) == len(picks)
        record = stored[0].record
        curves = session.curves(record)
        assert curves is not None and curves["P"].shape == (24_000,)


def test_detect_bad_input_is_one_line(tmp_path, capsys):
    bad = tmp_path / "junk.mseed"
    bad.write_bytes(b"not seismic data at all")
    assert main(["detect", str(bad), "--out", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("eqviewer: error: ") and "junk.mseed" in err and "Traceback" not in err
    assert main(["detect", str(bad), "--out", str(tmp_path / "x.txt")]) == 2
    assert not (tmp_path / "x.csv").exists()


def test_ctrl_c_keeps_the_picks_found_so_far(mseed_with_event, tmp_path, monkeypatch, capsys):
    import eqviewer.app.detection as detect_package

    real = detect_package.detect_source

    def interrupted_after_first_slice(*args, **kwargs):
        yield next(iter(real(*args, **kwargs)))
        raise KeyboardInterrupt

    monkeypatch.setattr(detect_package, "detect_source", interrupted_after_first_slice)
    out = tmp_path / "partial.csv"
    assert main(["detect", str(mseed_with_event), "--out", str(out)]) == 130
    rows = list(csv.DictReader(out.open()))
    assert any(r["phase"] == "P" and abs(UTCDateTime(r["time"]) - (START + P_AT)) < 0.5 for r in rows)
    assert "interrupted: kept" in capsys.readouterr().err


def test_detect_twice_into_a_session_replaces_automatic_picks_keeps_reviewed(mseed_with_event, tmp_path, monkeypatch,
                                                                              capsys):
    from eqviewer.review.session import Session

    session_path = tmp_path / "twice.eqreview"
    args = ["detect", str(mseed_with_event.name), "--session", str(session_path), "--device", "cpu"]
    monkeypatch.chdir(mseed_with_event.parent)  # a relative path: the record id is still the absolute one
    assert main(args) == 0
    with Session.open(session_path) as session:
        first = session.picks(status="automatic")
        labels_first = [w for w in session.window_labels() if w.status == "automatic"]
        assert first and all(p.record.startswith(str(mseed_with_event)) for p in first)
        p_pick = next(p for p in first if p.phase == "P" and abs(p.time - (START + P_AT)) < 0.5)
        session.accept(p_pick.id)
    capsys.readouterr()
    assert main(args) == 0
    summary = capsys.readouterr().err
    with Session.open(session_path) as session:
        automatic = session.picks(status="automatic")
        accepted = session.picks(status="accepted")
        labels = [w for w in session.window_labels() if w.status == "automatic"]
        assert len(session.runs()) == 2
    # the rerun's automatic picks replace the first run's (same model and data: the same picks, not twice as many),
    # less the one the analyst accepted (no automatic pick is added beside a reviewed pick of its phase)
    assert sorted((p.phase, p.time.ns) for p in automatic) == sorted(
        (p.phase, p.time.ns) for p in first if p.id != p_pick.id)
    assert len(labels) == len(labels_first)
    assert [(p.phase, p.time.ns) for p in accepted] == [(p_pick.phase, p_pick.time.ns)]
    # the summary tells the picks found from the picks the session took
    assert (f"found {len(first)} picks, stored {len(automatic)} new in {session_path} (1 already reviewed there);"
            in summary)


def test_a_reader_that_leaves_ends_detect_with_status_141(mseed_with_event):
    """`eqviewer detect ... | head -1`: the CSV header is read, then the reader goes; no error, status 141."""
    import os
    import subprocess
    import sys

    from eqviewer.cli import EXIT_BROKEN_PIPE

    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    command = f"{sys.executable} -m eqviewer detect {mseed_with_event} --device cpu | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.stdout == ",".join(CSV_COLUMNS) + "\n"
    assert "eqviewer: error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.returncode == EXIT_BROKEN_PIPE


def test_a_broken_pipe_on_the_stream_is_not_an_export_error():
    from eqviewer.detect.writers import PickWriter

    class LeftReader:
        def write(self, text):
            return len(text)

        def flush(self):
            raise BrokenPipeError(32, "Broken pipe")

    writer = PickWriter("-", LeftReader())
    with pytest.raises(BrokenPipeError):
        writer.write([])
