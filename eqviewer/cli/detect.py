"""`eqviewer detect PATH...`: find earthquakes and pick P and S in archives of any length.

Picks go to a CSV or QuakeML file (--out), into a review session as automatic picks (--session), or as CSV to
stdout. A progress bar on stderr shows records and windows per second; Ctrl+C stops cleanly and keeps the picks
found so far. A record that cannot be read (a damaged file among good ones) is skipped with a warning naming it;
the other records' picks are written and the exit status is 3 (0 when every record was read).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from eqviewer.cli.arguments import iso_time, positive_float, probability
from eqviewer.cli.associate import add_association_arguments, add_inventory_argument, associate_into
from eqviewer.cli.detect_cluster import add_cluster_arguments, run_on_cluster
from eqviewer.cli.terminal import printable
from eqviewer.errors import ArchiveError, EqviewerError
from eqviewer.model.descriptor import CLASSIFIER, SEED

EXIT_SKIPPED = 3  # the run finished, but some records could not be read and were skipped


def register(subparsers) -> None:
    """Add the `detect` sub-command."""
    parser = subparsers.add_parser("detect", help="detect earthquakes and pick P and S", description=__doc__)
    add_engine_arguments(parser)
    parser.add_argument("--out", metavar="FILE", help="write picks to FILE.csv or FILE.xml (QuakeML)")
    parser.add_argument("--session", metavar="S.eqreview", help="add the picks to this review session (created if missing)")
    add_picking_arguments(parser)
    parser.add_argument("--attention", action="store_true", help="also stitch the attention maps (into the session)")
    add_cluster_arguments(parser)
    parser.add_argument("--associate", action="store_true",
                        help="then associate the session's picks into located events (needs --session)")
    add_inventory_argument(parser)
    add_association_arguments(parser)
    parser.set_defaults(func=run)


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments `detect` and `evaluate` share: inputs, model, stride, device, archive options."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, glob, SDS root, HDF5 or SeisBench folder")
    parser.add_argument("--model", default="seed", help="seed (default), a registered model's name, or a model folder")
    parser.add_argument("--stride", type=positive_float, metavar="S", help="seconds between picker windows (default 8)")
    parser.add_argument("--device", choices=("cpu", "gpu"), default=None, help="run on the CPU or the GPU (default: GPU if seen)")
    parser.add_argument("--format", default=None, help="force a reader (stead_hdf5, seisbench, sds, mseed, sac, ...)")
    parser.add_argument("--start", type=iso_time, default=None, help="only data from this time (ISO 8601)")
    parser.add_argument("--end", type=iso_time, default=None, help="only data up to this time (ISO 8601)")


def add_picking_arguments(parser: argparse.ArgumentParser) -> None:
    """The thresholds and the cascade, which `detect` and `evaluate` share."""
    defaults = SEED.thresholds
    parser.add_argument("--p-threshold", type=probability,
                        help=f"P probability a pick needs (default: the model's fitted threshold, else {defaults['p']:g})")
    parser.add_argument("--s-threshold", type=probability,
                        help=f"S probability a pick needs (default: the model's fitted threshold, else {defaults['s']:g})")
    parser.add_argument("--det-threshold", type=probability,
                        help="classifier probability of a detection (default: the model's fitted threshold, "
                             f"else {defaults[CLASSIFIER]:g})")
    parser.add_argument("--cascade", action="store_true", help="run the pickers only where a cheap first pass flags signal")
    parser.add_argument(
        "--first-pass", choices=("auto", "classifier", "stalta"), default=None,
        help="first pass of --cascade (default auto: the classifier if it suits the data, else STA/LTA)",
    )


def settings_from(args: argparse.Namespace):
    """DetectSettings from the command line: the defaults, then the thresholds fitted to the model (``--model``,
    stored in its metadata), then the options given."""
    from eqviewer.detect import DetectSettings
    from eqviewer.model import registry

    try:
        changes = registry.fitted_thresholds(args.model) if getattr(args, "model", None) else {}
    except EqviewerError:  # an unknown model: loading it says so
        changes = {}
    for option, field in (("p_threshold", "p_threshold"), ("s_threshold", "s_threshold"),
                          ("det_threshold", "det_threshold"), ("first_pass", "first_pass")):
        value = getattr(args, option, None)
        if value is not None:
            changes[field] = value
    if getattr(args, "cascade", False):
        changes["cascade"] = True
    if getattr(args, "attention", False):
        changes["attention"] = True
    try:
        stride = DetectSettings().stride_s if args.stride is None else args.stride
        return DetectSettings.for_stride(stride, **changes)
    except ValueError as exc:
        raise EqviewerError(None, str(exc)) from None


def choose_device(args: argparse.Namespace) -> None:
    """Make TensorFlow use the device of ``--device`` (on a CPU without its graph optimiser:
    :func:`eqviewer.model.runtime.quick_start_inference`)."""
    import tensorflow as tf

    if args.device == "cpu":
        tf.config.set_visible_devices([], "GPU")
    elif args.device == "gpu" and not tf.config.list_physical_devices("GPU"):
        raise EqviewerError(None, "--device gpu: TensorFlow sees no GPU (install eqviewer[gpu] and a CUDA driver)")
    from eqviewer.model.runtime import quick_start_inference

    quick_start_inference()


def load_model(args: argparse.Namespace):
    """Choose the device, then load the model named on the command line."""
    from eqviewer.model import SeedModel

    choose_device(args)
    return SeedModel.load(args.model)


def open_sources(args: argparse.Namespace) -> list:
    """Open every PATH (errors name the file). Existing paths are made absolute, so a record's id in a session is
    the same whichever folder the command runs from (and the same as the GUI's and the cluster run's)."""
    from eqviewer.io import open_archive

    paths = [os.path.abspath(p) if os.path.exists(p) else p for p in args.paths]
    return [open_archive(path, format=args.format, start=args.start, end=args.end) for path in paths]


def run(args: argparse.Namespace) -> int:
    """Detect over every archive; returns 0, :data:`EXIT_SKIPPED` when unreadable records were skipped, or 130
    after Ctrl+C (the picks found so far are kept)."""
    from tqdm import tqdm

    from eqviewer.detect import Detector, detect_source
    from eqviewer.detect.writers import PickWriter

    if (args.associate or args.inventory) and not args.session:
        raise EqviewerError(None, "--associate and --inventory store events and stations in a review session:"
                                  " give --session S.eqreview")
    if args.scheduler:
        status = run_on_cluster(args)
        return _associate_after(args) if status == 0 else status
    settings = settings_from(args)
    sources = open_sources(args)
    writer = PickWriter(args.out, None) if args.out else None
    if writer is None and not args.session:
        writer = PickWriter("-", sys.stdout)
    session = _open_session(args.session, args.paths) if args.session else None
    interrupted = False
    skipped = 0
    records = 0
    windows = 0
    started = time.perf_counter()
    try:
        detector = Detector(load_model(args), settings)
        n_items = sum(len(source.items()) for source in sources)
        estimate = sum(
            max(1, int((item.end - item.start) / settings.stride_s) + 1) for source in sources for item in source.items()
        )
        bar = tqdm(total=estimate, unit="win", file=sys.stderr, disable=None, dynamic_ncols=True)
        pending = _RecordBuffer(session, detector, settings)
        try:
            for source in sources:
                for item in source.items():
                    last = [0]

                    def progress(state, last=last, number=records + 1) -> None:
                        bar.update(state.windows_done - last[0])
                        last[0] = state.windows_done
                        bar.set_postfix_str(f"record {number}/{n_items}")

                    try:
                        for annotations in detect_source(source, detector, progress=progress, items=[item]):
                            windows += annotations.n_windows
                            if writer is not None:
                                writer.write(annotations.picks)
                            pending.add(annotations)
                    except ArchiveError as exc:  # a damaged record: the others still count
                        skipped += 1
                        bar.write(f"eqviewer detect: warning: skipped {printable(str(source.ref(item)))}: "
                                  f"{printable(str(exc))}", file=sys.stderr)
                    records += 1
        except KeyboardInterrupt:
            interrupted = True
        finally:
            bar.close()
            pending.flush()
    except BaseException:
        if writer is not None and writer.path != "-":
            writer.discard()
        raise
    finally:
        if session is not None:
            session.close()
        for source in sources:
            source.close()
    if writer is not None:
        writer.close()
    count = writer.count if writer is not None else pending.count
    where = f" to {args.out}" if args.out else (f" into {args.session}" if args.session else "")
    state = "interrupted: kept" if interrupted else "wrote"
    seconds = time.perf_counter() - started
    unread = f"; skipped {skipped} unreadable of {records} records" if skipped else ""
    print(
        printable(f"eqviewer detect: {state} {count} picks{where}; {windows} picker windows in {seconds:.1f} s"
                  f" ({windows / max(seconds, 1e-9):.0f} windows/s, model loading included){unread}"),
        file=sys.stderr,
    )
    if interrupted:
        return 130
    status = _associate_after(args)
    return EXIT_SKIPPED if skipped and status == 0 else status


def _associate_after(args: argparse.Namespace) -> int:
    """`--associate` (and `--inventory`): store station coordinates and associate the session's picks."""
    if not (args.associate or args.inventory):
        return 0
    from eqviewer.associate.session_events import add_station_metadata

    session = _open_session(args.session, args.paths)
    try:
        if args.associate:
            associate_into(session, args)
        else:
            add_station_metadata(session, args.inventory)
    finally:
        session.close()
    return 0


def _open_session(path: str, archives: list[str]):
    from eqviewer.review.session import Session

    if Session.exists(path):
        session = Session.open(path)
        if session.read_only:
            session.close()
            raise EqviewerError(path, "the session is open in another process; close it there first")
        known = {entry.path for entry in session.archives()}
        for archive in archives:
            if os.path.abspath(archive) not in known and archive not in known:
                session.add_archive(archive)
        return session
    return Session.create(path, archives=archives)


class _RecordBuffer:
    """Gathers a record's slices and stores them in the session once the record is done, as one batch (one undoable
    edit per record, replacing an earlier run's automatic results: see :mod:`eqviewer.review.detection_results`)."""

    def __init__(self, session, detector, settings):
        self.session = session
        self.run_info = {"model": detector.provenance, "settings": settings.as_dict()}
        self.record: str | None = None
        self.parts: list = []
        self.count = 0

    def add(self, annotations) -> None:
        """Keep a slice (or count its picks when there is no session)."""
        if self.session is None:
            self.count += len(annotations.picks)
            return
        if annotations.record != self.record:
            self.flush()
            self.record = annotations.record
        self.parts.append(annotations)

    def flush(self) -> None:
        """Store the record gathered so far."""
        if self.session is None or not self.parts:
            return
        from eqviewer.review.detection_results import batch_from_annotations, store_detections

        batch = batch_from_annotations(self.parts, self.run_info)
        stored = store_detections(self.session, batch)
        self.count += len(batch.picks)
        for record in stored.curves_skipped:
            print(f"eqviewer detect: {record}: longer than two days; its picks are stored, its probability"
                  " curves are not (run detect on shorter time ranges with --start/--end to keep them)", file=sys.stderr)
        self.parts = []
