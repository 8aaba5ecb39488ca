"""The layers hold: import-linter checks the contracts in pyproject.toml ([tool.importlinter]) on every test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(config_filename=sys.argv[1], " \
       "no_cache=True, no_logo=True))"


def test_import_contracts_are_kept():
    # in a process of its own: import-linter's console output outlives pytest's captured streams
    done = subprocess.run([sys.executable, "-c", LINT, str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert "2 kept, 0 broken" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0
