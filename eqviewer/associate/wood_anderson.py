"""The Wood-Anderson amplitude of one horizontal component: the instrument response removed, the standard
Wood-Anderson seismograph simulated (ObsPy's :data:`~obspy.signal.invsim.WOODANDERSON` poles and zeros, applied to
ground velocity, with a static magnification of 1 instead of its 2080, as IASPEI defines the amplitude of ML), and
the zero-to-peak maximum in a time window with its period and time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from obspy import Trace, UTCDateTime
from obspy.core.inventory import Response
from obspy.signal.invsim import WOODANDERSON

# The pre-filter's corners: from LOW_CORNERS_HZ up, flat, down to these fractions of the Nyquist frequency.
LOW_CORNERS_HZ = (0.1, 0.2)
HIGH_CORNERS_NYQUIST = (0.8, 0.9)
LOW_CORNER_PERIODS = 3.0  # the display pre-filter's low corner lets at least this many periods fit in the trace


@dataclass(frozen=True)
class Peak:
    """The largest absolute value of a trace in a window (m), the time it comes at, and its period (s): twice the
    time between the zero crossings around it (None when the window holds none on one side)."""

    amplitude_m: float
    time: UTCDateTime
    period_s: float | None


def pre_filter(sampling_rate: float) -> tuple[float, float, float, float]:
    """The cosine pre-filter of response removal for data at ``sampling_rate`` Hz: 0.1-0.2 Hz up, 80-90 % of the
    Nyquist frequency down."""
    nyquist = sampling_rate / 2.0
    return (*LOW_CORNERS_HZ, *(fraction * nyquist for fraction in HIGH_CORNERS_NYQUIST))


def response_pre_filter(response: Response, sampling_rate: float, filter_rate: float | None = None,
                        duration_s: float | None = None) -> tuple[float, float, float, float]:
    """The cosine pre-filter of response removal for display, chosen from the response and the sampling rate:
    up from half to the whole of the response's low corner (where its velocity gain falls to half its peak, and
    at least :data:`LOW_CORNER_PERIODS` periods fit in ``duration_s``), down at 80-90 % of the Nyquist frequency of
    the rate the data were recorded at (``filter_rate``, when lower)."""
    nyquist = min(sampling_rate, filter_rate or sampling_rate) / 2.0
    frequencies = np.logspace(-4, np.log10(nyquist), 240)
    gain = np.abs(response.get_evalresp_response_for_frequencies(frequencies, output="VEL"))
    flat = np.flatnonzero(gain >= gain.max() / 2.0)
    corner = float(frequencies[flat[0]]) if flat.size else LOW_CORNERS_HZ[1]
    if duration_s:
        corner = max(corner, LOW_CORNER_PERIODS / duration_s)
    corner = min(corner, HIGH_CORNERS_NYQUIST[0] * nyquist / 2.0)
    return (corner / 2.0, corner, *(fraction * nyquist for fraction in HIGH_CORNERS_NYQUIST))


def ground_motion(samples: np.ndarray, start: UTCDateTime, sampling_rate: float, response: Response, output: str,
                  pre_filt: tuple[float, float, float, float]) -> np.ndarray:
    """Counts of one channel as ground displacement (``output`` "DISP", m), velocity ("VEL", m/s), acceleration
    ("ACC", m/s²), or a Wood-Anderson seismograph's displacement of static magnification 1 ("WA", m)."""
    trace = Trace(np.asarray(samples, dtype=np.float64), header={"sampling_rate": sampling_rate, "starttime": start,
                                                                 "response": response})
    trace.detrend("demean")
    trace.remove_response(output="VEL" if output == "WA" else output, water_level=None, pre_filt=pre_filt)
    if output == "WA":
        trace.simulate(paz_remove=None, paz_simulate=WOODANDERSON, simulate_sensitivity=False)
    return trace.data


def wood_anderson(samples: np.ndarray, start: UTCDateTime, sampling_rate: float, response: Response,
                  filter_rate: float | None = None) -> np.ndarray:
    """Counts of one channel as the displacement (m) a Wood-Anderson seismograph of static magnification 1 would
    have recorded (:func:`ground_motion`); the pre-filter follows ``filter_rate`` (the rate the data were recorded
    at, when lower)."""
    return ground_motion(samples, start, sampling_rate, response, "WA",
                         pre_filter(min(sampling_rate, filter_rate or sampling_rate)))


def peak(data: np.ndarray, start: UTCDateTime, sampling_rate: float, first: UTCDateTime,
         last: UTCDateTime) -> Peak:
    """The zero-to-peak maximum of ``data`` (sampled from ``start``) between ``first`` and ``last``."""
    lo = max(int(np.ceil((first - start) * sampling_rate)), 0)
    hi = min(int(np.floor((last - start) * sampling_rate)) + 1, data.size)
    index = lo + int(np.argmax(np.abs(data[lo:hi])))
    sign = np.sign(data[index])
    before = np.flatnonzero(np.sign(data[lo:index]) != sign)
    after = np.flatnonzero(np.sign(data[index:hi]) != sign)
    period = None
    if before.size and after.size:
        period = 2.0 * (index + after[0] - (lo + before[-1])) / sampling_rate
    return Peak(float(abs(data[index])), start + index / sampling_rate, None if period is None else float(period))


def clipped(samples: np.ndarray, run: int) -> bool:
    """Whether the largest absolute value of ``samples`` (counts) lasts ``run`` samples in a row or more: a
    digitiser or sensor at its limit."""
    top = np.abs(samples)
    peak_value = top.max(initial=0.0)
    if peak_value == 0:
        return False
    at_top = np.concatenate(([0], (top == peak_value).astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(at_top))
    return bool((edges[1::2] - edges[::2]).max() >= run)
