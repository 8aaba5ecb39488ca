"""NonLinLoc observation export: ObsPy's NLLOC_OBS writer, one block per event, blocks separated by a blank line."""

from __future__ import annotations

import io
import warnings

from obspy.core.event import Catalog

from eqviewer.atomic_files import atomic_output
from eqviewer.review.export_quakeml import build_catalog


def export(session, out_path, statuses: tuple[str, ...]) -> int:
    """Write the picks as NonLinLoc phase lines (a missing uncertainty is written as 0.0); the number of picks.

    The file is UTF-8: station codes outside ASCII ("Søndre") are written as their UTF-8 bytes, which NonLinLoc
    matches byte for byte against its station list.
    """
    catalog = build_catalog(session, statuses)
    blocks = []
    for event in catalog:
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ObsPy warns for each pick without an uncertainty
            Catalog([event]).write(buffer, format="NLLOC_OBS")
        blocks.append(buffer.getvalue().decode("utf-8"))
    with atomic_output(out_path) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        handle.write("\n".join(blocks))
    return sum(len(event.picks) for event in catalog)
