"""Spectra for the analyst: a spectrogram of one trace, and the amplitude spectra of the noise before a pick and
of the signal after it. Both are in ground velocity when the channel's response is known (the response's velocity
gain divided out), else in counts; each says which."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from obspy import UTCDateTime

SPECTROGRAM_WINDOW_S = 2.0
"""The spectrogram's window; successive windows overlap by half."""
SPECTRUM_WINDOW_S = 5.0
"""The noise and signal windows' length; the noise window ends ``SPECTRUM_GAP_S`` before the pick."""
SPECTRUM_GAP_S = 0.5
VELOCITY_UNIT, COUNTS_UNIT = "m/s", "counts"


@dataclass(frozen=True)
class Spectrogram:
    """Power (dB of ``unit``²/Hz) at ``times`` (s from the trace's start, window centres) and ``frequencies`` (Hz),
    shape (frequencies, times)."""

    times: np.ndarray
    frequencies: np.ndarray
    power_db: np.ndarray
    unit: str


@dataclass(frozen=True)
class NoiseSignal:
    """Amplitude spectra (``unit``/Hz) of the noise before a pick and the signal after it at ``frequencies`` (Hz,
    0 left out), and their windows."""

    frequencies: np.ndarray
    noise: np.ndarray
    signal: np.ndarray
    unit: str
    noise_window: tuple[UTCDateTime, UTCDateTime]
    signal_window: tuple[UTCDateTime, UTCDateTime]


def velocity_gain(response, frequencies: np.ndarray) -> np.ndarray:
    """``|H(f)|`` of a response in counts per m/s at ``frequencies`` (ObsPy's evalresp)."""
    return np.abs(response.get_evalresp_response_for_frequencies(frequencies, output="VEL"))


def spectrogram(samples: np.ndarray, sampling_rate: float, response=None,
                window_s: float = SPECTROGRAM_WINDOW_S) -> Spectrogram:
    """The spectrogram of one trace (Hann windows of ``window_s``, half overlapping), in velocity when
    ``response`` is given. ValueError for a trace shorter than one window."""
    from scipy.signal import spectrogram as scipy_spectrogram

    n = int(round(window_s * sampling_rate))
    if samples.size < n:
        raise ValueError(f"a spectrogram needs at least {window_s:g} s of samples")
    frequencies, times, power = scipy_spectrogram(np.asarray(samples, dtype=np.float64), fs=sampling_rate,
                                                  window="hann", nperseg=n, noverlap=n // 2, detrend="constant")
    frequencies, power = frequencies[1:], power[1:]
    unit = COUNTS_UNIT
    if response is not None:
        power = power / velocity_gain(response, frequencies)[:, None] ** 2
        unit = VELOCITY_UNIT
    return Spectrogram(times, frequencies, 10.0 * np.log10(np.maximum(power, np.finfo(float).tiny)), unit)


def noise_signal(samples: np.ndarray, start: UTCDateTime, sampling_rate: float, pick_time: UTCDateTime,
                 response=None, window_s: float = SPECTRUM_WINDOW_S) -> NoiseSignal:
    """The amplitude spectra of ``window_s`` of noise ending :data:`SPECTRUM_GAP_S` before ``pick_time`` and of
    ``window_s`` of signal from it (each demeaned, Hann-tapered), in velocity when ``response`` is given.
    ValueError when the trace does not hold both windows."""
    n = int(round(window_s * sampling_rate))
    signal_first = int(round((pick_time - start) * sampling_rate))
    noise_first = signal_first - int(round(SPECTRUM_GAP_S * sampling_rate)) - n
    if noise_first < 0 or signal_first + n > samples.size:
        raise ValueError(f"the trace does not hold {window_s:g} s of noise before the pick and of signal after it")
    taper = np.hanning(n)
    frequencies = np.fft.rfftfreq(n, 1.0 / sampling_rate)[1:]

    def amplitude(first: int) -> np.ndarray:
        part = np.asarray(samples[first:first + n], dtype=np.float64)
        return np.abs(np.fft.rfft((part - part.mean()) * taper))[1:] / sampling_rate

    noise, signal = amplitude(noise_first), amplitude(signal_first)
    unit = COUNTS_UNIT
    if response is not None:
        gain = velocity_gain(response, frequencies)
        noise, signal, unit = noise / gain, signal / gain, VELOCITY_UNIT
    noise_window = (start + noise_first / sampling_rate, start + (noise_first + n) / sampling_rate)
    signal_window = (start + signal_first / sampling_rate, start + (signal_first + n) / sampling_rate)
    return NoiseSignal(frequencies, noise, signal, unit, noise_window, signal_window)
