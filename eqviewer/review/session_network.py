"""The network side of a session: station coordinates, and located events (origins) with their arrivals."""

from __future__ import annotations

from collections.abc import Iterable

from eqviewer.io.inventory import StationCoordinates
from eqviewer.labels import Pick
from eqviewer.origins import Arrival, Origin
from eqviewer.review.session_base import ACTIVATE, DEACTIVATE, from_ns, id_ranges, now_ns, to_ns
from eqviewer.review.session_labels import SessionLabels
from eqviewer.review.store import Change


class SessionNetwork(SessionLabels):
    """Stations, and events located from the session's picks."""

    def set_stations(self, stations: Iterable[StationCoordinates], source: str) -> int:
        """Store station coordinates (replacing those of the same NET.STA.LOC); ``source`` names where they came
        from. Station metadata is not an edit: it is not undone. How many stations were stored."""
        store = self._writable()
        rows = [(s.key, s.latitude, s.longitude, s.elevation_m, ",".join(s.channels), source) for s in stations]
        with store.transaction():
            store.put_stations(rows)
        return len(rows)

    def stations(self) -> dict[str, StationCoordinates]:
        """The stored station coordinates by NET.STA.LOC."""
        return {row["station_key"]: StationCoordinates(row["station_key"], row["latitude"], row["longitude"],
                                                       row["elevation_m"], _channels(row["channels"]))
                for row in self._store.stations()}

    def replace_events(self, origins: Iterable[Origin], kind: str = "associate") -> list[int]:
        """Store located events with their arrivals in place of every current one, as one undoable edit; their ids.

        Undo brings the earlier events back; the picks themselves are not changed.
        """
        store = self._writable()
        now = now_ns()
        with store.transaction():
            changes = [Change(table, first, last, *DEACTIVATE)
                       for table in ("arrival", "origin") for first, last in id_ranges(store.active_ids(table))]
            ids = []
            for origin in origins:
                origin_id = store.insert_origin({
                    "time_ns": to_ns(origin.time), "latitude": origin.latitude, "longitude": origin.longitude,
                    "depth_km": origin.depth_km, "time_error_s": origin.time_error_s,
                    "horizontal_error_km": origin.horizontal_error_km, "depth_error_km": origin.depth_error_km,
                    "rms_s": origin.rms_s, "n_picks": origin.n_picks, "method": origin.method,
                    "velocity_model": origin.velocity_model, "author": origin.author or self.author,
                    "created_ns": now, "active": 0})
                first, last = store.insert_arrivals(
                    (origin_id, a.pick_id, a.phase, a.residual_s, a.distance_km, a.azimuth_deg, 0)
                    for a in origin.arrivals)
                changes.append(Change("origin", origin_id, origin_id, *ACTIVATE))
                if last >= first:
                    changes.append(Change("arrival", first, last, *ACTIVATE))
                ids.append(origin_id)
            self._edit(kind, changes)
        return ids

    def events(self) -> list[Origin]:
        """The current located events in time order, each with its arrivals."""
        by_origin: dict[int, list[Arrival]] = {}
        for row in self._store.arrivals():
            by_origin.setdefault(row["origin_id"], []).append(_arrival_from_row(row))
        return [_origin_from_row(row, by_origin.get(row["id"], [])) for row in self._store.origins()]

    def event(self, origin_id: int) -> Origin | None:
        """One current located event by id, with its arrivals (None when there is none with that id)."""
        rows = self._store.origins("o.id = ?", (int(origin_id),))
        if not rows:
            return None
        return _origin_from_row(rows[0], [_arrival_from_row(r) for r in self._store.arrivals(int(origin_id))])

    def event_of_picks(self) -> dict[int, int]:
        """The current event id of every associated pick, by pick id."""
        return {row["pick_id"]: row["origin_id"] for row in self._store.arrivals()}

    def unassociated_picks(self) -> list[Pick]:
        """Current P and S picks, not rejected, that no current event explains: likely noise once an association
        has run."""
        ids = set(self._store.unassociated_pick_ids())
        return [p for p in self.picks() if p.id in ids]


def _origin_from_row(row: dict, arrivals: list[Arrival]) -> Origin:
    return Origin(
        time=from_ns(row["time_ns"]), latitude=row["latitude"], longitude=row["longitude"], depth_km=row["depth_km"],
        time_error_s=row["time_error_s"], horizontal_error_km=row["horizontal_error_km"],
        depth_error_km=row["depth_error_km"], rms_s=row["rms_s"], method=row["method"],
        velocity_model=row["velocity_model"], arrivals=tuple(arrivals), author=row["author"], id=row["id"],
    )


def _channels(joined: str) -> tuple[str, ...]:
    """The channel codes a station row holds, comma-separated."""
    return tuple(filter(None, joined.split(",")))


def _arrival_from_row(row: dict) -> Arrival:
    return Arrival(pick_id=row["pick_id"], phase=row["phase"], residual_s=row["residual_s"],
                   distance_km=row["distance_km"], azimuth_deg=row["azimuth_deg"])
