"""The event types shared by every package: a located event (:class:`Origin`) and the picks it explains
(:class:`Arrival`), as association makes them and the review session stores them."""

from __future__ import annotations

from dataclasses import dataclass, field

from obspy import UTCDateTime


@dataclass(frozen=True)
class Arrival:
    """One pick explained by an origin: its phase, travel-time residual (observed - predicted, s), the
    epicentral distance (km) and source-to-station azimuth (degrees) of its station, whether the location uses it
    (``used`` False: the analyst excluded it, the pick itself stands) and its weight there (0 when not used)."""

    pick_id: int
    phase: str
    residual_s: float | None = None
    distance_km: float | None = None
    azimuth_deg: float | None = None
    used: bool = True
    weight: float | None = None


@dataclass(frozen=True)
class Origin:
    """A located event: time, epicentre (degrees), depth (km below sea level), one-sigma errors, the RMS of its
    residuals, how it was made (``method``, ``velocity_model``) and its arrivals. ``id`` is the session's.
    ``depth_fixed``: the depth was held, not solved for (it has no error then); ``azimuthal_gap_deg``: the largest
    gap between the azimuths of the used stations; ``event_type``: the QuakeML event type the analyst set (None:
    not set); ``evaluation_status``: its QuakeML evaluation status ("final" once the analyst committed it; None:
    not set)."""

    time: UTCDateTime
    latitude: float
    longitude: float
    depth_km: float
    time_error_s: float | None = None
    horizontal_error_km: float | None = None
    depth_error_km: float | None = None
    rms_s: float | None = None
    method: str = ""
    velocity_model: str = ""
    arrivals: tuple[Arrival, ...] = field(default=())
    author: str | None = None
    id: int | None = None
    depth_fixed: bool = False
    azimuthal_gap_deg: float | None = None
    event_type: str | None = None
    evaluation_status: str | None = None

    @property
    def committed(self) -> bool:
        """Whether the analyst committed the event (its evaluation status is "final")."""
        return self.evaluation_status == "final"

    @property
    def n_picks(self) -> int:
        """How many picks the origin explains."""
        return len(self.arrivals)

    @property
    def used_arrivals(self) -> tuple[Arrival, ...]:
        """The arrivals the location uses: not excluded by the analyst, and not of zero weight (a rejected pick)."""
        return tuple(a for a in self.arrivals if a.used and a.weight != 0)
