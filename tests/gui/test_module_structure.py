"""The window's modules stay small and import no circle: no module of eqviewer.gui over MAX_LINES lines, and no
gui module importing (also inside a function) one that imports it back, directly or through others."""

from __future__ import annotations

import ast
from pathlib import Path

import eqviewer.gui

MAX_LINES = 450
GUI = Path(eqviewer.gui.__file__).parent


def _gui_imports(path: Path) -> set[str]:
    """The eqviewer.gui modules that ``path`` imports anywhere in it (module names without the package)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "eqviewer.gui":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("eqviewer.gui."):
            found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[2] for a in node.names if a.name.startswith("eqviewer.gui.")}
    return found


def test_no_gui_module_is_longer_than_the_limit():
    long = {p.name: n for p in GUI.glob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_gui_modules_import_no_circle():
    graph = {p.stem: _gui_imports(p) & {q.stem for q in GUI.glob("*.py")} for p in GUI.glob("*.py")}

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for name in graph[start] - seen:
            seen.add(name)
            if name == target or reaches(name, target, seen):
                return True
        return False

    assert [name for name in graph if reaches(name, name, set())] == []
