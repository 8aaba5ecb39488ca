"""The `eqviewer` command: argument parsing only; every sub-command calls a core function.

Each sub-command lives in its own module of this package and exposes ``register(subparsers)``, which adds its
parser and sets ``func`` (called with the parsed arguments, returning an exit status). Errors a user can cause
(:class:`eqviewer.errors.EqviewerError`) print one line ``eqviewer: error: <file>: <reason>`` on stderr and
exit with status 2; there is no traceback for them.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from typing import NoReturn

from eqviewer.errors import EqviewerError

# Sub-command modules, in the order `eqviewer --help` lists them.
COMMAND_MODULES = ("open", "info", "models", "detect", "evaluate", "session", "export", "train", "calibrate")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="eqviewer",
        description="Review and correct the earthquakes and phase picks a deep-learning detector finds.",
    )
    parser.add_argument("--version", action="store_true", help="print versions (eqviewer, TensorFlow, Keras, GPU) and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"eqviewer.cli.{name}")
        except ModuleNotFoundError as exc:  # a sub-command still being written
            if exc.name != f"eqviewer.cli.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `eqviewer` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.version:
            from eqviewer.cli.version import version_text

            print(version_text())
            return 0
        if args.command is None:  # no sub-command: start the GUI
            args = parser.parse_args(["open", *(argv or [])])
        return int(args.func(args) or 0)
    except EqviewerError as exc:
        print(f"eqviewer: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("eqviewer: interrupted", file=sys.stderr)
        return 130


def run() -> NoReturn:
    """The `eqviewer` console script and `python -m eqviewer`: :func:`main`, then exit.

    Before exiting, every object is moved out of the garbage collector's reach (:func:`gc.freeze`): the collection
    the interpreter makes at shutdown walks all of TensorFlow's objects, which took 1.1-1.2 s at the end of every
    command that loaded a model (measured; 0.1 s with the freeze). Everything the commands write is closed or
    renamed into place before :func:`main` returns.
    """
    status = main()
    gc.freeze()
    sys.exit(status)
