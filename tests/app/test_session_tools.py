"""Session set-up, statistics and whole-file workflows: a bad inventory leaves no session behind, a new session
counts its stations, and a check (with recovery) of a sound file finds every row."""

from __future__ import annotations

import pytest

from eqviewer.app.session_files import check_session_file, copy_session
from eqviewer.app.session_setup import new_session
from eqviewer.app.session_stats import session_stats
from eqviewer.app.sessions import SessionPolicy, open_session
from eqviewer.errors import EqviewerError
from tests.associate.network import ring_stations, write_stationxml


def test_a_bad_inventory_makes_no_session(tmp_path):
    path = tmp_path / "s.eqreview"
    with pytest.raises(EqviewerError, match="station metadata not found"):
        new_session(str(path), [tmp_path], inventories=[str(tmp_path / "none.xml")])
    assert not path.exists()


def test_new_session_stats_check_and_copy(tmp_path):
    write_stationxml(ring_stations(4), tmp_path / "stations.xml")
    path = str(tmp_path / "s.eqreview")
    made = new_session(path, [tmp_path], inventories=[str(tmp_path / "stations.xml")], author="tester")
    assert (made.archives, made.stations) == (1, 4)
    with open_session(path, SessionPolicy.READ) as session:
        stats = session_stats(session)
    assert stats["stations_with_coordinates"] == 4 and stats["events"] == 0 and stats["unassociated_picks"] is None
    assert stats["records"] == {"total": 0} and stats["picks"] == {} and stats["read_only"]
    assert check_session_file(path).ok
    recovered = check_session_file(path, recover_to=str(tmp_path / "r.eqreview"))
    assert recovered.ok and (tmp_path / "r.eqreview").is_file()
    assert copy_session(path, tmp_path / "c.eqreview") > 0
