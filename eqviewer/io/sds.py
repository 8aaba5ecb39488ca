"""An SDS archive (SeisComP Data Structure, ``ROOT/YEAR/NET/STA/CHAN.TYPE/NET.STA.LOC.CHAN.TYPE.YEAR.DOY``).

One item per 3-C station (NET.STA.LOC.BAND) spanning the days the archive holds, cut to the source's
``start``/``end``. Reading goes through ObsPy's SDS client, so a time slice (``read(item, t1, t2)``) reads
only the day files it needs: that is how a station-month is processed in bounded memory.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict

from obspy import Stream, UTCDateTime
from obspy.clients.filesystem.sds import Client

from eqviewer.errors import ArchiveError, NoDataError
from eqviewer.io.channels import band_of, component_of, station_id_of
from eqviewer.io.obspy_files import read_file
from eqviewer.io.paths import check_readable
from eqviewer.io.record import Record
from eqviewer.io.source import Item, Source
from eqviewer.io.stream_record import stream_to_record

DAY_FILE = re.compile(r"^([^.]*)\.([^.]*)\.([^.]*)\.([^.]*)\.([A-Z])\.(\d{4})\.(\d{3})$")
YEAR_DIR = re.compile(r"^\d{4}$")
DAY_S = 86400.0


class SdsSource(Source):
    """An SDS archive root; ``start``/``end`` restrict the time range listed and read."""

    format = "sds"
    items_are_traces = False  # an item spans many day files; their traces are checked when read

    @classmethod
    def sniff(cls, path: str) -> bool:
        """Whether ``path`` is a folder whose sub-folders are years holding NET/STA/CHAN.TYPE folders."""
        if not os.path.isdir(path):
            return False
        years = [d for d in os.listdir(path) if YEAR_DIR.match(d) and os.path.isdir(os.path.join(path, d))]
        return bool(years)

    def __init__(self, path: str | os.PathLike, **options):
        super().__init__(path, **options)
        check_readable(self.path)
        self._client = Client(self.path)

    def _day_files(self) -> dict[tuple[str, str, str, str], list[tuple[UTCDateTime, str]]]:
        found: dict[tuple[str, str, str, str], list[tuple[UTCDateTime, str]]] = defaultdict(list)
        for root, dirs, files in os.walk(self.path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                match = DAY_FILE.match(name)
                if match:
                    net, sta, loc, cha, _type, year, doy = match.groups()
                    day = UTCDateTime(year=int(year), julday=int(doy))
                    found[(net, sta, loc, cha)].append((day, os.path.join(root, name)))
        return found

    def _list(self) -> list[Item]:
        by_station: dict[str, dict] = defaultdict(lambda: {"channels": set(), "unused": set(), "days": [], "files": []})
        for (net, sta, loc, cha), days in self._day_files().items():
            entry = by_station[station_id_of(net, sta, loc, cha)]
            if component_of(cha) is None:
                entry["unused"].add(f"{net}.{sta}.{loc}.{cha}")
                continue
            entry["channels"].add(f"{net}.{sta}.{loc}.{cha}")
            entry["days"].extend(day for day, _ in days)
            entry["files"].extend(path for _, path in days)
        items = []
        for station_id, entry in sorted(by_station.items()):
            if not entry["channels"]:
                self.unused_channels.update(entry["unused"])
                continue
            start = min(entry["days"])
            end = max(entry["days"]) + DAY_S
            if self.start is not None:
                start = max(start, self.start)
            if self.end is not None:
                end = min(end, self.end)
            if end <= start:
                continue
            header = read_file(sorted(entry["files"])[0], headonly=True)[0].stats
            rate = float(header.sampling_rate)
            items.append(
                Item(
                    key=station_id,
                    station_id=station_id,
                    start=start,
                    sampling_rate=rate,
                    n_samples=int(round((end - start) * rate)),
                    extra={"channels": sorted(entry["channels"]), "unused_channels": sorted(entry["unused"])},
                )
            )
        if not items:
            raise ArchiveError(self.path, "holds no SDS day files (YEAR/NET/STA/CHAN.TYPE/NET.STA.LOC.CHAN.TYPE.YEAR.DOY)"
                               + ("" if self.start is None and self.end is None else " in the time range"))
        return items

    def _read(self, item: Item, starttime: UTCDateTime | None, endtime: UTCDateTime | None) -> Record:
        starttime = item.start if starttime is None else max(starttime, item.start)
        endtime = item.end if endtime is None else min(endtime, item.end)
        net, sta, loc, band = item.station_id.split(".")
        stream = Stream()
        for channel_id in item.extra["channels"]:
            channel = channel_id.split(".")[3]
            if band_of(channel) == band:
                stream += self._client.get_waveforms(net, sta, loc, channel, starttime, endtime)
        if not stream:
            raise NoDataError(self.path, f"{item.station_id} has no data between {starttime} and {endtime}")
        record = stream_to_record(stream, self.ref(item), starttime=starttime, endtime=endtime)
        record.metadata["unused_channels"] = item.extra["unused_channels"]
        return record
