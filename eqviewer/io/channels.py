"""Channel codes: which station a channel belongs to and which of Z, N, E it stands for."""

from __future__ import annotations

from collections.abc import Iterable

from eqviewer.io.record import COMPONENTS

# Last letter of a SEED channel code -> the component it is used as. Letters win over digits.
COMPONENT_ALIASES = {"Z": "Z", "N": "N", "E": "E", "3": "Z", "1": "N", "2": "E"}


def band_of(channel: str) -> str:
    """The band and instrument letters of a channel ("HHZ" -> "HH"); "" for a one-letter channel."""
    return channel[:-1] if len(channel) > 1 else ""


def station_id_of(network: str, station: str, location: str, channel: str) -> str:
    """The record station id NET.STA.LOC.BAND of a channel."""
    return f"{network}.{station}.{location}.{band_of(channel)}"


def component_of(channel: str) -> str | None:
    """Which of Z, N, E a channel can stand for (by its last letter), or None (hydrophone, ...)."""
    return COMPONENT_ALIASES.get(channel[-1:].upper()) if channel else None


def choose_channels(channels: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Map each of Z, N, E to at most one channel code; return that mapping and the channels left unused.

    A letter (Z/N/E) is preferred over a digit (3/1/2) for the same component.
    """
    codes = set(channels)
    chosen: dict[str, str] = {}
    for channel in sorted(codes, key=lambda c: (c[-1:].isdigit(), c)):
        component = component_of(channel)
        if component is not None and component not in chosen:
            chosen[component] = channel
    unused = sorted(codes - set(chosen.values()))
    return {c: chosen[c] for c in COMPONENTS if c in chosen}, unused
