"""Extra noise windows made from the quiet part before the first arrival of earthquake windows.

Archives of earthquakes (STEAD, TXED event windows) often hold no noise windows from the same stations, and a
network trained on them learns "this station = earthquake". Each earthquake window with enough samples before
its first arrival gives one noise window of full length, in one of two ways, from the samples between the end of
the trace's start taper (:data:`SKIP_START`) and 0.5 s before the arrival:

- :func:`pre_p_noise`: the real samples before the arrival, padded as detection pads a short record (mirrored at
  the end, :func:`eqviewer.detect.windows.pad_to`): exactly what the pickers see on a short stretch of that noise;
- :func:`quiet_segment_noise`: random-phase noise with that segment's power spectrum (Welch estimate), scaled to
  the segment's standard deviation per channel: stationary noise as that station records it (for the classifier).
"""

from __future__ import annotations

import numpy as np
from scipy import signal

from eqviewer.detect import DetectSettings, pad_to
from eqviewer.io import SAMPLING_RATE
from eqviewer.train.windows import PRE_P, SPECTRAL_PRE_P, LabelledWindows

MIN_QUIET_SAMPLES = 300
"""Fewest samples before the first arrival (minus a margin) needed to estimate a noise spectrum."""
MARGIN = 50
SKIP_START = int(DetectSettings().record_start_s * SAMPLING_RATE)
"""Samples left out at the start of a pre-P segment: windowed archives taper their traces' starts (STEAD's rise from
zero over about 1.5 s, where detection makes no picks), and a tapered start repeated by the mirror padding is a
rise from quiet to noise, which a picker taught to call it noise learns to miss weak P onsets by."""


def spectral_noise(segment: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """float32 (channels, n) random-phase noise with the power spectrum and std of each row of ``segment``."""
    segment = np.asarray(segment, dtype=np.float64)
    segment = segment - segment.mean(axis=1, keepdims=True)
    freqs = np.fft.rfftfreq(n)
    out = np.empty((segment.shape[0], n), dtype=np.float64)
    for c, row in enumerate(segment):
        f, psd = signal.welch(row, nperseg=min(256, row.size))
        amplitude = np.sqrt(np.interp(freqs, f, psd))
        spectrum = amplitude * (rng.standard_normal(freqs.size) + 1j * rng.standard_normal(freqs.size))
        series = np.fft.irfft(spectrum, n)
        std = series.std()
        out[c] = series * (row.std() / std) if std > 0 else 0.0
    return out.astype(np.float32)


def _quiet_segments(windows: LabelledWindows, index: np.ndarray):
    """(window index, samples before its first arrival less a margin) of the earthquake windows at ``index`` that
    have at least :data:`MIN_QUIET_SAMPLES` of them."""
    for i in np.asarray(index, dtype=int):
        if not windows.is_earthquake[i]:
            continue
        arrivals = np.concatenate([windows.p_samples[i], windows.s_samples[i]])
        if arrivals.size == 0 or arrivals.min() - MARGIN - SKIP_START < MIN_QUIET_SAMPLES:
            continue
        yield int(i), windows.waveforms[i][:, SKIP_START : int(arrivals.min()) - MARGIN]


def _noise_windows(windows: LabelledWindows, sources: list[int], made: list[np.ndarray], kind: str, suffix: str):
    n = windows.waveforms.shape[2]
    empty = np.empty(0)
    return LabelledWindows(
        waveforms=np.stack(made) if made else np.zeros((0, 3, n), np.float32),
        p_samples=[empty] * len(made),
        s_samples=[empty] * len(made),
        is_earthquake=np.zeros(len(made), dtype=bool),
        event_ids=[windows.event_ids[i] for i in sources],
        record_ids=[f"{windows.record_ids[i]}{suffix}" for i in sources],
        station_ids=[windows.station_ids[i] for i in sources] if windows.station_ids else [],
        kinds=[kind] * len(made),
    )


def quiet_segment_noise(windows: LabelledWindows, index: np.ndarray, seed: int = 0) -> LabelledWindows:
    """Random-phase noise windows with the spectra of the pre-arrival segments of the earthquake windows at
    ``index``.

    Each inherits its source window's event id (so it stays on the same side of a split) and gets the record
    id ``<record>~noise``.
    """
    rng = np.random.default_rng([seed, 7])
    n = windows.waveforms.shape[2]
    sources, made = [], []
    for i, segment in _quiet_segments(windows, index):
        made.append(spectral_noise(segment, n, rng))
        sources.append(i)
    return _noise_windows(windows, sources, made, SPECTRAL_PRE_P, "~noise")


def pre_p_noise(windows: LabelledWindows, index: np.ndarray) -> LabelledWindows:
    """The real pre-arrival segments of the earthquake windows at ``index``, each padded to a full window as
    detection pads a short record; record id ``<record>~pre-P``, the source window's event id."""
    n = windows.waveforms.shape[2]
    sources, made = [], []
    for i, segment in _quiet_segments(windows, index):
        made.append(pad_to(np.ascontiguousarray(segment), n)[:, :n].astype(np.float32))
        sources.append(i)
    return _noise_windows(windows, sources, made, PRE_P, "~pre-P")
