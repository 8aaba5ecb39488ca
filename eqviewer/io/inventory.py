"""Station coordinates: from station metadata files (StationXML, streamed by :mod:`eqviewer.io.stationxml`, or
anything else ``obspy.read_inventory`` reads) and from the station columns of STEAD and SeisBench dataset metadata.

Stations are keyed ``NET.STA.LOC`` (a pick's station id without its band code, see :func:`station_key`), with
latitude and longitude in degrees, elevation in metres, and the channel codes the metadata lists (so exports can
name the real channel a pick was made on). Each input's stations are checked before anything uses them: every
value finite and in range, and a station an input lists twice at different places refused with both places named.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator

import numpy as np

from eqviewer.errors import ArchiveError
from eqviewer.io.csv_table import MetadataTable
from eqviewer.io.station_coordinates import StationCoordinates, StationListing, coordinate_problem, station_key
from eqviewer.io.stationxml import ROOT, MalformedXml, entities_left_unexpanded, stationxml_listings, xml_root

__all__ = ["StationCoordinates", "coordinates_from_dataset", "dataset_metadata_csv", "read_inventory",
           "station_key"]

# Station columns of dataset metadata: (latitude, longitude, elevation in m, network, station, location, band).
STEAD_COLUMNS = ("receiver_latitude", "receiver_longitude", "receiver_elevation_m", "network_code",
                 "receiver_code", "location_code", "receiver_type")
SEISBENCH_COLUMNS = ("station_latitude_deg", "station_longitude_deg", "station_elevation_m", "station_network_code",
                     "station_code", "station_location_code", "trace_channel")
CSV_FIRST_ROW_LINE = 2  # the line of a metadata CSV's first row, after the header


def read_inventory(path: str | os.PathLike) -> list[StationCoordinates]:
    """The stations of a station metadata file, or of every file in a folder that holds station metadata (one
    input: a station two of its files place differently is refused).

    Raises :class:`ArchiveError` naming the file (and station) when nothing in it is station metadata, a station
    lacks coordinates or has one out of range, a station is listed twice at different places, or the XML declares
    a DTD or includes other files.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise ArchiveError(path, "station metadata not found")
    folder = os.path.isdir(path)
    files = sorted(os.path.join(path, name) for name in os.listdir(path)) if folder else [path]
    stations = checked_stations(path, (listing for name in files if os.path.isfile(name)
                                       for listing in _file_listings(name, skip_unreadable=folder)))
    if not stations:
        raise ArchiveError(path, "holds no station metadata that ObsPy can read (StationXML, RESP, SEED, ...)")
    return stations


def checked_stations(path: str, listings: Iterable[StationListing]) -> list[StationCoordinates]:
    """The stations of one input (``path``), each checked: ArchiveError naming the file, line and station when a
    coordinate is not finite or out of range, or when the input lists a station twice at different places (more
    than :data:`~eqviewer.io.station_coordinates.SAME_PLACE_M` apart; a station listed twice at one place keeps its
    first listing's coordinates, with the channels of both)."""
    first: dict[str, StationListing] = {}
    channels: dict[str, dict[str, None]] = {}  # in the order listed
    for listing in listings:
        station = listing.station
        problem = coordinate_problem(station, listing.depths_m)
        if problem:
            raise ArchiveError(path, f"station {station.key}{_at(listing, path)}: {problem}")
        seen = first.setdefault(station.key, listing)
        if not seen.station.same_place(station):
            raise ArchiveError(path, f"station {station.key} is listed twice at different places:"
                                     f" {seen.station.place()}{_at(seen, path)} and {station.place()}"
                                     f"{_at(listing, path)}; keep only the right one")
        channels.setdefault(station.key, {}).update(dict.fromkeys(station.channels))
    return [StationCoordinates(key, s.station.latitude, s.station.longitude, s.station.elevation_m,
                               tuple(channels[key])) for key, s in first.items()]


def _at(listing: StationListing, path: str) -> str:
    """" (where)" the input lists the station, or "" when its name says all."""
    where = listing.where(path)
    return f" ({where})" if where else ""


def _file_listings(name: str, skip_unreadable: bool) -> Iterator[StationListing]:
    """The stations of one file: StationXML streamed, other formats through ObsPy; a file ObsPy cannot read is
    skipped when ``skip_unreadable`` (a folder may hold other files beside the metadata), else refused."""
    try:
        root = xml_root(name)
    except MalformedXml:
        if skip_unreadable:
            return
        raise
    if root == ROOT:
        yield from stationxml_listings(name)
        return
    from obspy import read_inventory as obspy_read_inventory

    try:
        with warnings.catch_warnings(), entities_left_unexpanded():
            warnings.simplefilter("ignore")
            inventory = obspy_read_inventory(name)
    except Exception as exc:  # ObsPy raises many types for a file it cannot read
        if skip_unreadable:
            return
        raise ArchiveError(name, f"cannot be read as station metadata ({type(exc).__name__}: {exc})") from None
    for network in inventory:
        for station in network:
            if station.latitude is None or station.longitude is None:
                raise ArchiveError(name, f"station {network.code}.{station.code} has no latitude or longitude")
            for location in sorted({channel.location_code for channel in station} or {""}):
                chosen = [c for c in station if c.location_code == location]
                yield StationListing(
                    StationCoordinates(f"{network.code}.{station.code}.{location}", float(station.latitude),
                                       float(station.longitude), float(station.elevation or 0.0),
                                       tuple(sorted({c.code for c in chosen}))),
                    name, None, tuple(float(c.depth) for c in chosen if c.depth is not None))


def dataset_metadata_csv(archive: str | os.PathLike) -> str | None:
    """The metadata CSV of a STEAD-layout HDF5 file (same name or metadata.csv beside it) or of a SeisBench
    folder, or None."""
    archive = os.fspath(archive)
    if os.path.isdir(archive):
        candidates = [os.path.join(archive, "metadata.csv")]
    else:
        stem = os.path.splitext(archive)[0]
        candidates = [stem + ".csv", os.path.join(os.path.dirname(archive), "metadata.csv")]
    return next((c for c in candidates if os.path.isfile(c)), None)


def coordinates_from_dataset(archive: str | os.PathLike) -> list[StationCoordinates]:
    """Station coordinates from the metadata CSV of a STEAD or SeisBench dataset (empty when it has none); rows
    without latitude or longitude are passed over. ArchiveError naming the CSV, line and station for a value out
    of range and for a station its rows place differently."""
    csv_path = dataset_metadata_csv(archive)
    if csv_path is None:
        return []
    table = MetadataTable(csv_path)
    for columns in (STEAD_COLUMNS, SEISBENCH_COLUMNS):
        if all(c in table.columns for c in columns[:2] + columns[4:5]):
            break
    else:
        return []
    lat, lon = table.floats(columns[0]), table.floats(columns[1])
    elevation = table.floats(columns[2]) if columns[2] in table.columns else np.zeros_like(lat)
    codes = [table.text(c) if c in table.columns else [""] * len(lat) for c in columns[3:]]
    listings: dict[tuple[str, float, float, float], StationListing] = {}
    for i in range(len(lat)):
        if not (np.isfinite(lat[i]) and np.isfinite(lon[i])):
            continue
        network, station, location, band = (c[i].strip() for c in codes)
        height = float(elevation[i]) if np.isfinite(elevation[i]) else 0.0
        place = (f"{network}.{station}.{location}", float(lat[i]), float(lon[i]), height)
        if place not in listings:
            channels = tuple(band[:2] + c for c in "ZNE") if band else ()
            listings[place] = StationListing(StationCoordinates(*place, channels), csv_path, i + CSV_FIRST_ROW_LINE)
    return checked_stations(csv_path, listings.values())
