"""`eqviewer open`: headless screenshot of ObsPy's example record, the --size check, and the help overlay."""

from __future__ import annotations

from PyQt6.QtGui import QImage

from eqviewer.cli import main


def _colours(path) -> int:
    image = QImage(str(path))
    step = max(1, image.width() // 200)
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


def test_open_example_screenshot(qapp, tmp_path, capsys):
    shot = tmp_path / "example.png"
    session = tmp_path / "example.eqreview"
    status = main(["open", "--example", "--session", str(session), "--screenshot", str(shot), "--size", "1100x700"])
    assert status == 0, capsys.readouterr().err
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1100, 700)
    assert _colours(shot) > 20  # traces, axes, panels: not a blank window
    assert session.is_file()


def test_open_without_session_creates_one_in_the_user_data_folder(qapp, tmp_path):
    shot = tmp_path / "shot.png"
    assert main(["open", "--example", "--screenshot", str(shot)]) == 0
    sessions = list((tmp_path / "data-home").rglob("*.eqreview"))
    assert len(sessions) == 1 and sessions[0].name.startswith("obspy-example-RJOB")


def test_bad_size_is_a_usage_error(capsys):
    assert main(["open", "--example", "--screenshot", "x.png", "--size", "big"]) == 2
    assert "expected WIDTHxHEIGHT" in capsys.readouterr().err


def test_unreadable_path_is_reported_in_the_screenshot_run(qapp, tmp_path, capsys):
    missing = tmp_path / "nothing-here.mseed"
    status = main(["open", str(missing), "--session", str(tmp_path / "s.eqreview"), "--screenshot",
                   str(tmp_path / "s.png")])
    assert status == 1
    assert "nothing-here.mseed" in capsys.readouterr().err
