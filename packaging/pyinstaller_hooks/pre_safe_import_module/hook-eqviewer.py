"""Let PyInstaller find eqviewer.resources when eqviewer is installed in editable mode.

eqviewer.resources is the top-level resources/ folder of the source tree (a setuptools package-dir mapping). A
wheel install puts it at eqviewer/resources/, where PyInstaller looks; an editable install resolves it with an
import hook PyInstaller does not consult, so add the folder that holds resources/ to eqviewer's search path.
"""

import importlib.util
from pathlib import Path


def pre_safe_import_module(api):
    """Append the parent of the real resources/ folder to eqviewer's package path when it is elsewhere."""
    package = importlib.util.find_spec("eqviewer")
    resources = importlib.util.find_spec("eqviewer.resources")
    if package is None or resources is None:
        return
    resources_dir = Path(resources.origin).parent
    if resources_dir.parent not in {Path(location) for location in package.submodule_search_locations}:
        api.append_package_path(str(resources_dir.parent))
