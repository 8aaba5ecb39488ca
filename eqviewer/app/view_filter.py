"""View-only filtering of the traces on screen (ObsPy's Butterworth filters); never touches the data the model sees."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eqviewer.app.observers import Callbacks
from eqviewer.resources import default_settings


@dataclass(frozen=True)
class FilterSpec:
    """A Butterworth filter: ``kind`` "bandpass", "highpass" or "lowpass"; corner frequencies in Hz.

    ``zerophase`` runs it forwards and backwards (no phase shift, acausal); otherwise causal, as a picker would see
    the onset in real time.
    """

    kind: str
    freqmin: float | None = None
    freqmax: float | None = None
    corners: int = 4
    zerophase: bool = True

    @property
    def label(self) -> str:
        """A short description for menus and the status bar."""
        phase = "zero-phase" if self.zerophase else "causal"
        if self.kind == "bandpass":
            return f"BP {self.freqmin:g}-{self.freqmax:g} Hz, {phase}"
        if self.kind == "highpass":
            return f"HP {self.freqmin:g} Hz, {phase}"
        return f"LP {self.freqmax:g} Hz, {phase}"


PRESETS: tuple[FilterSpec, ...] = tuple(FilterSpec(**preset) for preset in default_settings()["filter"]["presets"])
"""The view filters the Filter menu offers (the first is the default), from the bundled settings."""


def apply_filter(data: np.ndarray, sampling_rate: float, spec: FilterSpec) -> np.ndarray:
    """A filtered float32 copy of ``data`` (shape (3, n) or (n,)); the input is left unchanged.

    Each component is demeaned first so a DC offset does not ring through a causal filter. Corner frequencies
    at or above Nyquist raise ValueError with a readable message.
    """
    from obspy.signal.filter import bandpass, highpass, lowpass  # slow to import: only when a filter is used

    nyquist = sampling_rate / 2.0
    for freq in (spec.freqmin, spec.freqmax):
        if freq is not None and not 0.0 < freq < nyquist:
            raise ValueError(f"corner frequency {freq:g} Hz must be between 0 and Nyquist ({nyquist:g} Hz)")
    if spec.kind == "bandpass" and spec.freqmin >= spec.freqmax:
        raise ValueError(f"band-pass low corner {spec.freqmin:g} Hz must be below the high corner {spec.freqmax:g} Hz")
    rows = np.atleast_2d(np.asarray(data, dtype=np.float64))
    out = np.empty(rows.shape, dtype=np.float32)
    for i, row in enumerate(rows):
        x = row - row.mean() if row.size else row
        if spec.kind == "bandpass":
            y = bandpass(x, spec.freqmin, spec.freqmax, sampling_rate, corners=spec.corners, zerophase=spec.zerophase)
        elif spec.kind == "highpass":
            y = highpass(x, spec.freqmin, sampling_rate, corners=spec.corners, zerophase=spec.zerophase)
        elif spec.kind == "lowpass":
            y = lowpass(x, spec.freqmax, sampling_rate, corners=spec.corners, zerophase=spec.zerophase)
        else:
            raise ValueError(f"unknown filter kind {spec.kind!r}")
        out[i] = y
    return out if np.ndim(data) == 2 else out[0]


class FilterChoice:
    """The analyst's view filter: which :class:`FilterSpec`, and whether it is on. ``changed()`` fires after
    every change (the window redraws the traces and the status bar)."""

    def __init__(self, spec: FilterSpec = PRESETS[0]):
        self.spec = spec
        self.on = False
        self.changed = Callbacks()

    def choose(self, spec: FilterSpec) -> None:
        """Use ``spec`` and switch the filter on."""
        self.spec, self.on = spec, True
        self.changed.fire()

    def toggle(self) -> None:
        """Switch the filter on or off."""
        self.on = not self.on
        self.changed.fire()

    def shown(self, data: np.ndarray, sampling_rate: float) -> np.ndarray:
        """What the view draws of ``data``: filtered when the filter is on. A filter the data cannot take (a corner
        above Nyquist) switches it off and raises ValueError; the caller shows the reason and draws ``data``."""
        if not self.on:
            return data
        try:
            return apply_filter(data, sampling_rate, self.spec)
        except ValueError:
            self.on = False
            raise

    @property
    def description(self) -> str:
        """For the status bar: the filter's label when on, else empty."""
        return f"filter {self.spec.label}" if self.on else ""
