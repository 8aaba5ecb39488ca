"""The weight registry: folder override, sha256 checks, and downloads from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import stat
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from eqviewer.cli import main as cli_main
from eqviewer.errors import ModelError
from eqviewer.model import registry


class _Handler(BaseHTTPRequestHandler):
    """/good/NAME serves the file from ../shared, /corrupt/NAME a damaged copy, /hang/NAME never answers,
    /endless/NAME streams zeros without a length, /announce/NAME claims 300 MB, /trickle/NAME sends a byte every
    0.2 s."""

    source: Path
    release: threading.Event

    def do_GET(self):  # noqa: N802 (http.server's name)
        mode, _, name = self.path.strip("/").partition("/")
        path = self.source / name
        if mode == "hang":
            self.release.wait(30)
            return
        if mode in ("endless", "announce", "trickle"):
            self._stream(mode, path.stat().st_size)
            return
        if mode not in ("good", "corrupt") or not path.is_file():
            self.send_error(404)
            return
        body = bytearray(path.read_bytes())
        if mode == "corrupt":
            body[len(body) // 2] ^= 0xFF
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, mode: str, size: int) -> None:
        self.send_response(200)
        if mode != "endless":
            self.send_header("Content-Length", str(300_000_000 if mode == "announce" else size))
        self.end_headers()
        block, pause = (bytes(1 << 16), 0.0) if mode != "trickle" else (b"x", 0.2)
        sent = 0
        try:
            while sent < 300_000_000 and not self.release.is_set():
                self.wfile.write(block)
                self.wfile.flush()
                sent += len(block)
                time.sleep(pause)
        except OSError:
            pass  # the client hung up, as it should

    def log_message(self, *args):
        pass


@pytest.fixture
def server(seed_models_dir):
    """Base URL of a loopback server serving ../shared/models/seed; stopped after the test."""
    release = threading.Event()
    handler = type("Handler", (_Handler,), {"source": seed_models_dir, "release": release})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    release.set()
    httpd.shutdown()
    httpd.server_close()


def _quiet(done: int, total: int) -> None:
    assert 0 < done <= total


def test_download_good_files_then_verify(server, tmp_path):
    folder = registry.fetch(tmp_path / "cache", base_url=f"{server}/good/", progress=_quiet, timeout=5)
    assert all(check.ok for check in registry.verify(folder))
    assert sorted(p.name for p in folder.iterdir()) == sorted(s.filename for s in registry.SEED_FILES)


def test_corrupted_download_is_refused_and_removed(server, tmp_path):
    folder = tmp_path / "cache"
    with pytest.raises(ModelError, match="refused and removed") as error:
        registry.fetch(folder, base_url=f"{server}/corrupt/", progress=_quiet, timeout=5)
    assert "EQ_classification_best_model.h5" in str(error.value)
    assert list(folder.iterdir()) == []


def test_404_says_which_files_to_put_where(server, tmp_path):
    folder = tmp_path / "cache"
    with pytest.raises(ModelError) as error:
        registry.fetch(folder, base_url=f"{server}/missing/", progress=_quiet, timeout=5)
    message = str(error.value)
    assert "404" in message and str(folder) in message and "EQVIEWER_MODELS_DIR" in message
    assert all(s.filename in message for s in registry.SEED_FILES)
    assert list(folder.iterdir()) == []


def test_hanging_server_times_out(server, tmp_path):
    start = time.monotonic()
    with pytest.raises(ModelError, match="timed out"):
        registry.fetch(tmp_path / "cache", base_url=f"{server}/hang/", progress=_quiet, timeout=0.5)
    assert time.monotonic() - start < 10


def test_damaged_local_file_is_replaced_by_fetch(server, tmp_path, seed_models_dir):
    folder = tmp_path / "cache"
    folder.mkdir()
    for seed in registry.SEED_FILES:
        shutil.copyfile(seed_models_dir / seed.filename, folder / seed.filename)
    damaged = folder / registry.SEED_FILES[1].filename
    damaged.write_bytes(damaged.read_bytes()[:-10])
    checks = registry.verify(folder)
    assert [c.ok for c in checks] == [True, False, True] and "does not match" in checks[1].reason
    registry.fetch(folder, base_url=f"{server}/good/", progress=_quiet, timeout=5)
    assert all(c.ok for c in registry.verify(folder))


def test_models_dir_override_and_cache_default(monkeypatch, tmp_path):
    monkeypatch.setenv("EQVIEWER_MODELS_DIR", str(tmp_path / "local"))
    assert registry.models_dir() == tmp_path / "local"
    monkeypatch.delenv("EQVIEWER_MODELS_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert registry.models_dir() == tmp_path / "xdg" / "eqviewer" / "models"
    assert registry.seed_entry().available is False


def test_offline_load_error_names_files_and_folder(monkeypatch, tmp_path):
    from eqviewer.model import SeedModel

    monkeypatch.setenv("EQVIEWER_MODELS_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("EQVIEWER_MODELS_URL", "http://127.0.0.1:9/")  # discard port: connection refused
    with pytest.raises(ModelError) as error:
        SeedModel.load()
    message = str(error.value)
    assert str(tmp_path / "empty") in message and "P_wave_phase_picking_best_model.h5" in message


def test_cli_models_commands(monkeypatch, tmp_path, seed_models_dir, capsys):
    monkeypatch.setenv("EQVIEWER_MODELS_DIR", str(seed_models_dir))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert cli_main(["models", "verify"]) == 0
    assert cli_main(["models", "list"]) == 0
    assert cli_main(["models", "path"]) == 0
    out = capsys.readouterr().out
    assert out.count("\nok\t") + out.startswith("ok\t") == 3 and "seed\tready" in out and str(tmp_path / "data") in out
    assert cli_main(["models", "verify", str(tmp_path)]) == 1
    monkeypatch.setenv("EQVIEWER_MODELS_DIR", str(tmp_path / "new"))
    assert cli_main(["models", "fetch", "--url", "http://127.0.0.1:9/", "--timeout", "1"]) == 2
    assert "eqviewer: error:" in capsys.readouterr().err


@pytest.mark.parametrize("mode, message", [("endless", "sent more than the published"),
                                           ("announce", "announces 300000000 bytes")])
def test_a_download_larger_than_the_published_size_is_cut_off(server, tmp_path, mode, message):
    folder = tmp_path / "cache"
    started = time.monotonic()
    with pytest.raises(ModelError, match=message):
        registry.fetch(folder, base_url=f"{server}/{mode}/", progress=_quiet, timeout=5)
    assert time.monotonic() - started < 10
    assert list(folder.iterdir()) == []  # no partial file left


def test_a_trickling_server_runs_into_the_total_deadline(server, tmp_path):
    folder = tmp_path / "cache"
    started = time.monotonic()
    with pytest.raises(ModelError, match="took longer than 1 s"):
        registry.fetch(folder, base_url=f"{server}/trickle/", progress=_quiet, timeout=5, deadline=1.0)
    assert time.monotonic() - started < 4  # each byte arrives well within --timeout: only the deadline stops it
    assert list(folder.iterdir()) == []


def test_downloaded_weights_get_the_mode_of_a_normal_write(server, tmp_path):
    old = os.umask(0o022)
    try:
        folder = registry.fetch(tmp_path / "cache", base_url=f"{server}/good/", progress=_quiet, timeout=5)
    finally:
        os.umask(old)
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o644}
