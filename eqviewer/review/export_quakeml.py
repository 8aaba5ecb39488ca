"""QuakeML export through ObsPy's event classes: one Event per inferred event, its picks as ObsPy Picks.

Events are inferred by :func:`eqviewer.review.association.group_events` (the session stores no origins).
"""

from __future__ import annotations

import re

from obspy.core.event import Catalog, Comment, CreationInfo, Event, Pick as ObsPyPick, QuantityError
from obspy.core.event import ResourceIdentifier, WaveformStreamID

from eqviewer.labels import Pick
from eqviewer.review.association import group_events
from eqviewer.atomic_files import atomic_output
from eqviewer.review.selection import picks_with_status, split_station_id

ID_PREFIX = "smi:local/eqviewer"
# status -> (QuakeML evaluation_mode, evaluation_status)
EVALUATION = {
    "automatic": ("automatic", "preliminary"),
    "accepted": ("automatic", "confirmed"),
    "corrected": ("manual", "reviewed"),
    "manual": ("manual", "reviewed"),
    "rejected": ("automatic", "rejected"),
}


def _uri_part(text: str) -> str:
    """Text made safe for a QuakeML resource identifier (other characters become '_')."""
    return re.sub(r"[^\w\-.*()~']", "_", text)


def obspy_pick(pick: Pick, original: Pick | None = None) -> ObsPyPick:
    """An ObsPy Pick for one of ours; ``original`` is the automatic pick a corrected one replaced."""
    network, station, location, band = split_station_id(pick.station_id)
    mode, status = EVALUATION[pick.status]
    comments = [Comment(text=f"eqviewer status: {pick.status}; record {pick.record}")]
    if original is not None:
        comments.append(Comment(
            text=f"corrected from automatic pick {ID_PREFIX}/pick/{original.id} at {original.time}"
                 + (f" by {original.model}" if original.model else "")))
    return ObsPyPick(
        resource_id=ResourceIdentifier(f"{ID_PREFIX}/pick/{pick.id}"),
        time=pick.time,
        time_errors=QuantityError(uncertainty=pick.uncertainty_s),
        waveform_id=WaveformStreamID(network_code=network, station_code=station, location_code=location,
                                     channel_code=f"{band}?" if band else None),
        method_id=ResourceIdentifier(f"{ID_PREFIX}/model/{_uri_part(pick.model)}") if pick.model else None,
        phase_hint=pick.phase,
        onset=pick.onset,
        polarity=pick.polarity,
        evaluation_mode=mode,
        evaluation_status=status,
        creation_info=CreationInfo(author=pick.author, creation_time=pick.created),
        comments=comments,
    )


def build_catalog(session, statuses: tuple[str, ...]) -> Catalog:
    """A Catalog with one Event per inferred event among the picks with the given statuses."""
    catalog = Catalog(resource_id=ResourceIdentifier(f"{ID_PREFIX}/catalog"), description="eqviewer review export")
    for picks in group_events(picks_with_status(session, statuses)):
        records = sorted({p.record for p in picks})
        event = Event(resource_id=ResourceIdentifier(f"{ID_PREFIX}/event/{picks[0].id}"), event_type="earthquake",
                      comments=[Comment(text="records " + " ".join(records))])
        for pick in picks:
            original = session.pick(pick.origin_id) if pick.origin_id is not None else None
            event.picks.append(obspy_pick(pick, original))
        catalog.append(event)
    return catalog


def export(session, out_path, statuses: tuple[str, ...]) -> int:
    """Write the picks as QuakeML; the number of picks."""
    catalog = build_catalog(session, statuses)
    with atomic_output(out_path) as tmp:
        catalog.write(tmp, format="QUAKEML")
    return sum(len(event.picks) for event in catalog)
