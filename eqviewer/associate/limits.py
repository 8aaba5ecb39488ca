"""The limits an association's inputs must keep: a velocity model's velocities, depths and layers, the search
depth and area, the pick counts an event needs, the other settings, and the size of the travel-time table built for
PyOcto.

A few characters can ask for an unbounded run: ``vs=1e-9`` makes travel times years long (PyOcto then slices
years of overlap, gigabytes in seconds), ``--max-depth 1e7`` or a layered model searched 100,000 km deep asks for
a table of billions of nodes, 200,000 layers take minutes per table node, a pick count of 2**64 fits no integer
PyOcto takes. Velocity parsing (:mod:`eqviewer.associate.velocity`) and the settings
(:class:`~eqviewer.associate.settings.AssociationSettings`) refuse values outside these limits with a message that
states the limit, so the command line, the window and scripts all get them; the associator checks the search area
and the table's size (:func:`table_problem`) before building anything. Within the limits a run's memory and time
are bounded by a constant per pick.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

# Layer velocities (km/s): slower than any sediment is no seismic velocity, faster than the lowermost mantle
# (P about 13.7 km/s) no Earth's. S must be slower than P.
MIN_VELOCITY_KM_S = 0.1
MAX_VELOCITY_KM_S = 15.0
# Layer tops and the search depth (km below sea level): layers may start up to 10 km above sea level (mountains),
# and the deepest earthquakes are near 700 km.
MIN_DEPTH_KM = -10.0
MAX_DEPTH_KM = 800.0
# The search reaches from the surface down to at least this depth (km), and at most MAX_DEPTH_KM.
MIN_SEARCH_DEPTH_KM = 1.0
# A model may hold at most this many layers (each adds to every travel time; crustal models hold a few dozen), and
# a model file at most this many bytes (500 layers with comments take a few tens of kB).
MAX_LAYERS = 500
MAX_MODEL_FILE_BYTES = 1_000_000
# The pick counts an event needs (in all, of P, of S, stations with both). An event needs at least one pick; a
# count of one phase may be 0 (a network whose S picks are not trusted associates on P alone). The picks that exist
# bound any useful count (a count above them finds no event); this bound keeps counts within PyOcto's integers.
MIN_PICK_COUNT, MAX_PICK_COUNT = 1, 1_000_000
MIN_PHASE_PICK_COUNT = 0
# The largest residual an associated pick may have (s): beyond it every pick matches everywhere and PyOcto's
# search splits the whole volume.
MIN_TOLERANCE_S, MAX_TOLERANCE_S = 0.01, 30.0
# One-sigma pick error assumed where a pick states none (s).
MIN_PICK_ERROR_S, MAX_PICK_ERROR_S = 0.001, 10.0
# Events whose origin times are at most this far apart are tried as one (s; 0: never): a minute covers the S-P
# times of a local network.
MAX_MERGE_WINDOW_S = 60.0
# How much worse than the worse of two events' RMS (at least the pick error) the RMS of their joint location may
# be for them to be merged; below 1 nothing merges.
MIN_MERGE_RMS_RATIO, MAX_MERGE_RMS_RATIO = 1.0, 10.0
# How far beyond the stations epicentres are searched (km).
MAX_MARGIN_KM = 1000.0
# Time chunks (s): shorter ones repeat the travel-time overlap too often, longer ones hold too many picks at once.
MIN_CHUNK_S, MAX_CHUNK_S = 600.0, 7 * 86_400.0
# PyOcto's threads.
MAX_THREADS = 256
# The search area (stations' extent plus margins, km along its diagonal): association is local or regional; the
# flat projection PyOcto searches in means nothing across continents.
MAX_SEARCH_SPAN_KM = 5000.0
# A layered model's travel-time table: at most this many (distance, depth) nodes per phase (two float64 tables of
# 8 MB, read again by PyOcto), and at most this many nodes times layers (the work of computing it; about a minute
# on one core at the limit).
MAX_TABLE_NODES = 500_000
MAX_TABLE_LAYER_NODES = 20_000_000


def range_problem(name: str, value: float, low: float, high: float, unit: str = "") -> str | None:
    """Why ``value`` of ``name`` is not a finite number from ``low`` to ``high`` (``unit`` after each), or None."""
    if not isinstance(value, Real) or not math.isfinite(value) or not low <= value <= high:
        return f"{name} must be from {low:g} to {high:g}{unit} (got {_shown(value)}{unit})"
    return None


def whole_number_problem(name: str, value: int, low: int, high: int) -> str | None:
    """Why ``value`` of ``name`` is not a whole number from ``low`` to ``high``, or None."""
    if isinstance(value, bool) or not isinstance(value, Integral) or not low <= value <= high:
        return f"{name} must be a whole number from {low:,} to {high:,} (got {_shown(value)})"
    return None


def count_problem(name: str, value: int, least: int = MIN_PICK_COUNT) -> str | None:
    """Why pick count ``value`` of ``name`` is not a whole number from ``least`` to :data:`MAX_PICK_COUNT`, or
    None."""
    problem = whole_number_problem(name, value, least, MAX_PICK_COUNT)
    return None if problem is None else f"{problem}: an event cannot need more picks than exist"


def layer_problem(depth: float, vp: float, vs: float) -> str | None:
    """Why a layer (top ``depth`` km, velocities km/s) breaks the limits, or None."""
    depth_problem = range_problem("the layer depth", depth, MIN_DEPTH_KM, MAX_DEPTH_KM, " km")
    if depth_problem is not None:
        return depth_problem
    for name, value in (("vp", vp), ("vs", vs)):
        problem = range_problem(name, value, MIN_VELOCITY_KM_S, MAX_VELOCITY_KM_S, " km/s")
        if problem is not None:
            return problem
    if not vs < vp:
        return f"vs must be below vp (got vp={vp:g}, vs={vs:g} km/s)"
    return None


def table_problem(max_distance_km: float, max_depth_km: float, spacing_km: float, layers: int) -> str | None:
    """Why a travel-time table reaching ``max_distance_km`` and ``max_depth_km`` at ``spacing_km`` for a model of
    ``layers`` layers is too large to build, or None."""
    nodes = table_shape(max_distance_km, max_depth_km, spacing_km)
    count = nodes[0] * nodes[1]
    if count > MAX_TABLE_NODES or count * layers > MAX_TABLE_LAYER_NODES:
        return (f"the travel-time table of this {layers}-layer model to {max_distance_km:.0f} km away and "
                f"{max_depth_km:g} km deep "
                f"deep would hold {count:,} nodes (at most {MAX_TABLE_NODES:,}, and {MAX_TABLE_LAYER_NODES:,} "
                f"nodes times layers): search less deep, or use fewer layers or a smaller network")
    return None


def table_shape(max_distance_km: float, max_depth_km: float, spacing_km: float) -> tuple[int, int]:
    """(distance, depth) node counts of a travel-time table reaching ``max_distance_km`` and ``max_depth_km``."""
    return int(max_distance_km / spacing_km) + 1, int(max_depth_km / spacing_km) + 1


def search_span_problem(span_km: float) -> str | None:
    """Why a search area ``span_km`` across (its diagonal) is too large, or None."""
    if not span_km <= MAX_SEARCH_SPAN_KM:
        return (f"the search area (the stations' extent plus margins) spans {span_km:,.0f} km; association covers "
                f"at most {MAX_SEARCH_SPAN_KM:,.0f} km (associate the regions of the network separately)")
    return None


def _shown(value) -> str:
    """A value as the message shows it (short, one line)."""
    if isinstance(value, Integral) and abs(value) >= 10**40:
        return "a number of over 40 digits"
    text = f"{value:g}" if isinstance(value, Real) and not isinstance(value, Integral) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
