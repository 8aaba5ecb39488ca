"""Station coordinates: from station metadata files (StationXML or anything ``obspy.read_inventory`` reads) and
from the station columns of STEAD and SeisBench dataset metadata.

Stations are keyed ``NET.STA.LOC`` (a pick's station id without its band code, see :func:`station_key`), with
latitude and longitude in degrees, elevation in metres, and the channel codes the metadata lists (so exports can
name the real channel a pick was made on).
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field

import numpy as np

from eqviewer.errors import ArchiveError
from eqviewer.io.csv_table import MetadataTable

# Station columns of dataset metadata: (latitude, longitude, elevation in m, network, station, location, band).
STEAD_COLUMNS = ("receiver_latitude", "receiver_longitude", "receiver_elevation_m", "network_code",
                 "receiver_code", "location_code", "receiver_type")
SEISBENCH_COLUMNS = ("station_latitude_deg", "station_longitude_deg", "station_elevation_m", "station_network_code",
                     "station_code", "station_location_code", "trace_channel")


@dataclass(frozen=True)
class StationCoordinates:
    """Where one station is: ``key`` NET.STA.LOC, degrees, metres above sea level, its channel codes."""

    key: str
    latitude: float
    longitude: float
    elevation_m: float
    channels: tuple[str, ...] = field(default=())


def station_key(station_id: str) -> str:
    """NET.STA.LOC of a pick's or record's station id NET.STA.LOC.BAND (missing parts are empty)."""
    return ".".join((station_id.split(".") + ["", "", ""])[:3])


def read_inventory(path: str | os.PathLike) -> list[StationCoordinates]:
    """The stations of a station metadata file, or of every file in a folder that ObsPy reads as one.

    Raises :class:`ArchiveError` naming the path when nothing in it is station metadata or a station lacks
    coordinates.
    """
    from obspy import read_inventory as obspy_read_inventory

    path = os.fspath(path)
    if not os.path.exists(path):
        raise ArchiveError(path, "station metadata not found")
    files = sorted(os.path.join(path, name) for name in os.listdir(path)) if os.path.isdir(path) else [path]
    stations: dict[str, StationCoordinates] = {}
    for name in files:
        if not os.path.isfile(name):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                inventory = obspy_read_inventory(name)
        except Exception as exc:  # ObsPy raises many types for a file it cannot read
            if os.path.isdir(path):
                continue  # a folder may hold other files beside the metadata
            raise ArchiveError(name, f"cannot be read as station metadata ({type(exc).__name__}: {exc})") from None
        for network in inventory:
            for station in network:
                if station.latitude is None or station.longitude is None:
                    raise ArchiveError(name, f"station {network.code}.{station.code} has no coordinates")
                locations = {channel.location_code for channel in station} or {""}
                for location in sorted(locations):
                    key = f"{network.code}.{station.code}.{location}"
                    channels = tuple(sorted({c.code for c in station if c.location_code == location}))
                    stations[key] = StationCoordinates(key, float(station.latitude), float(station.longitude),
                                                       float(station.elevation or 0.0), channels)
    if not stations:
        raise ArchiveError(path, "holds no station metadata that ObsPy can read (StationXML, RESP, SEED, ...)")
    return list(stations.values())


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
    """Station coordinates from the metadata CSV of a STEAD or SeisBench dataset (empty when it has none)."""
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
    stations: dict[str, StationCoordinates] = {}
    for i in range(len(lat)):
        if not (np.isfinite(lat[i]) and np.isfinite(lon[i])):
            continue
        network, station, location, band = (c[i].strip() for c in codes)
        key = f"{network}.{station}.{location}"
        if key not in stations:
            height = float(elevation[i]) if np.isfinite(elevation[i]) else 0.0
            channels = tuple(band[:2] + c for c in "ZNE") if band else ()
            stations[key] = StationCoordinates(key, float(lat[i]), float(lon[i]), height, channels)
    return list(stations.values())
