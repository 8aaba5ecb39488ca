"""Labelled training windows in memory, served as an io source, so that the detection engine (and everything built on
it: evaluation, threshold fitting) runs on a validation split exactly as on an archive."""

from __future__ import annotations

import numpy as np
from obspy import UTCDateTime

from eqviewer.io import SAMPLING_RATE, Item, Record, Source
from eqviewer.labels import Pick
from eqviewer.train.windows import LabelledWindows

SPACING_S = 3600.0
"""Window i starts at i hours after the epoch: distinct times, no overlap."""


class WindowsSource(Source):
    """The windows of a :class:`LabelledWindows` as items "0", "1", ... with their reviewed picks as manual labels
    and their class as the category."""

    format = "memory"

    def __init__(self, windows: LabelledWindows, name: str = "validation"):
        super().__init__(name)
        self.windows = windows

    def _list(self) -> list[Item]:
        items = []
        for i in range(len(self.windows)):
            start = UTCDateTime(i * SPACING_S)
            station = self.windows.station_ids[i] if self.windows.station_ids else ""
            labels = [
                Pick(station, phase, start + float(sample) / SAMPLING_RATE, record=f"{self.path}#{i}", status="manual")
                for phase, samples in (("P", self.windows.p_samples[i]), ("S", self.windows.s_samples[i]))
                for sample in np.asarray(samples, dtype=float)
            ]
            category = "earthquake" if self.windows.is_earthquake[i] else "noise"
            n = int(self.windows.waveforms.shape[2])
            items.append(Item(str(i), station, start, SAMPLING_RATE, n, category, labels))
        return items

    def _read(self, item: Item, starttime, endtime) -> Record:
        data = np.asarray(self.windows.waveforms[int(item.key)], dtype=np.float32)
        return Record(data, item.start, item.station_id, self.ref(item), labels=list(item.labels),
                      category=item.category)
