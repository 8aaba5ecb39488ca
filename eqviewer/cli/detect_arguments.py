"""The options `detect`, `evaluate` and `calibrate` share (inputs, model, device, thresholds, cascade, Dask), and
the detection settings they give (:func:`eqviewer.app.thresholds.detect_settings`: the model's own thresholds,
then the options given)."""

from __future__ import annotations

import argparse

from eqviewer.app.thresholds import DEFAULTS, DETECTION_SOURCES, detect_settings
from eqviewer.cli.arguments import iso_time, positive_float, positive_int, probability


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments `detect`, `evaluate` and `calibrate` share: inputs, model, stride, device, archive options."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, glob, SDS root, HDF5 or SeisBench folder")
    parser.add_argument("--model", default="seed", help="seed (default), a registered model's name, or a model folder")
    parser.add_argument("--stride", type=positive_float, metavar="S", help="seconds between picker windows (default 8)")
    parser.add_argument("--device", choices=("cpu", "gpu"), default=None, help="run on the CPU or the GPU (default: GPU if seen)")
    parser.add_argument("--format", default=None, help="force a reader (stead_hdf5, seisbench, sds, mseed, sac, ...)")
    parser.add_argument("--start", type=iso_time, default=None, help="only data from this time (ISO 8601)")
    parser.add_argument("--end", type=iso_time, default=None, help="only data up to this time (ISO 8601)")


def add_picking_arguments(parser: argparse.ArgumentParser) -> None:
    """The thresholds and the cascade, which `detect` and `evaluate` share."""
    parser.add_argument("--p-threshold", type=probability,
                        help="P probability a pick needs (default: the model's own: fitted to it, else its kind's)")
    parser.add_argument("--s-threshold", type=probability,
                        help="S probability a pick needs (default: the model's own: fitted to it, else its kind's)")
    parser.add_argument("--det-threshold", type=probability,
                        help="P(eq) of a detection (default: the model's own: fitted to it, else its kind's)")
    parser.add_argument("--pick-min-detection", type=probability, metavar="P",
                        help=f"P(eq) a pick needs where it lies (default {DEFAULTS.pick_min_detection:g}; 0: keep "
                             "picks wherever P(eq) is low)")
    parser.add_argument("--detection", choices=DETECTION_SOURCES, default=None,
                        help="where P(eq) comes from: pickers (default: the P/S curves and the signal-to-noise ratio "
                             "at the P peak, calibrated; any instrument) or classifier (the seed classifier network, "
                             "which reads raw counts)")
    parser.add_argument("--cascade", action="store_true", help="run the pickers only where a cheap first pass flags signal")
    parser.add_argument(
        "--first-pass", choices=("auto", "classifier", "stalta"), default=None,
        help="first pass of --cascade (default auto: the classifier if it suits the data, else STA/LTA)",
    )


def add_cluster_arguments(parser: argparse.ArgumentParser) -> None:
    """The --scheduler and --workers options of `detect`."""
    parser.add_argument(
        "--scheduler", metavar="local|tcp://HOST:PORT",
        help="run station-day tasks on Dask: 'local' starts worker processes here, tcp://HOST:PORT joins a cluster"
             " (with --session, rerunning resumes)",
    )
    parser.add_argument("--workers", type=positive_int, metavar="N", help="worker processes of --scheduler local (default: one per core)")


def settings_from(args: argparse.Namespace):
    """The detection settings of the command line: those of ``--model`` (kind defaults, then its fitted
    thresholds), the strides of ``--stride``, then the thresholds and cascade options given."""
    return detect_settings(
        getattr(args, "model", None), getattr(args, "stride", None),
        p_threshold=getattr(args, "p_threshold", None), s_threshold=getattr(args, "s_threshold", None),
        det_threshold=getattr(args, "det_threshold", None), detection=getattr(args, "detection", None),
        pick_min_detection=getattr(args, "pick_min_detection", None), first_pass=getattr(args, "first_pass", None),
        cascade=True if getattr(args, "cascade", False) else None,
        attention=True if getattr(args, "attention", False) else None,
    )
