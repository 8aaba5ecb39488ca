"""The `eqviewer` command: argument parsing and printing only; every sub-command calls a workflow of
:mod:`eqviewer.app` (the same one the window calls where it does the same thing).

Each sub-command lives in its own module of this package and exposes ``register(subparsers)``, which adds its
parser and sets ``func`` (called with the parsed arguments, returning an exit status). Every argument is checked by
its parser (types in :mod:`eqviewer.cli.arguments`). Errors a user can cause (a bad argument, or an
:class:`eqviewer.errors.EqviewerError`) print one line ``eqviewer: error: <file>: <reason>`` on stderr, with
control characters escaped, and exit with status 2; there is no traceback for them.

Exit statuses: 0 done; 2 bad input or arguments; 3 done, but some records were skipped as unreadable (`detect`,
each named in a warning); 130 interrupted (Ctrl+C); 141 the reader of the output went away (``| head``).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from typing import NoReturn

from eqviewer.cli.arguments import check_time_range
from eqviewer.cli.terminal import printable
from eqviewer.errors import EqviewerError

# Sub-command modules, in the order `eqviewer --help` lists them.
COMMAND_MODULES = ("open", "info", "models", "detect", "associate", "locate", "event", "magnitude", "evaluate",
                   "session", "export", "train", "calibrate")
# Exit status when the reader of the output closed the pipe (128 + SIGPIPE, as a shell reports a program it killed).
EXIT_BROKEN_PIPE = 141


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, ``eqviewer: error: <what>`` (status 2)."""

    def error(self, message: str) -> NoReturn:
        """Print the one-line error and exit with status 2."""
        self.exit(2, f"eqviewer: error: {printable(message)} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every sub-command registered."""
    parser = _Parser(
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
    try:
        args = parser.parse_args(argv)
        check_time_range(parser, args)
    except SystemExit as exc:  # --help, or an argument error already printed
        return exc.code if isinstance(exc.code, int) else 2
    try:
        if args.version:
            from eqviewer.cli.version import version_text

            print(version_text())
            return 0
        if args.command is None:  # no sub-command: start the GUI
            args = parser.parse_args(["open", *(argv or [])])
        status = int(args.func(args) or 0)
        sys.stdout.flush()
        return status
    except EqviewerError as exc:
        print(f"eqviewer: error: {printable(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `eqviewer info ... | head -1`: stop quietly; nothing more is written to the pipe
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
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
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 prints as \xNN, never an error
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    status = main()
    gc.freeze()
    sys.exit(status)
