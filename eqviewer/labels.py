"""The label types shared by every package: one pick type and one window label type.

Automatic picks (from the model), picks an archive already holds, and picks an analyst makes or corrects are
all :class:`Pick`; they differ only in ``status`` and provenance. Times are ObsPy ``UTCDateTime`` (UTC,
sub-sample precision).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from obspy import UTCDateTime

PICK_STATUSES = ("automatic", "accepted", "corrected", "rejected", "manual")
REVIEWED_STATUSES = ("accepted", "corrected", "manual")
ONSETS = ("impulsive", "emergent", "questionable")
POLARITIES = ("positive", "negative", "undecidable")
CATEGORIES = ("earthquake", "noise", "unsure")
# One-sigma timing error assumed for a pick that states none (location weights, NonLinLoc and QuakeML exports).
DEFAULT_UNCERTAINTY_S = 0.1


@dataclass
class Pick:
    """A phase arrival on one station.

    ``record`` is the string form of the :class:`eqviewer.io.record.ItemRef` of the record the pick belongs to.
    ``origin_id`` links a corrected pick to the automatic pick it replaced (the store's id), ``model`` names the
    model and weights version that made an automatic pick. ``id`` is assigned by the review store.
    """

    station_id: str
    phase: str
    time: UTCDateTime
    record: str = ""
    probability: float | None = None
    uncertainty_s: float | None = None
    onset: str | None = None
    polarity: str | None = None
    status: str = "automatic"
    origin_id: int | None = None
    model: str | None = None
    author: str | None = None
    created: UTCDateTime | None = None
    modified: UTCDateTime | None = None
    id: int | None = None

    def with_changes(self, **changes) -> "Pick":
        """A copy of this pick with some fields changed."""
        return replace(self, **changes)


@dataclass
class WindowLabel:
    """A record or window labelled earthquake, noise or unsure, with the same provenance as a pick.

    ``start``/``end`` bound the labelled interval (None: the whole record).
    """

    record: str
    category: str
    status: str = "manual"
    station_id: str = ""
    start: UTCDateTime | None = None
    end: UTCDateTime | None = None
    probability: float | None = None
    model: str | None = None
    author: str | None = None
    created: UTCDateTime | None = None
    modified: UTCDateTime | None = None
    id: int | None = None
    extra: dict = field(default_factory=dict)
