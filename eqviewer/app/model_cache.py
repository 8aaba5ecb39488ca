"""Loaded models kept between runs, reloaded when the registry's files change.

A model re-registered under the same name (e.g. retrained on the session again) has new files; the cache keys
each loaded model by a stamp of its files (path, size and modification time of every network file and of the
metadata, following the chain of base models), so the next run loads the new weights instead of reusing the old.
"""

from __future__ import annotations

import os
import threading

from eqviewer.errors import ModelError
from eqviewer.model import METADATA_FILE, NETWORKS, SEED_NAME, noise_ceiling, resolve

MAX_BASE_DEPTH = 8


def model_stamp(spec: str, depth: int = 0) -> tuple:
    """What identifies the files of model ``spec`` now; it changes when the model is re-registered."""
    entry = resolve(None if spec == SEED_NAME else spec)
    paths = sorted(str(p) for p in entry.files.values())
    metadata = entry.path / METADATA_FILE
    if metadata.is_file():
        paths.append(str(metadata))
    stamp = [str(entry.path.resolve())]
    for path in paths:
        try:
            info = os.stat(path)
            stamp.append((path, info.st_size, info.st_mtime_ns))
        except OSError:
            stamp.append((path, None, None))
    base = entry.metadata.get("base") if entry.kind == "keras" else None
    if base and set(entry.files) != set(NETWORKS) and depth < MAX_BASE_DEPTH:
        stamp.append(model_stamp(str(base), depth + 1))
    return tuple(stamp)


class ModelCache:
    """Loaded :class:`eqviewer.model.SeedModel` objects by name; :meth:`get` (in the worker) reloads a model whose
    files changed, :meth:`loaded` (in the GUI) says which one a run would use without loading anything."""

    def __init__(self):
        self._models: dict[str, tuple[tuple, object]] = {}

    def get(self, spec: str):
        """The model ``spec``, loaded now when it is not cached or its files changed since (ModelError when bad)."""
        from eqviewer.model import SeedModel

        stamp = model_stamp(spec)
        cached = self._models.get(spec)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        model = SeedModel.load(None if spec == SEED_NAME else spec)
        self._models[spec] = (stamp, model)
        return model

    def loaded(self, spec: str):
        """The cached model ``spec`` when its files are unchanged (what :meth:`get` would return without
        loading), else None."""
        cached = self._models.get(spec)
        try:
            return cached[1] if cached is not None and cached[0] == model_stamp(spec) else None
        except ModelError:
            return None


def load_runtime_in_background() -> threading.Thread:
    """Import the model runtime (TensorFlow) in a thread of its own, now, and return the thread.

    The import holds the interpreter lock for up to half a second at a time (measured: five stalls of 100-560 ms of
    a thread ticking every 5 ms), which would freeze the window at the start of its first model run; the window
    starts it when it opens, while the analyst reads the first record. The thread is not a daemon: a process that
    exits during the import waits for it rather than tearing the half-imported runtime down.
    """
    def load() -> None:
        from eqviewer.model import quick_start_inference  # noqa: F401  (its module imports TensorFlow and Keras)

    thread = threading.Thread(target=load, name="eqviewer-load-runtime")
    thread.start()
    return thread


def curves_classifier_ceiling(models: list[str], selected: str, detection: str = "classifier") -> float | None:
    """The noise ceiling (:func:`eqviewer.model.amplitude_guard.noise_ceiling`) of the classifier behind a record's
    P(eq) curve: that of the model its automatic picks came from (``models``, "name:version", most frequent first,
    as :func:`eqviewer.review.pick_view.source_models` gives them), else of the ``selected`` model, else the seed's;
    None when P(eq) comes from the pickers (``detection``), which do not read raw amplitudes.
    Reads model metadata only."""
    if detection != "classifier":
        return None
    for spec in [m.rsplit(":", 1)[0] for m in models[:1]] + [selected, SEED_NAME]:
        try:
            return noise_ceiling(resolve(None if spec == SEED_NAME else spec))
        except ModelError:
            continue
    return None
