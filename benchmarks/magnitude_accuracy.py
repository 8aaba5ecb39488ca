"""How well the magnitude workflow recovers known local magnitudes on the generated network.

    python benchmarks/magnitude_accuracy.py [--seeds 2024 7 11] [--events 12]

Per seed, ``--events`` events on the ring network of tests/associate/magnitude_network.py (6 stations on a 40-km
ring, a 1 Hz velocity seismometer's full response in StationXML, 3 counts of noise): each at a random epicentre
within 30 km of the centre, 3-15 km deep, with a true ML drawn from 0.5-3.5 (its Wood-Anderson amplitudes follow
the IASPEI formula), located with the errors a routine location has (1 km horizontally and 2 km in depth, one
sigma), and measured by the same workflow as ``eqviewer magnitude`` (app.magnitudes.compute_magnitudes). Prints
per seed and overall the fraction of events with an ML, the median |ML - true ML| and the bias (median ML - true).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eqviewer.app.magnitudes import compute_magnitudes  # noqa: E402
from tests.associate import magnitude_network as net  # noqa: E402
from tests.associate.network import CENTRE, KM_PER_DEGREE, TrueEvent  # noqa: E402


def shifted(true: TrueEvent, east_km: float, north_km: float, depth_km: float) -> TrueEvent:
    """``true`` moved east, north and down by the given km (depth kept at 0.5 km or more)."""
    lon_km = KM_PER_DEGREE * math.cos(math.radians(true.latitude))
    return TrueEvent(true.time, true.latitude + north_km / KM_PER_DEGREE, true.longitude + east_km / lon_km,
                     max(true.depth_km + depth_km, 0.5))


def run_seed(seed: int, events: int) -> list[tuple[float, float | None]]:
    """(true ML, measured ML or None) for each event of a seed."""
    rng = np.random.default_rng(seed)
    stations, found = net.network(), []
    for _ in range(events):
        radius, angle = 30.0 * math.sqrt(rng.uniform()), rng.uniform(0, 2 * math.pi)
        true = shifted(TrueEvent(net.event().time, *CENTRE, 0.0), radius * math.cos(angle), radius * math.sin(angle),
                       rng.uniform(3.0, 15.0))
        magnitude = float(rng.uniform(0.5, 3.5))
        with tempfile.TemporaryDirectory() as folder:
            session = net.make_session(Path(folder), stations, true, magnitude, rng)
            with session:
                located = shifted(true, *rng.normal(0.0, 1.0, 2), rng.normal(0.0, 2.0))
                session.replace_events([net.located(located, *net.stored_picks(session))])
                (result,) = compute_magnitudes(session)
        found.append((magnitude, None if result.magnitude is None else result.magnitude.value))
    return found


def summary(results: list[tuple[float, float | None]]) -> str:
    """The fraction with an ML, the median absolute error and the bias."""
    errors = np.array([m - t for t, m in results if m is not None])
    share = f"{errors.size}/{len(results)} with ML"
    if not errors.size:
        return share
    return f"{share}, median |ML - true| {np.median(np.abs(errors)):.3f}, bias {np.median(errors):+.3f}"


def main() -> None:
    """Run every seed and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[2024, 7, 11])
    parser.add_argument("--events", type=int, default=12)
    args = parser.parse_args()
    everything = []
    for seed in args.seeds:
        results = run_seed(seed, args.events)
        everything += results
        print(f"seed {seed}: {summary(results)}")
    print(f"all seeds: {summary(everything)}")


if __name__ == "__main__":
    main()
