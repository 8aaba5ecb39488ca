"""`python -m eqviewer` runs the same entry point as the `eqviewer` command."""

from eqviewer.cli import run

run()
