"""Rules that drop picks the networks make on noise (measured in benchmarks/pick_rules.py, table in README.md).

- P-S pairing: an earthquake at a station gives a P and, within a minute, an S; a peak of the P curve with no S
  peak 0.5-``max_ps_s`` s after it is more often noise than a P (and likewise an S with no P before it).
- Signal-to-noise ratio at the pick: the band-passed (2-20 Hz) energy of the three components in the second after
  the pick over that of the 5 s ending half a second before it; an onset raises it, a peak on noise does not.
  Near a record's start the noise window is what there is (none: the pick is kept).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.signal import iirfilter, sosfilt

PAIR_MIN_S = 0.5
SNR_AFTER_S = 1.0
SNR_BEFORE_S = (5.5, 0.5)
BAND_HZ = (2.0, 20.0)
WARM_UP_S = 3.0
"""Samples band-passed before a pick's noise window and then left out (the causal filter's start-up)."""


def paired(p_times: np.ndarray, s_times: np.ndarray, max_ps_s: float) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks over ``p_times`` and ``s_times`` (seconds): which P has an S 0.5-``max_ps_s`` s after it, and
    which S has a P that long before it."""
    p_times, s_times = np.asarray(p_times, float), np.asarray(s_times, float)
    gaps = s_times[None, :] - p_times[:, None]
    ok = (gaps >= PAIR_MIN_S) & (gaps <= max_ps_s)
    return ok.any(axis=1), ok.any(axis=0)


@lru_cache(maxsize=8)
def _band(rate: float) -> np.ndarray:
    """Second-order sections of the 4-pole Butterworth band-pass (ObsPy's ``bandpass`` with corners=4, causal)."""
    nyquist = 0.5 * rate
    return iirfilter(4, [BAND_HZ[0] / nyquist, BAND_HZ[1] / nyquist], btype="band", ftype="butter", output="sos")


def snr_at(data: np.ndarray, samples: np.ndarray, rate: float,
           signal_s: tuple[float, float] = (0.0, SNR_AFTER_S)) -> np.ndarray:
    """Signal-to-noise energy ratio of a (3, n) record at each of ``samples`` (inf where there is no noise before
    it to compare with): the energy from ``signal_s[0]`` to ``signal_s[1]`` seconds after the sample over that of
    the noise window before it. Each pick's stretch (from ``WARM_UP_S`` before its noise window to the end of its
    signal window) is band-passed on its own: the cost grows with the picks, not with the record."""
    begin, after = int(signal_s[0] * rate), int(signal_s[1] * rate)
    lead, gap = int(SNR_BEFORE_S[0] * rate), int(SNR_BEFORE_S[1] * rate)
    warm = int(WARM_UP_S * rate)
    n = data.shape[1]
    out = np.full(len(samples), np.inf)
    for i, sample in enumerate(np.asarray(samples, dtype=int)):
        first = max(0, sample - lead - warm)
        stretch = np.asarray(data[:, first : min(n, sample + after)], dtype=np.float64)
        power = (sosfilt(_band(rate), stretch, axis=1) ** 2).sum(axis=0)  # a zero-filled component adds nothing
        at = sample - first
        signal = power[at + begin : at + after]
        noise = power[max(0, at - lead, min(warm, at)) : max(0, at - gap)]
        if signal.size and noise.size and noise.mean() > 0:
            out[i] = signal.mean() / noise.mean()
    return out
