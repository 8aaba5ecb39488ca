"""The association workflow the command line and the window share: the request is checked before anything is
stored, inventories' stations go into the session, and a re-association takes the velocity model of the events."""

from __future__ import annotations

import pytest

from eqviewer.app.association import (DEFAULT_VELOCITY_MODEL, AssociationRequest, associate_and_store,
                                      prepare_reassociation, store_association)
from eqviewer.app.sessions import SessionPolicy, open_session
from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.errors import EqviewerError, SessionError
from eqviewer.io.inventory import StationCoordinates
from tests.associate.event_session import located_session
from tests.associate.network import ring_stations, write_stationxml

SEISBENCH_HEADER = ("trace_name,station_network_code,station_code,station_location_code,trace_channel,"
                    "station_latitude_deg,station_longitude_deg,station_elevation_m\n")


@pytest.fixture()
def session(tmp_path):
    """A new writable session reviewing an empty folder."""
    with open_session(str(tmp_path / "s.eqreview"), SessionPolicy.CREATE, [str(tmp_path)]) as made:
        yield made


@pytest.fixture()
def stations_xml(tmp_path):
    """StationXML of a ring of six stations."""
    path = tmp_path / "stations.xml"
    write_stationxml(ring_stations(6), path)
    return str(path)


@pytest.mark.parametrize("request_, message", [
    (AssociationRequest(velocity_model="vp=fast"), "not a velocity model"),
    (AssociationRequest(settings={"min_picks": -1}), "min_picks must be a whole number from 1"),
])
def test_a_bad_request_stores_nothing(session, stations_xml, request_, message):
    bad = AssociationRequest(request_.velocity_model, request_.settings, (stations_xml,))
    with pytest.raises(EqviewerError, match=message):
        associate_and_store(session, bad)
    assert session.stations() == {}


def test_inventories_are_stored_and_no_picks_make_no_events(session, stations_xml):
    report = associate_and_store(session, AssociationRequest(inventories=(stations_xml,)))
    assert (report.stations.stations, report.summary.events, report.summary.picks) == (6, 0, 0)
    assert report.model and len(session.stations()) == 6


def test_reassociation_needs_stations_and_defaults_to_the_homogeneous_model(session, stations_xml):
    with pytest.raises(SessionError, match="no station coordinates"):
        prepare_reassociation(session)
    associate_and_store(session, AssociationRequest(inventories=(stations_xml,)))
    plan = prepare_reassociation(session)
    assert plan.picks == [] and len(plan.stations) == 6
    assert plan.model.name == parse_velocity_model(DEFAULT_VELOCITY_MODEL).name


def test_the_analysts_inventory_wins_over_the_archive_and_every_move_is_reported(session, tmp_path):
    (tmp_path / "metadata.csv").write_text(SEISBENCH_HEADER + "a,XX,S00,,HH,34.0,-117.0,100\n")
    assert associate_and_store(session, AssociationRequest()).stations.changes == []
    corrected = tmp_path / "corrected.xml"
    write_stationxml([StationCoordinates("XX.S00.", 34.25, -117.0, 100.0, ("HHZ",))], corrected)
    moved = associate_and_store(session, AssociationRequest(inventories=(str(corrected),))).stations.changes
    assert [(c.new.key, c.old.latitude, c.new.latitude, c.old_source, c.source) for c in moved] == [
        ("XX.S00.", 34.0, 34.25, str(tmp_path), str(corrected))]
    again = associate_and_store(session, AssociationRequest())  # the archive's metadata is read again
    assert again.stations.changes == [] and session.stations()["XX.S00."].latitude == 34.25


def test_a_refused_inventory_stores_nothing(session, stations_xml, tmp_path):
    bad = tmp_path / "bad.xml"
    write_stationxml([StationCoordinates("XX.S00.", latitude, -117.0, 0.0) for latitude in (34.0, 35.0)], bad)
    with pytest.raises(EqviewerError, match=r"bad.xml: station XX.S00. is listed twice at different places:"
                                            r" 34.0, -117.0, 0.0 m \(line \d+\) and 35.0, -117.0, 0.0 m"):
        associate_and_store(session, AssociationRequest(inventories=(stations_xml, str(bad))))
    assert session.stations() == {}


def test_reassociation_keeps_committed_events_and_the_ids_of_events_it_finds_again(tmp_path):
    session, _ = located_session(tmp_path / "s.eqreview", n_events=3)
    with session:
        first, second, third = session.events()
        session.set_evaluation_status(first.id, "final")
        first = session.event(first.id)
        session.set_event_type(second.id, "quarry blast")
        session.reject(third.arrivals[0].pick_id)  # the third event changes: it is found again with a new id
        plan = prepare_reassociation(session)
        assert not {a.pick_id for a in first.arrivals} & {p.id for p in plan.picks} and plan.keep == (first.id,)
        summary, _ = store_association(session, plan.run(lambda *_: None))
        events = session.events()
        assert summary.events == 2 and len(events) == 3
        assert events[0] == first and events[1].id == second.id and events[1].event_type == "quarry blast"
        assert events[2].id not in (first.id, second.id, third.id) and events[2].n_picks == third.n_picks - 1
        assert session.undo() and session.events()[2] == third
