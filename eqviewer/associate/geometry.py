"""The network's local geometry: a transverse Mercator projection centred on the stations (km east and north),
and epicentral distances and azimuths."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from pyproj import CRS, Geod, Transformer

from eqviewer.io import StationCoordinates


_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class LocalProjection:
    """Kilometres east (x) and north (y) of the centre of a set of stations, and back."""

    latitude0: float
    longitude0: float

    @classmethod
    def centred_on(cls, stations: list[StationCoordinates]) -> "LocalProjection":
        """The projection centred on the middle of the stations' extent."""
        lat = [s.latitude for s in stations]
        lon = [s.longitude for s in stations]
        return cls((min(lat) + max(lat)) / 2, (min(lon) + max(lon)) / 2)

    def _transformer(self) -> Transformer:
        return _transformer(self.latitude0, self.longitude0)

    def to_xy(self, latitude, longitude) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) in km of geographic coordinates (arrays or scalars)."""
        x, y = self._transformer().transform(np.asarray(longitude, float), np.asarray(latitude, float))
        return np.asarray(x), np.asarray(y)

    def to_latlon(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """(latitude, longitude) of local (x, y) in km."""
        lon, lat = self._transformer().transform(np.asarray(x, float), np.asarray(y, float), direction="INVERSE")
        return np.asarray(lat), np.asarray(lon)


@lru_cache(maxsize=16)
def _transformer(latitude0: float, longitude0: float) -> Transformer:
    """The projection's transformer (making one takes ~0.1 s: it is made once per centre)."""
    local = CRS(f"+proj=tmerc +lat_0={latitude0} +lon_0={longitude0} +units=km +ellps=WGS84")
    return Transformer.from_crs(CRS.from_epsg(4326), local, always_xy=True)


def distances_azimuths(latitude: float, longitude: float,
                       stations: list[StationCoordinates]) -> tuple[np.ndarray, np.ndarray]:
    """Epicentral distances (km, on the WGS84 ellipsoid) and azimuths from the epicentre to each station
    (degrees, 0-360), all at once."""
    if not stations:
        return np.zeros(0), np.zeros(0)
    n = len(stations)
    azimuth, _, metres = _GEOD.inv(np.full(n, longitude), np.full(n, latitude),
                                   np.array([s.longitude for s in stations]), np.array([s.latitude for s in stations]))
    return np.asarray(metres) / 1000.0, np.mod(np.asarray(azimuth), 360.0)


def azimuthal_gap(azimuths: list[float]) -> float | None:
    """The largest gap (degrees) between azimuths from an epicentre to its stations (None without any)."""
    if not azimuths:
        return None
    ordered = np.sort(np.mod(azimuths, 360.0))
    return float(np.max(np.diff(np.append(ordered, ordered[0] + 360.0))))
