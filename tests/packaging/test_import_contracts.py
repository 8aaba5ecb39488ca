"""The architecture holds: import-linter checks every contract in pyproject.toml ([tool.importlinter]: the layers,
the command line through the application layer only, no Qt in the core, no import circle) on every test run."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(config_filename=sys.argv[1], " \
       "no_cache=True, no_logo=True))"


def test_every_import_contract_is_kept():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    assert {"layers", "forbidden", "acyclic_siblings"} <= {contract["type"] for contract in contracts}
    # in a process of its own: import-linter's console output outlives pytest's captured streams
    done = subprocess.run([sys.executable, "-c", LINT, str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    result = re.search(r"Contracts: (\d+) kept, (\d+) broken", done.stdout)
    assert result is not None, done.stdout + done.stderr
    assert (int(result[1]), int(result[2])) == (len(contracts), 0), done.stdout
    assert done.returncode == 0
