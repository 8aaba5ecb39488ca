"""The freedesktop files in packaging/: they validate, agree with each other and with the package, and install."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import eqviewer
from eqviewer.resources import APP_ID, ICON_SIZES

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
MIME = PACKAGING / f"{APP_ID}.mime.xml"
MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
SESSION_TYPE = "application/x-eqviewer-session"


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (Debian package {package}); CI installs it")
    return path


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _mime_globs() -> dict[str, list[str]]:
    root = ET.parse(MIME).getroot()
    return {
        node.get("type"): [glob.get("pattern") for glob in node.findall("m:glob", MIME_NS)]
        for node in root.findall("m:mime-type", MIME_NS)
    }


def test_desktop_entry_passes_desktop_file_validate():
    result = subprocess.run([_tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_passes_appstreamcli_validate():
    result = subprocess.run([_tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_metainfo_and_mime_agree():
    entry = _desktop_entry(DESKTOP)
    globs = _mime_globs()
    assert globs[SESSION_TYPE] == ["*.eqreview"]
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[:2] == ["eqviewer", "open"] and entry["Exec"].endswith("%F")
    assert set(entry["MimeType"].rstrip(";").split(";")) == set(globs)

    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert {node.text for node in root.findall("provides/mediatype")} == set(globs)
    assert root.findtext("provides/binary") == "eqviewer"
    newest = root.find("releases/release")
    assert newest.get("version") == eqviewer.__version__, "add a <release> for this version to the metainfo"


def test_install_desktop_script_installs_everything(tmp_path):
    fake_exe = tmp_path / "bin" / "eqviewer"
    fake_exe.parent.mkdir()
    fake_exe.write_text("#!/bin/sh\n", encoding="utf-8")
    fake_exe.chmod(0o755)
    data = tmp_path / "share"
    env = {**os.environ, "PATH": f"{fake_exe.parent}:/usr/bin:/bin"}
    subprocess.run(["sh", str(PACKAGING / "install-desktop.sh"), "", str(data)], check=True, env=env,
                   capture_output=True, text=True)

    installed = _desktop_entry(data / "applications" / DESKTOP.name)
    assert installed["Exec"] == f"{fake_exe} open %F"
    assert installed["TryExec"] == str(fake_exe)
    assert (data / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in ICON_SIZES:
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "mimetypes" / "application-x-eqviewer-session.png").is_file()
    if shutil.which("update-mime-database"):
        assert f"{SESSION_TYPE}:*.eqreview" in (data / "mime" / "globs2").read_text(encoding="utf-8")
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(data / "applications" / DESKTOP.name)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout


def test_install_desktop_script_refuses_a_missing_executable(tmp_path):
    result = subprocess.run(["sh", str(PACKAGING / "install-desktop.sh"), str(tmp_path / "nothing"), str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "not found" in result.stderr
    assert not (tmp_path / "applications").exists()
