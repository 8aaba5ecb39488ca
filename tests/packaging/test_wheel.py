"""`python -m build` makes an sdist and a wheel with the resources and the license; the wheel installed into a
fresh venv runs `eqviewer --version`, `eqviewer info` and `eqviewer open --screenshot` headless.

The fresh venv reuses this interpreter's site-packages for the dependencies (a path line in a .pth file, which
does not run that folder's own .pth files, so a development install of eqviewer stays invisible), so nothing
large is downloaded; `python -m build` fetches only setuptools and wheel for its isolated build environment.
About a minute in all; `-m "not wheel_build"` leaves it out of a quick local run (CI runs it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

import eqviewer
from eqviewer.resources import ICON_SIZES

pytestmark = pytest.mark.wheel_build

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RESOURCE_FILES = ["keymap.json", "settings.json", "style.qss", "icons/eqviewer.svg"] + [
    f"icons/eqviewer-{size}.png" for size in ICON_SIZES
]
TIMEOUT_S = 300


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert result.returncode == 0, f"{' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel that `python -m build` makes from this checkout (the wheel is built from the sdist)."""
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(PROJECT_ROOT)], cwd=out)
    (sdist,) = out.glob("eqviewer-*.tar.gz")
    (wheel,) = out.glob("eqviewer-*.whl")
    return {"sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def venv(built, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; dependencies come from this interpreter's site-packages."""
    root = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(root)], cwd=root)
    python = root / "bin" / "python"
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        cwd=root).stdout.strip())
    (purelib / "_eqviewer_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
          str(built["wheel"])], cwd=root)
    return root


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """Headless Qt, and user data, settings and cache folders of its own so the user's are never touched."""
    home = tmp_path_factory.mktemp("home")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"))
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


def test_sdist_holds_resources_packaging_files_and_license(built):
    with tarfile.open(built["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    expected = {"LICENSE", "pyproject.toml", "setup.py", "packaging/eqviewer.spec", "packaging/README.md"}
    expected |= {f"resources/{name}" for name in RESOURCE_FILES}
    assert expected <= names, sorted(expected - names)
    assert not [name for name in names if "__pycache__" in name]


def test_wheel_holds_resources_license_and_entry_point(built):
    with zipfile.ZipFile(built["wheel"]) as wheel:
        names = set(wheel.namelist())
        dist_info = f"eqviewer-{eqviewer.__version__}.dist-info"
        entry_points = wheel.read(f"{dist_info}/entry_points.txt").decode()
    assert {f"eqviewer/resources/{name}" for name in RESOURCE_FILES} <= names
    assert "eqviewer/resources/__init__.py" in names and "eqviewer/cli/__init__.py" in names
    assert f"{dist_info}/licenses/LICENSE" in names
    assert "eqviewer = eqviewer.cli:run" in entry_points
    assert not [name for name in names if name.startswith(("tests/", "resources/", "packaging/"))]


def test_installed_wheel_is_what_runs_and_finds_its_resources(venv, env):
    code = ("import eqviewer, eqviewer.resources as r; print(eqviewer.__file__); print(r.icon_path(48)); "
            "print(len(r.load_keymap()), len(r.load_stylesheet()) > 0, sorted(r.default_settings())[0])")
    lines = _run([str(venv / "bin" / "python"), "-c", code], cwd=venv, env=env).stdout.splitlines()
    assert lines[0].startswith(str(venv)), f"eqviewer imported from {lines[0]}, not from the fresh venv"
    assert lines[1].startswith(str(venv)) and lines[1].endswith("eqviewer-48.png")
    assert lines[2].split()[1] == "True"


def test_version_names_eqviewer_tensorflow_keras_and_gpu(venv, env):
    import keras
    import tensorflow as tf

    out = _run([str(venv / "bin" / "eqviewer"), "--version"], cwd=venv, env=env).stdout
    assert f"eqviewer {eqviewer.__version__}" in out
    assert f"TensorFlow {tf.__version__}" in out and f"Keras {keras.__version__}" in out
    assert "GPU" in out


@pytest.fixture(scope="module")
def obspy_example(tmp_path_factory) -> Path:
    """ObsPy's example stream (BW.RJOB, 3 components, 30 s at 100 Hz) written as miniSEED."""
    import obspy

    path = tmp_path_factory.mktemp("data") / "obspy_example.mseed"
    obspy.read().write(str(path), format="MSEED")
    return path


def test_info_on_obspy_example(venv, env, obspy_example):
    out = _run([str(venv / "bin" / "eqviewer"), "info", str(obspy_example)], cwd=venv, env=env).stdout
    assert "RJOB" in out


def test_open_screenshot_headless(venv, env, obspy_example, tmp_path):
    from PyQt6.QtGui import QImage

    shot = tmp_path / "shot.png"
    session = tmp_path / "review.eqreview"
    _run([str(venv / "bin" / "eqviewer"), "open", str(obspy_example), "--session", str(session),
          "--screenshot", str(shot), "--size", "1000x700"], cwd=venv, env=env)
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1000, 700)
    colours = {image.pixel(x, y) for x in range(0, 1000, 25) for y in range(0, 700, 25)}
    assert len(colours) > 5, "the screenshot is (almost) one colour"
    assert session.is_file(), "the review session was not created where --session said"
