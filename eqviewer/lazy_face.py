"""Package faces whose names are imported on first use, so that importing a light name (a registry function, a
settings class) does not load TensorFlow."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_attributes(package: str, exports: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package`` that imports each public name of ``exports`` (name -> the module
    defining it) on first use; AttributeError for any other name."""

    def attribute(name: str) -> object:
        if name in exports:
            return getattr(importlib.import_module(exports[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return attribute
