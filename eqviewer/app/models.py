"""The models the app can run: the published seed weights and the registered (fine-tuned) models, listed, fetched,
checked and located; the workflows behind ``eqviewer models`` and the window's model list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eqviewer.model import (SEED_NAME, FileCheck, fetch as fetch_seed_weights, list_models, models_dir, user_models_dir,
                            verify as verify_seed_weights)

__all__ = ["FileCheck", "ModelFolders", "ModelListing", "fetch_seed_weights", "model_folders", "model_listing",
           "verify_seed_weights"]


@dataclass(frozen=True)
class ModelListing:
    """One model as a list shows it: its ``name`` (what the detector and ``--model`` take), whether its weights
    are on this machine (``ready``), a one-line ``description`` and its folder."""

    name: str
    ready: bool
    description: str
    path: Path


@dataclass(frozen=True)
class ModelFolders:
    """Where the seed weights and the registered models live."""

    seed: Path
    registered: Path


def model_listing() -> list[ModelListing]:
    """The seed model first, then every readable registered model by name (an unreadable one is skipped with a
    warning on the ``eqviewer.model.registry`` logger)."""
    listings = []
    for entry in list_models():
        if entry.kind == "seed-h5":
            description = "published seed weights"
        else:
            networks = ", ".join(entry.metadata.get("networks", {}))
            description = (f"{networks} fine-tuned from {entry.metadata.get('base', SEED_NAME)},"
                           f" {entry.metadata.get('created', '')}")
        listings.append(ModelListing(entry.name, entry.available, description, entry.path))
    return listings


def model_folders() -> ModelFolders:
    """The folders of the seed weights (``$EQVIEWER_MODELS_DIR`` or the user cache) and of registered models."""
    return ModelFolders(models_dir(), user_models_dir())
