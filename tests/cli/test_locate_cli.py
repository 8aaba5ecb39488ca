"""`eqviewer locate`: every event (or one) relocated from its reviewed picks and printed; a held depth; errors."""

from __future__ import annotations

import re

from eqviewer.cli import main
from eqviewer.review.session import Session
from tests.associate.event_session import located_session


def test_locate_relocates_every_event_and_prints_each(tmp_path, capsys):
    path = tmp_path / "s.eqreview"
    session, _ = located_session(path, n_events=2)
    with session:
        first, second = session.events()
        session.set_arrival_used(first.id, first.arrivals[0].pick_id, False)
    assert main(["locate", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [int(re.match(r"event (\d+):", line).group(1)) for line in lines] == [first.id, second.id]
    assert all(re.search(r"depth [\d.]+ km ±[\d.]+ km, rms [\d.]+ s, errors ±[\d.]+ km ±[\d.]+ s, gap \d+°", line)
               for line in lines)
    assert f"{first.n_picks - 1} of {first.n_picks} picks" in lines[0]
    with Session.open(path, read_only=True) as session:
        assert [e.id for e in session.events()] == [first.id, second.id]
        assert not session.event(first.id).arrivals[0].used


def test_locate_one_event_at_a_fixed_depth(tmp_path, capsys):
    path = tmp_path / "s.eqreview"
    session, _ = located_session(path, n_events=2)
    with session:
        first, second = session.events()
    assert main(["locate", str(path), "--event", str(second.id), "--fixed-depth", "7"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"event {second.id}:") and "depth 7.0 km fixed," in line
    with Session.open(path, read_only=True) as session:
        assert session.event(second.id).depth_fixed and not session.event(first.id).depth_fixed


def test_locate_names_an_unknown_event(tmp_path, capsys):
    path = tmp_path / "s.eqreview"
    located_session(path)[0].close()
    assert main(["locate", str(path), "--event", "999"]) == 2  # a session error
    assert "no event 999" in capsys.readouterr().err


def test_locate_fit_model_prints_the_fit_stores_it_and_relocates_with_it(tmp_path, capsys):
    from tests.associate.delayed_network import delayed_session

    path = tmp_path / "s.eqreview"
    session, truth = delayed_session(path, n_events=6)
    session.close()
    assert main(["locate", str(path), "--fit-model"]) == 2  # nothing reviewed yet
    assert "no reviewed events" in capsys.readouterr().err
    assert main(["locate", str(path), "--all-events"]) == 2
    assert "--all-events goes with --fit-model" in capsys.readouterr().err
    assert main(["locate", str(path), "--fit-model", "--all-events"]) == 0
    lines = capsys.readouterr().out.splitlines()
    ratio = float(re.match(r"vp/vs (\d\.\d+) ± \d\.\d+ \(Wadati, 6 events\)", lines[0]).group(1))
    assert abs(ratio - truth.vp_vs) < 0.03
    assert sum(bool(re.match(r"station XX\.S\d\d\. delays: P [+-]\d\.\d\d ± [\d.]+ s \(6 arrivals\), S ", line))
               for line in lines) == 10
    assert sum(line.startswith("event ") for line in lines) == 6
    with Session.open(path, read_only=True) as session:
        assert "vp/vs" in session.model_fit() and all("; vp/vs=" in e.velocity_model for e in session.events())
