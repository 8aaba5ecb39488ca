"""The layers hold: import-linter checks the contracts in pyproject.toml ([tool.importlinter]) on every test run."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_import_contracts_are_kept(capsys):
    status = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert "2 kept, 0 broken" in report, report
    assert status == 0
