"""`eqviewer event`: merge, split and move picks between located events from the command line; errors."""

from __future__ import annotations

import re

from eqviewer.cli import main
from eqviewer.review.session import Session
from tests.associate.event_session import located_session


def _ids(lines: list[str]) -> list[int]:
    return [int(re.match(r"event (\d+):", line).group(1)) for line in lines]


def test_split_move_and_merge_print_the_changed_events(tmp_path, capsys):
    path = tmp_path / "s.eqreview"
    session, _ = located_session(path, n_events=2)
    with session:
        first, second = session.events()
    picks = sorted(a.pick_id for a in first.arrivals)
    assert main(["event", str(path), "split", str(first.id), *map(str, picks[:6])]) == 0
    kept, new = _ids(capsys.readouterr().out.splitlines())
    assert kept == first.id and new not in (first.id, second.id)
    assert main(["event", str(path), "move", str(picks[-1]), str(second.id)]) == 0
    assert _ids(capsys.readouterr().out.splitlines()) == [first.id, second.id]
    assert main(["event", str(path), "merge", str(first.id), str(new)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert _ids([line]) == [first.id] and f"{first.n_picks - 1} of {first.n_picks - 1} picks" in line
    with Session.open(path, read_only=True) as session:
        assert [e.id for e in session.events()] == [first.id, second.id]
        assert session.event_of_picks()[picks[-1]] == second.id


def test_a_refused_operation_says_why(tmp_path, capsys):
    path = tmp_path / "s.eqreview"
    session, _ = located_session(path)
    with session:
        (event,) = session.events()
    assert main(["event", str(path), "merge", str(event.id), "999"]) == 2
    assert "no event 999" in capsys.readouterr().err
    assert main(["event", str(path), "split", str(event.id), "123456"]) == 2
    assert "pick 123456 is not a P or S arrival" in capsys.readouterr().err
