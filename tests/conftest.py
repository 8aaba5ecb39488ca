"""Test set-up shared by every test: headless Qt, and the one fixture that finds ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Headless Qt: must be set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("EQVIEWER_SHARED", PROJECT_ROOT.parent / "shared")).resolve()

# The app reads the seed weights from this folder instead of downloading them.
if (SHARED_DIR / "models" / "seed").is_dir():
    os.environ.setdefault("EQVIEWER_MODELS_DIR", str(SHARED_DIR / "models" / "seed"))


MAX_TEST_WORKERS = 4
"""pytest-xdist's "-n auto" (pyproject.toml) runs at most this many test processes: each loads TensorFlow and the
seed networks (about 1.1 GB resident, measured), and the model tests use several cores each already."""


def pytest_xdist_auto_num_workers(config) -> int:
    """The number of test processes for "-n auto": one per core, at most :data:`MAX_TEST_WORKERS`."""
    return max(1, min(MAX_TEST_WORKERS, os.cpu_count() or 1))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared folder (or $EQVIEWER_SHARED); tests that need it skip, saying why, without it."""
    if not (SHARED_DIR / "data").is_dir():
        pytest.skip(f"real-data test: {SHARED_DIR} not found (set EQVIEWER_SHARED to the shared folder)")
    return SHARED_DIR


@pytest.fixture(scope="session")
def shared_data(shared_dir: Path) -> Path:
    """../shared/data: real labelled waveforms."""
    return shared_dir / "data"


@pytest.fixture(scope="session")
def seed_models_dir(shared_dir: Path) -> Path:
    """../shared/models/seed: the published weights and reference outputs."""
    return shared_dir / "models" / "seed"


@pytest.fixture()
def tiny_model(tmp_path, monkeypatch) -> str:
    """The name of a model of the test-only kind "tiny-test" (tests/tiny_kind.py: a second architecture, 30 s
    windows), registered in a temporary user model folder."""
    from tests.tiny_kind import register_tiny_model

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return register_tiny_model().name
