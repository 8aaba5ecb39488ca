"""The network side of a session: station coordinates, and located events (origins) with their arrivals.

The session is the one owner of station coordinates, and one rule decides what it keeps: what the analyst gave
(an inventory, an edit: any source that is not one of the session's archives) wins over what an archive's own
metadata says, so an archive read again never moves a station back; every value is checked before it is stored;
and every change of a stored station's coordinates is returned as a :class:`StationChange`, for the command line
and the window to show.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace

from eqviewer.errors import SessionError
from eqviewer.io import StationChange, StationCoordinates, coordinate_problem, station_key
from eqviewer.labels import Pick
from eqviewer.origins import Arrival, Origin
from eqviewer.review.session_base import ACTIVATE, DEACTIVATE, from_ns, id_ranges, now_ns, to_ns
from eqviewer.review.session_labels import SessionLabels
from eqviewer.review.store import Change


class SessionNetwork(SessionLabels):
    """Stations, and events located from the session's picks."""

    def set_stations(self, stations: Iterable[StationCoordinates], source: str) -> list[StationChange]:
        """Store station coordinates; ``source`` names where they came from. A station the session knows is
        replaced, except that coordinates from one of the session's archives never replace those from any other
        source (what the analyst gave). Station metadata is not an edit: it is not undone.

        Every replaced station whose coordinates differ is returned. SessionError naming the source and station
        when a value is not finite or out of range; then nothing is stored.
        """
        store = self._writable()
        stations = list(stations)
        for station in stations:
            problem = coordinate_problem(station)
            if problem:
                raise SessionError(source, f"station {station.key}: {problem}")
        stored = {row["station_key"]: row for row in store.stations()}
        archives = {row[0] for row in store.archives()}
        rows, changes = [], []
        for s in stations:
            row = stored.get(s.key)
            if row is not None and source in archives and row["source"] not in archives:
                continue  # the analyst's coordinates stand
            if row is not None and _station(row).position() != s.position():
                changes.append(StationChange(_station(row), s, row["source"], source))
            rows.append((s.key, s.latitude, s.longitude, s.elevation_m, ",".join(s.channels), source))
        with store.transaction():
            store.put_stations(rows)
        return changes

    def stations(self) -> dict[str, StationCoordinates]:
        """The stored station coordinates by NET.STA.LOC."""
        return {row["station_key"]: _station(row) for row in self._store.stations()}

    def set_model_fit(self, values: Mapping[str, tuple[float, float | None, int]]) -> None:
        """Store the velocity model fitted to the session's reviewed events in place of an earlier fit: by name
        ("vp/vs", "P NET.STA.LOC", "S NET.STA.LOC"), each value with its spread (None: unknown) and the count it
        came from; empty: no fit. Like station metadata, not an edit (it is not undone)."""
        store = self._writable()
        now = now_ns()
        with store.transaction():
            store.put_model_fit([(name, float(value), spread, int(count), now)
                                 for name, (value, spread, count) in sorted(values.items())])

    def model_fit(self) -> dict[str, tuple[float, float | None, int]]:
        """The stored fitted velocity model (see :meth:`set_model_fit`); empty when none was fitted."""
        return {row["name"]: (row["value"], row["spread"], row["count"]) for row in self._store.model_fit()}

    def replace_events(self, origins: Iterable[Origin], kind: str = "associate", keep: Iterable[int] = ()
                       ) -> list[int]:
        """Store located events with their arrivals in place of every current one except those in ``keep``, as one
        undoable edit; their ids. A new event whose arrivals name the same picks as a current one is stored in its
        place and keeps its id, type and status (re-associating after reviewing some events keeps the others).

        Undo brings the earlier events back; the picks themselves are not changed.
        """
        store = self._writable()
        now = now_ns()
        kept = {int(i) for i in keep}
        with store.transaction():
            by_picks: dict[int, set[int]] = {}
            for row in store.arrivals():
                if row["origin_id"] not in kept:
                    by_picks.setdefault(row["origin_id"], set()).add(row["pick_id"])
            same = {frozenset(picks): origin_id for origin_id, picks in by_picks.items()}
            changes, ids, reused = [], [], set()
            for origin in origins:
                origin_id = same.pop(frozenset(a.pick_id for a in origin.arrivals), None)
                if origin_id is not None:
                    changes += self._relocation_changes(replace(origin, id=origin_id))
                    reused.add(origin_id)
                else:
                    origin_id, added = self._insert_event(origin, now)
                    changes += added
                ids.append(origin_id)
            retired = [i for i in store.active_ids("origin") if i not in kept | reused]
            arrivals = [r["id"] for i in retired for r in store.arrivals(i)]
            changes = [*(Change("arrival", a, b, *DEACTIVATE) for a, b in id_ranges(sorted(arrivals))),
                       *(Change("origin", a, b, *DEACTIVATE) for a, b in id_ranges(retired)), *changes]
            self._edit(kind, changes)
        return ids

    def _relocation_changes(self, origin: Origin) -> list[Change]:
        """The changes that store a new location of the current event ``origin.id`` in place with its arrivals (the
        new arrival rows inserted inactive; inside the caller's transaction). SessionError when there is no such
        event."""
        store = self._store
        rows = store.origins("o.id = ?", (int(origin.id),))
        if not rows:
            raise SessionError(self.path, f"no event {origin.id} (it may have been deleted or re-associated)")
        new = location_values(origin)
        changes = [Change("origin", origin.id, origin.id, {k: rows[0][k] for k in new}, new)]
        old_arrivals = [r["id"] for r in store.arrivals(origin.id)]
        changes += [Change("arrival", a, b, *DEACTIVATE) for a, b in id_ranges(old_arrivals)]
        first, last = store.insert_arrivals(arrival_rows(origin.id, origin.arrivals))
        if last >= first:
            changes.append(Change("arrival", first, last, *ACTIVATE))
        return changes

    def _insert_event(self, origin: Origin, now: int) -> tuple[int, list[Change]]:
        """Insert an event and its arrivals inactive (inside the caller's transaction); its id and the changes that
        switch them on."""
        store = self._store
        origin_id = store.insert_origin(location_values(origin) | {
            "method": origin.method, "velocity_model": origin.velocity_model,
            "author": origin.author or self.author, "created_ns": now, "active": 0,
            "event_type": origin.event_type})
        first, last = store.insert_arrivals(arrival_rows(origin_id, origin.arrivals))
        changes = [Change("origin", origin_id, origin_id, *ACTIVATE)]
        if last >= first:
            changes.append(Change("arrival", first, last, *ACTIVATE))
        return origin_id, changes

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
        """Current P and S picks, not rejected, of stations with coordinates that no current event explains: likely
        noise once an association has run."""
        ids, stations = set(self._store.unassociated_pick_ids()), self.stations()
        return [p for p in self.picks() if p.id in ids and station_key(p.station_id) in stations]

    def picks_without_coordinates(self) -> list[Pick]:
        """Current P and S picks, not rejected, of stations the session has no coordinates of: association leaves
        them out, so they are neither in an event nor likely noise."""
        ids, stations = set(self._store.unassociated_pick_ids()), self.stations()
        return [p for p in self.picks() if p.id in ids and station_key(p.station_id) not in stations]


def location_values(origin: Origin) -> dict:
    """The origin columns a location sets (what relocating an event changes in place), the velocity model too."""
    return {"time_ns": to_ns(origin.time), "latitude": origin.latitude, "longitude": origin.longitude,
            "depth_km": origin.depth_km, "time_error_s": origin.time_error_s,
            "horizontal_error_km": origin.horizontal_error_km, "depth_error_km": origin.depth_error_km,
            "rms_s": origin.rms_s, "n_picks": origin.n_picks, "depth_fixed": int(origin.depth_fixed),
            "azimuthal_gap_deg": origin.azimuthal_gap_deg, "velocity_model": origin.velocity_model}


def arrival_rows(origin_id: int, arrivals: Iterable[Arrival]) -> Iterator[tuple]:
    """Inactive arrival rows (ARRIVAL_COLUMNS without id) of an origin, for its edit to switch on."""
    return ((origin_id, a.pick_id, a.phase, a.residual_s, a.distance_km, a.azimuth_deg, 0, int(a.used), a.weight)
            for a in arrivals)


def _origin_from_row(row: dict, arrivals: list[Arrival]) -> Origin:
    return Origin(
        time=from_ns(row["time_ns"]), latitude=row["latitude"], longitude=row["longitude"], depth_km=row["depth_km"],
        time_error_s=row["time_error_s"], horizontal_error_km=row["horizontal_error_km"],
        depth_error_km=row["depth_error_km"], rms_s=row["rms_s"], method=row["method"],
        velocity_model=row["velocity_model"], arrivals=tuple(arrivals), author=row["author"], id=row["id"],
        depth_fixed=bool(row["depth_fixed"]), azimuthal_gap_deg=row["azimuthal_gap_deg"],
        event_type=row["event_type"], evaluation_status=row["evaluation_status"],
    )


def _station(row: dict) -> StationCoordinates:
    """The coordinates a station row holds (its channel codes comma-separated)."""
    return StationCoordinates(row["station_key"], row["latitude"], row["longitude"], row["elevation_m"],
                              tuple(filter(None, row["channels"].split(","))))


def _arrival_from_row(row: dict) -> Arrival:
    return Arrival(pick_id=row["pick_id"], phase=row["phase"], residual_s=row["residual_s"],
                   distance_km=row["distance_km"], azimuth_deg=row["azimuth_deg"], used=bool(row["used"]),
                   weight=row["weight"])
