"""The magnitude side of a session: where each station's metadata came from (so responses can be read from it when
needed), and the amplitudes and local magnitude of each located event.

Amplitudes and magnitudes are derived values, not edits: measuring an event again replaces them, and they belong to
the origin they were measured for (an association that replaces the events leaves them with the retired origins,
so undoing it brings them back). Recomputing them after a relocation (:meth:`SessionAmplitudes.revise_magnitude`)
joins the relocation's edit, so undoing the relocation takes the recomputed magnitude back too.
"""

from __future__ import annotations

from collections.abc import Sequence

from eqviewer.magnitudes import Amplitude, Magnitude
from eqviewer.review.session_base import from_ns, now_ns, to_ns
from eqviewer.review.session_network import SessionNetwork
from eqviewer.review.store import Change


class SessionAmplitudes(SessionNetwork):
    """Station metadata sources, and the amplitudes and magnitudes of events."""

    def station_sources(self) -> dict[str, str]:
        """Where each station's stored coordinates came from (an inventory file or folder, or an archive), by
        NET.STA.LOC: the file to read its instrument response from."""
        return {row["station_key"]: row["source"] for row in self._store.stations()}

    def set_magnitude(self, origin_id: int, amplitudes: Sequence[Amplitude], magnitude: Magnitude | None) -> None:
        """Replace the amplitudes and magnitude of the event ``origin_id`` (None: it has no magnitude)."""
        store = self._writable()
        now = now_ns()
        rows = [(origin_id, a.station_key, a.waveform_id, a.amplitude_m, a.period_s, to_ns(a.time),
                 to_ns(a.window_start), to_ns(a.window_end), a.distance_km, a.status, a.station_magnitude,
                 a.correction, int(a.used), now) for a in amplitudes]
        row = None if magnitude is None else (origin_id, magnitude.kind, magnitude.value, magnitude.uncertainty,
                                              magnitude.station_count, magnitude.method, now)
        with store.transaction():
            store.put_magnitude(origin_id, rows, row)

    def revise_magnitude(self, origin_id: int, amplitudes: Sequence[Amplitude], magnitude: Magnitude) -> None:
        """Store an event's magnitude recomputed after a relocation: the stored ``amplitudes`` (by id) with their
        new distances, station magnitudes and use, and the event's new value. It joins the newest edit in force
        (the relocation), so undoing that takes the old values back; an edit of its own when there is none."""
        store = self._writable()
        with store.transaction():
            stored = {r["id"]: r for r in store.amplitudes(origin_id)}
            changes = []
            for amplitude in amplitudes:
                row = stored.get(amplitude.id)
                new = {"distance_km": amplitude.distance_km, "station_magnitude": amplitude.station_magnitude,
                       "used": int(amplitude.used)}
                old = {k: row[k] for k in new} if row is not None else None
                if old is not None and old != new:
                    changes.append(Change("amplitude", amplitude.id, amplitude.id, old, new))
            row = store.magnitude(origin_id)
            if row is not None:
                new = {"value": magnitude.value, "uncertainty": magnitude.uncertainty,
                       "station_count": magnitude.station_count}
                old = {k: row[k] for k in new}
                if old != new:
                    changes.append(Change("magnitude", origin_id, origin_id, old, new))
            newest = store.last_edit("done", self._undo_author)
            if not changes:
                return
            if newest is not None:
                store.extend_edit(newest, changes)
            else:
                self._edit("recompute magnitude", changes)

    def review_amplitudes(self, kind: str, origin_id: int, amplitudes: Sequence[Amplitude],
                          magnitude: Magnitude) -> None:
        """One undoable edit ``kind`` of an event's amplitudes by the analyst (a window moved, a peak re-picked,
        an amplitude accepted, rejected or its station excluded): the stored ``amplitudes`` (by id) take their new
        values, and the event's magnitude its recomputed ones."""
        store = self._writable()
        with store.transaction():
            stored = {r["id"]: r for r in store.amplitudes(origin_id)}
            changes = []
            for amplitude in amplitudes:
                new = {"waveform_id": amplitude.waveform_id, "amplitude_m": amplitude.amplitude_m,
                       "period_s": amplitude.period_s, "time_ns": to_ns(amplitude.time),
                       "window_start_ns": to_ns(amplitude.window_start), "window_end_ns": to_ns(amplitude.window_end),
                       "status": amplitude.status, "station_magnitude": amplitude.station_magnitude,
                       "used": int(amplitude.used)}
                old = {k: stored[amplitude.id][k] for k in new}
                if old != new:
                    changes.append(Change("amplitude", amplitude.id, amplitude.id, old, new))
            row = store.magnitude(origin_id)
            new = {"value": magnitude.value, "uncertainty": magnitude.uncertainty,
                   "station_count": magnitude.station_count}
            if row is not None and {k: row[k] for k in new} != new:
                changes.append(Change("magnitude", origin_id, origin_id, {k: row[k] for k in new}, new))
            if changes:
                self._edit(kind, changes)

    def amplitudes(self, origin_id: int) -> list[Amplitude]:
        """The amplitudes stored for the event ``origin_id``, by station."""
        return [Amplitude(r["station_key"], r["waveform_id"], r["amplitude_m"], r["period_s"], from_ns(r["time_ns"]),
                          from_ns(r["window_start_ns"]), from_ns(r["window_end_ns"]), r["distance_km"], r["status"],
                          r["station_magnitude"], r["correction"], bool(r["used"]), r["id"])
                for r in self._store.amplitudes(origin_id)]

    def magnitude(self, origin_id: int) -> Magnitude | None:
        """The magnitude stored for the event ``origin_id``, or None."""
        row = self._store.magnitude(origin_id)
        if row is None:
            return None
        return Magnitude(row["value"], row["uncertainty"], row["station_count"], row["method"], row["kind"])
