"""Rules that drop picks the networks make on noise (measured in benchmarks/pick_rules.py, table in README.md).

- P-S pairing: an earthquake at a station gives a P and, within a minute, an S; a peak of the P curve with no S
  peak 0.5-``max_ps_s`` s after it is more often noise than a P (and likewise an S with no P before it).
- Signal-to-noise ratio at the pick: the band-passed (2-20 Hz) energy of the three components in the second after
  the pick over that of the 5 s ending half a second before it; an onset raises it, a peak on noise does not.
"""

from __future__ import annotations

import numpy as np
from obspy.signal.filter import bandpass

PAIR_MIN_S = 0.5
SNR_AFTER_S = 1.0
SNR_BEFORE_S = (5.5, 0.5)
BAND_HZ = (2.0, 20.0)


def paired(p_times: np.ndarray, s_times: np.ndarray, max_ps_s: float) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks over ``p_times`` and ``s_times`` (seconds): which P has an S 0.5-``max_ps_s`` s after it, and
    which S has a P that long before it."""
    p_times, s_times = np.asarray(p_times, float), np.asarray(s_times, float)
    gaps = s_times[None, :] - p_times[:, None]
    ok = (gaps >= PAIR_MIN_S) & (gaps <= max_ps_s)
    return ok.any(axis=1), ok.any(axis=0)


def energy(data: np.ndarray, rate: float) -> np.ndarray:
    """Band-passed energy summed over the components of a (3, n) record (zero-filled components add nothing)."""
    out = np.zeros(data.shape[1])
    for channel in data:
        if np.any(channel):
            out += bandpass(channel.astype(np.float64), *BAND_HZ, rate, corners=4, zerophase=False) ** 2
    return out


def snr_at(power: np.ndarray, samples: np.ndarray, rate: float) -> np.ndarray:
    """Signal-to-noise energy ratio at each sample (inf where there is no noise before it to compare with)."""
    after, (lead, gap) = int(SNR_AFTER_S * rate), (int(SNR_BEFORE_S[0] * rate), int(SNR_BEFORE_S[1] * rate))
    out = np.full(len(samples), np.inf)
    for i, sample in enumerate(np.asarray(samples, dtype=int)):
        signal = power[sample : sample + after]
        noise = power[max(0, sample - lead) : max(0, sample - gap)]
        if signal.size and noise.size and noise.mean() > 0:
            out[i] = signal.mean() / noise.mean()
    return out
