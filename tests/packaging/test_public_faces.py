"""Each package of the core has a public face: its ``__init__`` names in ``__all__`` what other packages may use,
and a module of another package imports those names from the package (``from eqviewer.io import Record``), never
from one of its modules (``from eqviewer.io.record import Record``). The application layer is exempt as a target
(the command line and the window import its workflow modules); tests and benchmarks are not packages."""

from __future__ import annotations

import importlib
import subprocess
import sys
from types import ModuleType

import grimp
import pytest

# The packages that have a face; a module of one of PACKAGES imports a name of one of FACES only from its face.
FACES = ("io", "model", "detect", "review", "train", "associate", "distributed")
PACKAGES = (*FACES, "app", "gui", "cli")


def _package(module: str) -> str | None:
    """The package of eqviewer that ``module`` belongs to (None for eqviewer itself and its top-level modules)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in PACKAGES else None


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("eqviewer")


def test_packages_import_each_other_only_through_their_faces(graph):
    offending = []
    for importer in sorted(graph.modules):
        package = _package(importer)
        if package is None:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            target = _package(imported)
            if target not in FACES or target == package or imported == f"eqviewer.{target}":
                continue
            for detail in graph.get_import_details(importer=importer, imported=imported):
                offending.append(f"{importer} line {detail['line_number']}: {detail['line_contents']} "
                                 f"(import it from eqviewer.{target}, adding it to its __all__)")
    assert not offending, "imports of another package's module:\n" + "\n".join(offending)


@pytest.mark.parametrize("name", FACES)
def test_every_public_name_resolves(name):
    package = importlib.import_module(f"eqviewer.{name}")
    public = package.__all__
    assert len(public) == len(set(public)), f"eqviewer.{name}.__all__ names something twice"
    for attribute in public:
        value = getattr(package, attribute)  # a lazy face imports the module that defines it here
        assert not isinstance(value, ModuleType), f"eqviewer.{name}.{attribute} is a module, not the name it exports"


def test_light_names_do_not_import_tensorflow():
    """The command line's parser, the model registry and descriptor and the training settings load without
    TensorFlow (`eqviewer --help` and `eqviewer info` stay quick)."""
    code = (
        "import sys, eqviewer.cli, eqviewer.app.thresholds\n"
        "from eqviewer.model import SEED, NETWORKS, list_models, model_thresholds, resolve, noise_ceiling\n"
        "from eqviewer.train import TASKS, TrainSettings, MIN_LABELS\n"
        "eqviewer.cli.build_parser()\n"
        "print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
