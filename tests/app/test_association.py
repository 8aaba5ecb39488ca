"""The association workflow the command line and the window share: the request is checked before anything is
stored, inventories' stations go into the session, and a re-association takes the velocity model of the events."""

from __future__ import annotations

import pytest

from eqviewer.app.association import (DEFAULT_VELOCITY_MODEL, AssociationRequest, associate_and_store,
                                      prepare_reassociation)
from eqviewer.app.sessions import SessionPolicy, open_session
from eqviewer.associate.velocity import parse_velocity_model
from eqviewer.errors import EqviewerError, SessionError
from tests.associate.network import ring_stations, write_stationxml


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
    (AssociationRequest(settings={"min_picks": -1}), "min_picks must be 0 or more"),
])
def test_a_bad_request_stores_nothing(session, stations_xml, request_, message):
    bad = AssociationRequest(request_.velocity_model, request_.settings, (stations_xml,))
    with pytest.raises(EqviewerError, match=message):
        associate_and_store(session, bad)
    assert session.stations() == {}


def test_inventories_are_stored_and_no_picks_make_no_events(session, stations_xml):
    report = associate_and_store(session, AssociationRequest(inventories=(stations_xml,)))
    assert (report.stations, report.summary.events, report.summary.picks) == (6, 0, 0)
    assert report.model and len(session.stations()) == 6


def test_reassociation_needs_stations_and_defaults_to_the_homogeneous_model(session, stations_xml):
    with pytest.raises(SessionError, match="no station coordinates"):
        prepare_reassociation(session)
    associate_and_store(session, AssociationRequest(inventories=(stations_xml,)))
    plan = prepare_reassociation(session)
    assert plan.picks == [] and len(plan.stations) == 6
    assert plan.model.name == parse_velocity_model(DEFAULT_VELOCITY_MODEL).name
