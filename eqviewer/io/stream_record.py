"""An ObsPy Stream of one station as a Record: channel mapping, gap merge, resampling, alignment."""

from __future__ import annotations

import numpy as np
from obspy import Stream, UTCDateTime

from eqviewer.errors import ArchiveError, NoDataError
from eqviewer.io.archive_labels import sac_picks, unique_picks
from eqviewer.io.channels import choose_channels, station_id_of
from eqviewer.io.limits import trace_problem
from eqviewer.io.record import (
    FLAG_GAPS_FILLED,
    FLAG_OVERLAPS_MERGED,
    FLAG_PARTIAL_COVERAGE,
    FLAG_RESAMPLED,
    MISSING_FLAGS,
    SAMPLING_RATE,
    ItemRef,
    Record,
)
from eqviewer.io.samples import resample_row, zero_nonfinite


def trace_station_id(trace) -> str:
    """NET.STA.LOC.BAND of an ObsPy trace."""
    stats = trace.stats
    return station_id_of(stats.network, stats.station, stats.location, stats.channel)


def _readable_traces(traces: list, ref: ItemRef, warnings: list[str]) -> list:
    """The traces within the limits of eqviewer.io.limits (the others with a warning); ArchiveError if none."""
    kept, refused = [], []
    for tr in traces:
        problem = trace_problem(tr.stats.sampling_rate, tr.stats.npts, tr.stats.starttime, max_samples=None)
        if problem is None:
            kept.append(tr)
        else:
            refused.append(f"{tr.id} from {tr.stats.starttime}: {problem}")
    if not kept:
        raise ArchiveError(ref.path, refused[0])
    if refused:
        warnings.append(f"{ref.key}: left out {len(refused)} unreadable traces: " + "; ".join(refused[:5]))
    return kept


def stream_to_record(
    stream: Stream,
    ref: ItemRef,
    *,
    starttime: UTCDateTime | None = None,
    endtime: UTCDateTime | None = None,
) -> Record:
    """The traces of ONE station (NET.STA.LOC.BAND) as a float32 (3, n) Z, N, E record at 100 Hz.

    Channels ending in Z/N/E (or 3/1/2) are used; others (a hydrophone "HHH", ...) are listed in
    ``metadata["unused_channels"]``. A missing component is zeros and flagged ``missing_X``. Gaps are filled by
    linear interpolation and overlaps merged with ObsPy (flags ``gaps_filled``, ``overlaps_merged``; the gaps are
    in ``metadata["gaps"]``), other rates are resampled to 100 Hz (``resampled``), NaN/inf samples are zeroed
    (``nonfinite_zeroed``, with a warning). Each trace is resampled at its own rate, so channels and stretches
    recorded at different rates keep their times. Traces outside the limits of :mod:`eqviewer.io.limits` are left
    out with a warning. Picks in SAC headers become labels. The input stream is not changed. ArchiveError (naming
    ``ref.path``) for an empty stream, several stations, no usable channel, or no trace within the limits.
    """
    stations = sorted({trace_station_id(tr) for tr in stream})
    if not stations:
        raise ArchiveError(ref.path, f"no samples for {ref.key or 'the record'}")
    if len(stations) > 1:
        raise ArchiveError(ref.path, f"holds several stations where one was expected: {', '.join(stations)}")
    station_id = stations[0]
    mapping, unused = choose_channels(tr.stats.channel for tr in stream)
    if not mapping:
        raise ArchiveError(ref.path, f"{station_id} has no Z, N, E (or 3, 1, 2) channel, only {', '.join(unused)}")
    flags: set[str] = set()
    warnings: list[str] = []
    used = Stream(_readable_traces([tr.copy() for tr in stream if tr.stats.channel in mapping.values()], ref, warnings))
    if starttime is not None or endtime is not None:
        used.trim(starttime, endtime)
        used.traces = [tr for tr in used if tr.stats.npts > 0]
        if not used:
            raise NoDataError(ref.path, f"{station_id} has no samples between {starttime} and {endtime}")
    rates = sorted({float(tr.stats.sampling_rate) for tr in used})
    for tr in used:
        data = np.ma.filled(tr.data, 0) if np.ma.isMaskedArray(tr.data) else tr.data
        tr.data = zero_nonfinite(np.array(data, dtype=np.float64), flags, warnings, f"{ref.key} {tr.stats.channel}")
    gaps = used.get_gaps()
    if any(gap[6] > 0 for gap in gaps):
        flags.add(FLAG_GAPS_FILLED)
    if any(gap[6] < 0 for gap in gaps):
        flags.add(FLAG_OVERLAPS_MERGED)
    for tr in used:  # each stretch at its own rate (a digitiser may change rate mid-file), then gaps at 100 Hz
        if tr.stats.sampling_rate != SAMPLING_RATE:
            tr.data = resample_row(tr.data, tr.stats.sampling_rate)
            tr.stats.sampling_rate = SAMPLING_RATE
            flags.add(FLAG_RESAMPLED)
    if len(rates) > 1:
        warnings.append(f"{ref.key}: sampling rate changes ({', '.join(f'{r:g}' for r in rates)} Hz); "
                        "each stretch is resampled at its own rate")
    used.merge(method=1, fill_value="interpolate")

    start = min(tr.stats.starttime for tr in used)
    end = max(tr.stats.endtime for tr in used)
    n = int(round((end - start) * SAMPLING_RATE)) + 1
    samples = np.zeros((3, n), dtype=np.float32)
    for row, component in enumerate(("Z", "N", "E")):
        channel = mapping.get(component)
        trace = next((tr for tr in used if tr.stats.channel == channel), None)
        if trace is None:
            flags.add(MISSING_FLAGS[component])
            continue
        offset = int(round((trace.stats.starttime - start) * SAMPLING_RATE))
        length = min(trace.stats.npts, n - offset)
        samples[row, offset : offset + length] = trace.data[:length]
        if n - length > 1:
            flags.add(FLAG_PARTIAL_COVERAGE)
            warnings.append(f"{ref.key} {channel} covers {length} of {n} samples; the rest is zeros")

    record_id = str(ref)
    picks = [p for tr in stream if "sac" in tr.stats for p in sac_picks(tr.stats.sac, tr.stats.starttime, station_id, record_id)]
    picks = [p for p in unique_picks(picks) if start <= p.time <= end]
    return Record(
        data=samples,
        start=start,
        station_id=station_id,
        ref=ref,
        flags=flags,
        labels=picks,
        metadata={
            "channels": mapping,
            "unused_channels": unused,
            "original_sampling_rate": rates[-1],
            "gaps": [(str(gap[4]), str(gap[5])) for gap in gaps if gap[6] > 0],
        },
        warnings=warnings,
    )
