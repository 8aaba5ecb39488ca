"""Packaging glue that pyproject.toml cannot express: the package list.

The top-level ``resources/`` folder is installed as the package ``eqviewer.resources`` (see
``[tool.setuptools.package-dir]`` in pyproject.toml). ``packages.find`` only finds folders named after their
package, so the list is every ``eqviewer*`` package found on disk plus that mapped one. Everything else about
the build lives in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["eqviewer*"]), "eqviewer.resources"])
