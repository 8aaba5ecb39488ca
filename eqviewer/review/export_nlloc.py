"""NonLinLoc observation export: ObsPy's NLLOC_OBS writer, one block per event (the QuakeML export's events:
located ones and, for reviewed picks none explains, those grouped by time), blocks separated by a blank line.

Every pick carries its one-sigma error as a Gaussian uncertainty, so NonLinLoc can weight it: the pick's own
uncertainty, or :data:`eqviewer.labels.DEFAULT_UNCERTAINTY_S` where it states none. A block of a located event
starts with a comment line (NonLinLoc skips lines starting with "#") giving its origin and, where measured, its
magnitude: ``# event <id>: origin <time> <lat> <lon> <depth> km, ML 2.31 (6 stations)``.
"""

from __future__ import annotations

import io

from obspy.core.event import Catalog, Pick as ObsPyPick

from eqviewer.atomic_files import atomic_output
from eqviewer.io import check_nlloc_field
from eqviewer.labels import DEFAULT_UNCERTAINTY_S
from eqviewer.review.export_quakeml import build_catalog


def export(session, out_path, statuses: tuple[str, ...]) -> int:
    """Write the picks as NonLinLoc phase lines; the number of picks.

    The file is UTF-8: station codes outside ASCII ("Søndre") are written as their UTF-8 bytes, which NonLinLoc
    matches byte for byte against its station list. A station code, component or phase that a phase line cannot
    hold (empty, with whitespace or a control character, too long: :func:`eqviewer.io.text_fields.check_nlloc_field`)
    stops the export with an ExportError naming the pick, and nothing is written.
    """
    catalog = build_catalog(session, statuses)
    blocks = []
    for event in catalog:
        for pick in event.picks:
            _check_fields(out_path, pick)
            if not pick.time_errors.uncertainty:
                pick.time_errors.uncertainty = DEFAULT_UNCERTAINTY_S
        buffer = io.BytesIO()
        Catalog([event]).write(buffer, format="NLLOC_OBS")
        blocks.append(_summary(event) + buffer.getvalue().decode("utf-8"))
    with atomic_output(out_path) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        handle.write("\n".join(blocks))
    return sum(len(event.picks) for event in catalog)


def _check_fields(out_path, pick: ObsPyPick) -> None:
    """ExportError unless the pick's station code, component (where known: ObsPy writes "?" for an unknown one)
    and phase can be fields of a phase line."""
    stream = pick.waveform_id
    where = f"pick {pick.resource_id} at {pick.time} on {stream.get_seed_string()!r}"
    check_nlloc_field(out_path, "station code", stream.station_code or "", where)
    if stream.channel_code:
        check_nlloc_field(out_path, "component", stream.channel_code, where)
    check_nlloc_field(out_path, "phase", pick.phase_hint or "", where)


def _summary(event) -> str:
    """The comment line that opens a located event's block ("" for picks no origin explains)."""
    origin = event.preferred_origin() or (event.origins[0] if event.origins else None)
    if origin is None:
        return ""
    depth = f"{origin.depth / 1000:.2f} km" if origin.depth is not None else "depth unknown"
    text = f"# event {str(event.resource_id).rsplit('/', 1)[-1]}: origin {origin.time} {origin.latitude:.4f} " \
           f"{origin.longitude:.4f} {depth}"
    magnitude = event.preferred_magnitude() or (event.magnitudes[0] if event.magnitudes else None)
    if magnitude is not None and magnitude.mag is not None:
        count = magnitude.station_count
        text += f", {magnitude.magnitude_type or 'M'} {magnitude.mag:.2f}" + (f" ({count} stations)" if count else "")
    return text + "\n"
