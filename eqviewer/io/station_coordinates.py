"""Where a station is, as eqviewer holds it: :class:`StationCoordinates` keyed ``NET.STA.LOC``, a
:class:`StationListing` of it in an input file, a :class:`StationChange` of stored coordinates, and the ranges
every coordinate is checked against."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

LATITUDE_RANGE = (-90.0, 90.0)
LONGITUDE_RANGE = (-180.0, 180.0)
# Metres above sea level: from below the deepest ocean trench (-11 km) to above the highest summit (8.8 km).
ELEVATION_RANGE_M = (-12000.0, 9000.0)
# Two listings of a station within this distance (m, horizontally and in elevation) describe one place: station
# epochs of a real inventory differ by a resurvey's metres, which move a travel time by hundredths of a second.
SAME_PLACE_M = 100.0
_EARTH_RADIUS_M = 6_371_000.0


@dataclass(frozen=True)
class StationCoordinates:
    """Where one station is: ``key`` NET.STA.LOC, degrees, metres above sea level, its channel codes."""

    key: str
    latitude: float
    longitude: float
    elevation_m: float
    channels: tuple[str, ...] = field(default=())

    def position(self) -> tuple[float, float, float]:
        """Latitude, longitude and elevation: where the station is, without its channels."""
        return self.latitude, self.longitude, self.elevation_m

    def same_place(self, other: StationCoordinates) -> bool:
        """Whether ``other`` lies within :data:`SAME_PLACE_M` of this station, horizontally and in elevation."""
        north = math.radians(other.latitude - self.latitude) * _EARTH_RADIUS_M
        east_degrees = (other.longitude - self.longitude + 180.0) % 360.0 - 180.0
        east = math.radians(east_degrees) * _EARTH_RADIUS_M * math.cos(math.radians(self.latitude))
        return math.hypot(north, east) <= SAME_PLACE_M and abs(other.elevation_m - self.elevation_m) <= SAME_PLACE_M

    def place(self) -> str:
        """The coordinates in words, every digit kept: "latitude, longitude, elevation m"."""
        return f"{self.latitude!r}, {self.longitude!r}, {self.elevation_m!r} m"


@dataclass(frozen=True)
class StationListing:
    """One station as an input lists it: its coordinates, the file and line (None where lines mean nothing)
    that list it, and the depths below the surface (m) of its sensors."""

    station: StationCoordinates
    path: str
    line: int | None = None
    depths_m: tuple[float, ...] = ()

    def where(self, input_path: str) -> str:
        """Where the input ``input_path`` lists the station: the line, after the file's name when the input is a
        folder ("" when neither says more than the input's own name)."""
        parts = [] if self.path == input_path else [os.path.basename(self.path)]
        return " ".join(parts + ([] if self.line is None else [f"line {self.line}"]))


@dataclass(frozen=True)
class StationChange:
    """Stored coordinates of a station replaced: before and after, and the source of each."""

    old: StationCoordinates
    new: StationCoordinates
    old_source: str
    source: str

    def __str__(self) -> str:
        return (f"station {self.new.key} moved from {self.old.place()} ({self.old_source})"
                f" to {self.new.place()} ({self.source})")


def station_key(station_id: str) -> str:
    """NET.STA.LOC of a pick's or record's station id NET.STA.LOC.BAND (missing parts are empty)."""
    return ".".join((station_id.split(".") + ["", "", ""])[:3])


def coordinate_problem(station: StationCoordinates, depths_m: tuple[float, ...] = ()) -> str | None:
    """What is wrong with a station's coordinates, or None when every value is finite and in range; each
    sensor (elevation minus its depth) must lie within the elevation range too."""
    values = [("latitude", station.latitude, LATITUDE_RANGE, "degrees"),
              ("longitude", station.longitude, LONGITUDE_RANGE, "degrees"),
              ("elevation", station.elevation_m, ELEVATION_RANGE_M, "m")]
    values += [(f"sensor depth {depth:g} m puts the sensor at a height of", station.elevation_m - depth,
                ELEVATION_RANGE_M, "m") for depth in depths_m]
    for name, value, (low, high), unit in values:
        if not (math.isfinite(value) and low <= value <= high):
            return f"{name} {value:g} {unit}, outside {low:g} .. {high:g} {unit}"
    return None
