"""View-only filtering of the traces on screen (Butterworth filters designed as ObsPy designs them, run by scipy's
sosfilt or sosfiltfilt); never touches the data the model sees."""

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


def check_filter(spec: FilterSpec, sampling_rate: float) -> None:
    """Raise ValueError, with a readable message, when ``spec`` cannot filter records at ``sampling_rate``: a corner
    frequency at or above Nyquist, a band-pass whose low corner is not below its high one, an unknown kind."""
    nyquist = sampling_rate / 2.0
    for freq in (spec.freqmin, spec.freqmax):
        if freq is not None and not 0.0 < freq < nyquist:
            raise ValueError(f"corner frequency {freq:g} Hz must be between 0 and Nyquist ({nyquist:g} Hz)")
    if spec.kind == "bandpass" and spec.freqmin >= spec.freqmax:
        raise ValueError(f"band-pass low corner {spec.freqmin:g} Hz must be below the high corner {spec.freqmax:g} Hz")
    if spec.kind not in ("bandpass", "highpass", "lowpass"):
        raise ValueError(f"unknown filter kind {spec.kind!r}")


def filter_sos(spec: FilterSpec, sampling_rate: float) -> np.ndarray:
    """The Butterworth filter of ``spec`` as second-order sections, designed as ObsPy's filters design it."""
    from scipy.signal import iirfilter  # slow to import: only when a filter is used

    check_filter(spec, sampling_rate)
    nyquist = sampling_rate / 2.0
    corners = {"bandpass": [spec.freqmin, spec.freqmax], "highpass": spec.freqmin, "lowpass": spec.freqmax}[spec.kind]
    btype = "band" if spec.kind == "bandpass" else spec.kind
    return iirfilter(spec.corners, np.asarray(corners) / nyquist, btype=btype, ftype="butter", output="sos")


def filter_rows(rows: np.ndarray, sos: np.ndarray, zerophase: bool) -> np.ndarray:
    """``rows`` (float64, (k, n), already demeaned) filtered along time: scipy's sosfiltfilt (forwards and
    backwards, no phase shift) when ``zerophase``, else sosfilt (causal)."""
    from scipy.signal import sosfilt, sosfiltfilt

    if not zerophase:
        return sosfilt(sos, rows, axis=1)
    n = rows.shape[1]
    if n < 2:
        return rows.copy()
    return sosfiltfilt(sos, rows, axis=1, padlen=min(3 * (2 * len(sos) + 1), n - 1))


def apply_filter(data: np.ndarray, sampling_rate: float, spec: FilterSpec) -> np.ndarray:
    """A filtered float32 copy of ``data`` (shape (3, n) or (n,)); the input is left unchanged.

    Each component is demeaned first so a DC offset does not ring through a causal filter. Corner frequencies
    at or above Nyquist raise ValueError with a readable message.
    """
    sos = filter_sos(spec, sampling_rate)
    rows = np.atleast_2d(np.asarray(data, dtype=np.float64))
    if rows.shape[1]:
        rows = rows - rows.mean(axis=1, keepdims=True)
    out = filter_rows(rows, sos, spec.zerophase).astype(np.float32)
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
