"""Copying the published Keras 2 ``.h5`` weights into the networks of :mod:`eqviewer.model.networks`.

The weights are read with h5py by layer name; the stored ``model_config`` is never used. Each table maps one
of our layers to the stored layers whose weights, in their stored order, fill our layer's weights in order
(``"dense_11/bias"`` takes one weight only). Names are from ../shared/design/seed-model.md §4-§5.
"""

from __future__ import annotations

from pathlib import Path

import h5py
import keras
import numpy as np

from eqviewer.errors import ModelError


def _convs(*numbers: int) -> list[str]:
    return [f"conv1d_{n}" if n else "conv1d" for n in numbers]


def _dense(number: int) -> str:
    return f"dense_{number}" if number else "dense"


CLASSIFIER_TABLE: dict[str, list[str]] = {
    "msff1": _convs(0, 1, 2),
    "msff2": _convs(4, 5, 6),
    "attention1": ["dense_2", "dense_3", "conv1d_7"],
    "msff3": _convs(8, 9, 10),
    "msff4": _convs(12, 13, 14),
    "attention2": ["dense_6", "dense_7", "conv1d_15"],
    "gru1": ["gru"],
    "gru2": ["gru_1"],
    "probability": ["dense_8"],
}

PICKER_TABLE: dict[str, list[str]] = {
    "msff1": [_dense(0), *_convs(0, 1, 2)],
    "attention1": ["dense_1", "dense_2", "conv1d_3"],
    "msff2": ["dense_3", *_convs(4, 5, 6)],
    "attention2": ["dense_4", "dense_5", "conv1d_7"],
    "msff3": ["dense_6", *_convs(8, 9, 10)],
    "attention3": ["dense_7", "dense_8", "conv1d_11"],
    "msff4": ["dense_9", *_convs(12, 13, 14)],
    # dense_10 has zero units; dense_11 then only contributes its bias: the constant gate.
    "attention4": ["dense_11/bias", "conv1d_15"],
    "decoder4_project": ["dense_13"],
    "decoder4": _convs(16, 17, 18),
    "decoder3_project": ["dense_14"],
    "decoder3": _convs(19, 20, 21),
    "decoder2_project": ["dense_15"],
    "decoder2": _convs(22, 23, 24),
    "decoder1_project": ["dense_16"],
    "decoder1": _convs(25, 26, 27),
    "head_dense": ["dense_17"],
    "probability": _convs(28),
}


def _decode(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def read_stored_weights(path: str | Path) -> dict[str, list[tuple[str, np.ndarray]]]:
    """Every weighted layer of a Keras 2 full-model ``.h5`` save: layer name -> [(weight name, array)]."""
    try:
        with h5py.File(path, "r") as f:
            root = f["model_weights"] if "model_weights" in f else f
            stored = {}
            for layer in root.attrs["layer_names"]:
                group = root[_decode(layer)]
                names = [_decode(n) for n in group.attrs.get("weight_names", [])]
                if names:
                    stored[_decode(layer)] = [(n, np.asarray(group[n])) for n in names]
            return stored
    except (OSError, KeyError) as exc:
        raise ModelError(path, f"not a readable Keras .h5 weight file ({exc})") from exc


def _select(stored: dict, entry: str, path: Path) -> list[np.ndarray]:
    layer, _, only = entry.partition("/")
    if layer not in stored:
        raise ModelError(path, f"layer {layer!r} is missing from the weight file")
    weights = stored[layer]
    if only:
        weights = [(n, w) for n, w in weights if n.rsplit("/", 1)[-1].startswith(only + ":")]
    return [w for _, w in weights]


def load_h5_weights(model: keras.Model, path: str | Path, table: dict[str, list[str]]) -> None:
    """Fills ``model``'s weights from the stored layers named in ``table``; every stored weight must be used.

    Raises :class:`ModelError` naming the file when a layer is missing, a shape differs, or the file holds
    weights the table does not account for (i.e. it is not the network we think it is).
    """
    path = Path(path)
    stored = read_stored_weights(path)
    used: set[str] = set()
    for layer_name, entries in table.items():
        layer = model.get_layer(layer_name)
        values = [w for entry in entries for w in _select(stored, entry, path)]
        used.update(entry.partition("/")[0] for entry in entries)
        targets = layer.weights
        shapes = [tuple(v.shape) for v in values]
        expected = [tuple(t.shape) for t in targets]
        if shapes != expected:
            raise ModelError(path, f"weights for {layer_name} have shapes {shapes}, the network needs {expected}")
        layer.set_weights(values)
    unused = [name for name, ws in stored.items() if name not in used and any(w.size for _, w in ws)]
    if unused:
        raise ModelError(path, f"the file holds layers this network does not have: {', '.join(unused)}")
