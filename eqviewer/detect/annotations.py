"""What the detector returns for one record: stitched curves, picks and detections."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from obspy import UTCDateTime

from eqviewer.labels import Pick, WindowLabel

# Names of the stitched curves; attention maps are added as "att:<map name>" (e.g. "att:p_att1").
DETECTION_CURVE = "det"
P_CURVE = "P"
S_CURVE = "S"
ATTENTION_PREFIX = "att:"


@dataclass
class Detection:
    """An interval where the detection probability exceeds its threshold, with the picks inside it."""

    start: UTCDateTime
    end: UTCDateTime
    probability: float
    picks: list[Pick] = field(default_factory=list)


@dataclass
class Annotations:
    """The detector's output for one record (or one time slice of it).

    ``curves`` hold float32 arrays at ``sampling_rate`` starting at ``start``: "det" (classifier P(earthquake)),
    "P", "S", and "att:<name>" for each attention map when asked for. A sample no window ran on is 0.
    ``picks`` are automatic :class:`~eqviewer.labels.Pick` objects, sorted by time. ``n_windows`` counts the picker
    windows run, ``n_windows_total`` those a full run would have run. ``info`` records how the run was made
    (model, settings, first pass, whether it was cancelled).
    """

    record: str
    station_id: str
    start: UTCDateTime
    sampling_rate: float
    curves: dict[str, np.ndarray]
    picks: list[Pick]
    detections: list[Detection]
    n_windows: int = 0
    n_windows_total: int = 0
    info: dict = field(default_factory=dict)

    def window_labels(self) -> list[WindowLabel]:
        """The detections as automatic "earthquake" window labels (for a review session)."""
        return [
            WindowLabel(
                record=self.record,
                category="earthquake",
                status="automatic",
                station_id=self.station_id,
                start=detection.start,
                end=detection.end,
                probability=detection.probability,
                model=self.info.get("model"),
            )
            for detection in self.detections
        ]
