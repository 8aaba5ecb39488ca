"""Writing automatic picks to CSV or QuakeML, through a temporary file renamed into place."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TextIO

from eqviewer.atomic_files import PendingOutput
from eqviewer.errors import ExportError
from eqviewer.io import csv_text, csv_writer, quakeml_id, write_quakeml
from eqviewer.labels import Pick

CSV_COLUMNS = ("station_id", "phase", "time", "probability", "uncertainty_s", "model", "record")
FORMATS = {".csv": "csv", ".xml": "quakeml", ".qml": "quakeml", ".quakeml": "quakeml"}


def format_of(path: str | os.PathLike) -> str:
    """"csv" or "quakeml" from the file name's extension; ExportError for anything else."""
    extension = os.path.splitext(os.fspath(path))[1].lower()
    if extension not in FORMATS:
        raise ExportError(path, f"unknown output format {extension or '(none)'}; use .csv or .xml (QuakeML)")
    return FORMATS[extension]


def csv_row(pick: Pick) -> list[str]:
    """One CSV row: time as ISO 8601 UTC with microseconds and a Z; text cells by :func:`csv_text`."""
    return [
        csv_text(pick.station_id),
        csv_text(pick.phase),
        pick.time.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "" if pick.probability is None else f"{pick.probability:.4f}",
        "" if pick.uncertainty_s is None else f"{pick.uncertainty_s:.3f}",
        csv_text(pick.model),
        csv_text(pick.record),
    ]


class PickWriter:
    """Collects picks and writes them to ``path`` (CSV rows as they come; QuakeML at the end).

    Nothing appears at ``path`` until :meth:`close`, which renames the finished temporary file into place
    (also after an interruption, so the picks found so far are kept). ``path`` "-" writes CSV to ``stream``.
    """

    def __init__(self, path: str | os.PathLike, stream: TextIO | None = None):
        self.path = os.fspath(path)
        self.format = "csv" if self.path == "-" else format_of(self.path)
        self.count = 0
        self._picks: list[Pick] = []
        self._pending: PendingOutput | None = None
        if self.path == "-":
            self._file = stream
        else:
            self._pending = PendingOutput(self.path)
            try:
                self._file = open(self._pending.tmp, "w", newline="", encoding="utf-8")
            except OSError as exc:
                self._pending.discard()
                raise ExportError(self.path, f"cannot write here: {exc.strerror or exc}") from None
        self._csv = csv_writer(self._file) if self.format == "csv" else None
        if self._csv is not None:
            self._writing(lambda: self._csv.writerow(CSV_COLUMNS))

    def _writing(self, action) -> None:
        """Run a write; an OSError (a full disk) removes the temporary file and becomes an ExportError. A broken
        pipe on ``stream`` (its reader went away: ``| head``) is no error of the output and stays a BrokenPipeError,
        which the command line ends with status 141."""
        try:
            action()
        except OSError as exc:
            if isinstance(exc, BrokenPipeError) and self._pending is None:
                raise
            self.discard()
            raise ExportError(self.path, f"cannot write: {exc.strerror or exc}") from exc

    def write(self, picks: Iterable[Pick]) -> None:
        """Add picks (CSV rows are flushed at once)."""
        def write_rows() -> None:
            for pick in picks:
                self.count += 1
                if self._csv is not None:
                    self._csv.writerow(csv_row(pick))
                else:
                    self._picks.append(pick)
            self._file.flush()

        self._writing(write_rows)

    def close(self) -> None:
        """Finish the file and move it into place."""
        def finish() -> None:
            if self.path != "-":
                self._file.close()
            if self.format == "quakeml":
                write_quakeml(quakeml_catalog(self._picks), self._pending.tmp)

        self._writing(finish)
        if self._pending is not None:
            self._pending.commit()
            self._pending = None

    def discard(self) -> None:
        """Remove the temporary file without touching ``path`` (after an error)."""
        if self._pending is not None:
            try:
                self._file.close()
            except OSError:
                pass  # the disk is full: the file goes anyway
            self._pending.discard()
            self._pending = None


def quakeml_catalog(picks: list[Pick]):
    """An ObsPy Catalog with one Event per record holding its picks (evaluation mode automatic, method_id naming
    the model and weights, time_errors the half-height width, probability in a comment)."""
    from obspy.core.event import Catalog, Comment, CreationInfo, Event, QuantityError, ResourceIdentifier
    from obspy.core.event import Pick as QmlPick
    from obspy.core.event import WaveformStreamID

    catalog = Catalog(description="automatic picks by eqviewer")
    events: dict[str, Event] = {}
    for pick in picks:
        event = events.get(pick.record)
        if event is None:
            event = events[pick.record] = Event(event_type="not reported")
            event.comments.append(Comment(text=f"record {pick.record}"))
            catalog.events.append(event)
        network, station, location, band = (pick.station_id.split(".") + ["", "", "", ""])[:4]
        component = "Z" if pick.phase == "P" else "N"
        event.picks.append(
            QmlPick(
                time=pick.time,
                time_errors=QuantityError(uncertainty=pick.uncertainty_s),
                waveform_id=WaveformStreamID(network, station, location, f"{band}{component}" if band else None),
                phase_hint=pick.phase,
                evaluation_mode="automatic",
                evaluation_status="preliminary",
                method_id=ResourceIdentifier(quakeml_id("model", pick.model or "unknown")),
                creation_info=CreationInfo(agency_id="eqviewer"),
                comments=[Comment(text=f"probability={pick.probability}")] if pick.probability is not None else [],
            )
        )
    return catalog
