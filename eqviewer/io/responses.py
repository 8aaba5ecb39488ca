"""Instrument responses, read from the station metadata a session's stations came from when they are needed (the
coordinates are streamed at start-up without them, see :mod:`eqviewer.io.stationxml`): each file is read with ObsPy
once, the first time one of its channels is asked for."""

from __future__ import annotations

import os
import warnings

from obspy import UTCDateTime
from obspy.core.inventory import Inventory, Response

from eqviewer.errors import ArchiveError
from eqviewer.io.stationxml import MalformedXml, xml_root


class ResponseReader:
    """Reads instrument responses from station metadata files and folders, each at most once."""

    def __init__(self) -> None:
        self._inventories: dict[str, Inventory | ArchiveError] = {}

    def response(self, source: str, waveform_id: str, time: UTCDateTime) -> Response:
        """The response of channel ``waveform_id`` (NET.STA.LOC.CHA) at ``time``, from the station metadata file or
        folder ``source``. ArchiveError naming the file and channel when it cannot be read, does not list the
        channel then, or lists it without a response."""
        inventory = self._inventory(source)
        network, station, location, channel = waveform_id.split(".")
        found = [c for n in inventory.select(network=network, station=station, location=location, channel=channel,
                                             time=time) for s in n for c in s]
        if not found:
            raise ArchiveError(source, f"channel {waveform_id} is not listed for {time.date}: no response")
        response = found[0].response
        if response is None or (not response.response_stages and response.instrument_sensitivity is None):
            raise ArchiveError(source, f"channel {waveform_id} has no instrument response")
        return response

    def _inventory(self, source: str) -> Inventory:
        if source not in self._inventories:
            try:
                self._inventories[source] = read_responses(source)
            except ArchiveError as exc:
                self._inventories[source] = exc
        found = self._inventories[source]
        if isinstance(found, ArchiveError):
            raise found
        return found


def read_responses(path: str) -> Inventory:
    """Everything ObsPy reads from a station metadata file, or from the files of a folder that hold station metadata
    (others are passed over). ArchiveError naming the path when it is gone or holds none, and for XML that
    declares a DTD."""
    if not os.path.exists(path):
        raise ArchiveError(path, "station metadata not found (moved or deleted?): instrument responses cannot be read")
    folder = os.path.isdir(path)
    names = sorted(os.path.join(path, n) for n in os.listdir(path)) if folder else [path]
    inventory = Inventory(networks=[], source="eqviewer")
    for name in names:
        if os.path.isfile(name):
            read = _read_file(name, skip_unreadable=folder)
            inventory.networks.extend(read.networks if read is not None else [])
    if not inventory.networks:
        raise ArchiveError(path, "holds no station metadata with instrument responses")
    return inventory


def _read_file(name: str, skip_unreadable: bool) -> Inventory | None:
    from obspy import read_inventory

    try:
        xml_root(name)  # refuses a DTD before ObsPy parses the file
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return read_inventory(name)
    except MalformedXml:
        if skip_unreadable:
            return None
        raise
    except ArchiveError:
        raise
    except Exception as exc:  # ObsPy raises many types for a file it cannot read
        if skip_unreadable:
            return None
        raise ArchiveError(name, f"cannot be read as station metadata ({type(exc).__name__}: {exc})") from None
