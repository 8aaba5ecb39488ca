"""Fine-tuning a model on labelled archives and registering the result: the core of `eqviewer train`.

``finetune_paths(paths, base, task, out)`` reads every labelled window of the archives, splits them by event, trains
the task's networks starting from the base model (the seed, or a registered model), and registers the new model
under ``out`` in the user's model folder with its provenance (base, task, preprocessing, data paths and hash,
epochs, validation metrics, date). Each trained network is kept only where it beats the base's on the validation
split, and each fitted threshold only where reliably better than the base's (:mod:`eqviewer.train.selection`);
networks the task does not train, and those that lost, are taken from the base when loading.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import keras
import numpy as np

from eqviewer.errors import EqviewerError
from eqviewer.model import (CEILING_KEY, CLASSIFIER, NAME_PATTERN, NETWORKS, RAW, SEED, SEED_NAME, ModelEntry,
                            SeedModel, WindowNormalization, build_classifier, measure_noise_ceiling, register, resolve,
                            store_thresholds, user_models_dir)
from eqviewer.train.loop import LoopResult, TrainProgress, train_network
from eqviewer.train.noise import pre_p_noise, quiet_segment_noise
from eqviewer.train.split import split_by_event
from eqviewer.train.selection import Judgement, NetworkChoice, judge
from eqviewer.train.thresholds import NETWORK_KEYS, keep_unfitted
from eqviewer.train.settings import CLASSIFIER_INPUTS, TASKS, TrainSettings
from eqviewer.train.windows import LabelledWindows, collect_windows, concatenate

PREPROCESSING_TEXT = {
    "raw": "raw counts, unchanged (the seed classifier; depends on the instrument gain)",
    "normalized": "raw counts in; the network removes each channel's mean and divides by the window's largest "
    "absolute value (WindowNormalization layer), so the gain does not matter",
    "picker": "band-pass 1-45 Hz (3rd-order Butterworth, causal) then each channel divided by its signed maximum",
}


@dataclass
class TrainResult:
    """The registered model and how each of its networks was trained."""

    entry: ModelEntry
    networks: dict[str, LoopResult]
    n_windows: int
    n_train: int
    n_val: int
    data_sha256: str
    stopped: str
    counts: dict | None = None
    """Windows per class and kind in "train" and "validation" (:meth:`LabelledWindows.counts`)."""
    warnings: list[str] | None = None
    """What the person training should know, e.g. that a class is missing from a side."""
    choices: dict[str, NetworkChoice] = field(default_factory=dict)
    """Each trained network judged against the base's on the validation split (:mod:`eqviewer.train.selection`)."""
    unjudged: str | None = None
    """Why the trained networks were not judged (None: they were)."""


def read_labelled(
    paths: Sequence[str | os.PathLike],
    window: int,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> LabelledWindows:
    """Every labelled training window of ``window`` samples (the model's, see :func:`base_window`) in ``paths``:
    archives (any format :func:`eqviewer.io.open_archive` reads) or review sessions (their reviewed labels, cut as
    the exports cut them: :mod:`eqviewer.train.session_source`)."""
    from eqviewer.train.session_source import open_labelled

    def records():
        for path in paths:
            with open_labelled(path) as source:
                for item in source.items():
                    yield source.read(item)

    return collect_windows(records(), window, progress=progress, cancel=cancel)


def base_window(base: str | os.PathLike | None) -> int:
    """The window in samples of model ``base`` (None: the seed), read from its folder without loading it."""
    return resolve(base).descriptor.window_samples


def data_fingerprint(windows: LabelledWindows) -> str:
    """sha256 of the training windows' samples, labels and ids: what was trained on, whatever the file layout."""
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(windows.waveforms).tobytes())
    for i in range(len(windows)):
        digest.update(np.asarray(windows.p_samples[i], np.float64).tobytes() + b"|")
        digest.update(np.asarray(windows.s_samples[i], np.float64).tobytes() + b"|")
        digest.update(f"{int(windows.is_earthquake[i])}|{windows.event_ids[i]}|{windows.record_ids[i]}\n".encode())
    return digest.hexdigest()


def normalizing_classifier(base: keras.Model, seed_structure: bool = True) -> keras.Model:
    """A classifier that normalises its own input, starting from ``base``'s weights.

    For the seed architecture (``seed_structure``) it is built again with a normalisation layer first and the weights
    copied by layer name (the layers stay at the top level, where attention maps are read); for another model kind
    the normalisation layer is put in front of ``base`` itself."""
    if not seed_structure:
        waveform = keras.Input(base.input_shape[1:], name="waveform")
        return keras.Model(waveform, base(WindowNormalization(name="normalize")(waveform)), name=CLASSIFIER)
    model = build_classifier(normalize_input=True, name=CLASSIFIER)
    weights = {layer.name: layer.get_weights() for layer in base.layers}
    for layer in model.layers:
        if layer.weights and layer.name in weights:
            layer.set_weights(weights[layer.name])
    return model


def _uses_normalization(model: keras.Model) -> bool:
    return any(layer.name == "normalize" for layer in model.layers)


def _preprocessing(net: str, model: keras.Model) -> str:
    if net != CLASSIFIER:
        return PREPROCESSING_TEXT["picker"]
    return PREPROCESSING_TEXT["normalized" if _uses_normalization(model) else "raw"]


def _noise_ceiling(model: keras.Model, input_kind: str, window: int) -> float | None:
    """The trained classifier's white-noise ceiling (:mod:`eqviewer.model.amplitude_guard`); None for one that
    normalises its input or does not read raw amplitudes."""
    if _uses_normalization(model) or input_kind != RAW:
        return None
    return measure_noise_ceiling(lambda x: np.asarray(model.predict_on_batch(x))[:, 1], window)


def _append(windows: LabelledWindows, index: np.ndarray, extra: LabelledWindows) -> tuple[LabelledWindows, np.ndarray]:
    """``windows`` followed by ``extra``, and ``index`` with the indices of ``extra`` added."""
    return concatenate(windows, extra), np.concatenate([index, len(windows) + np.arange(len(extra))]).astype(int)


def class_warnings(counts: dict[str, dict[str, int]]) -> list[str]:
    """A warning for each class missing from training or validation."""
    warnings = []
    for side, what in (("train", "training"), ("validation", "validation")):
        for cls, effect in (("earthquake", "earthquakes"), ("noise", "noise")):
            if counts[side][cls] == 0:
                consequence = ("the networks learn no noise: add noise records, reject false picks or label noise "
                               "windows" if side == "train" and cls == "noise"
                               else f"the validation figures and fitted thresholds say nothing about {effect}")
                warnings.append(f"{what} holds no {cls} windows: {consequence}")
    return warnings


def finetune_windows(
    windows: LabelledWindows,
    base: str | os.PathLike | None,
    task: str,
    out: str,
    settings: TrainSettings = TrainSettings(),
    data_paths: Sequence[str] = (),
    progress: Callable[[TrainProgress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> TrainResult:
    """Fine-tune the ``task``'s networks of ``base`` on ``windows`` and register the result as ``out``.

    Raises :class:`EqviewerError` for an unknown task, a name that is taken (unless ``settings.overwrite``),
    or data with nothing to learn from. A cancel or Ctrl+C stops training; the best weights so far are saved.
    """
    if task not in TASKS:
        raise EqviewerError(None, f"unknown task {task!r} (choose from {', '.join(TASKS)})")
    if not 0.0 <= settings.anchor < 1.0:
        raise EqviewerError(None, f"the pull toward the base weights must be in [0, 1), got {settings.anchor}")
    if settings.classifier_input not in CLASSIFIER_INPUTS:
        raise EqviewerError(None, f"unknown classifier input {settings.classifier_input!r}")
    target = user_models_dir() / out
    if not NAME_PATTERN.match(out) or out == SEED_NAME:
        raise EqviewerError(out, "invalid model name (letters, digits, '.', '_', '-'; not 'seed')")
    if target.exists() and not settings.overwrite:
        raise EqviewerError(target, "a model with this name is already registered; choose another --out")
    if windows.n_earthquakes == 0:
        raise EqviewerError(", ".join(data_paths) or None, "the data holds no labelled earthquake windows to learn from")
    model = SeedModel.load(base)
    window = model.descriptor.window_samples
    if windows.waveforms.shape[2] != window:
        raise EqviewerError(", ".join(data_paths) or None, f"the windows hold {windows.waveforms.shape[2]} samples; "
                                                           f"model {model.name} takes {window}")
    labelled = windows
    train_index, val_index = split_by_event(windows.event_ids, windows.is_earthquake, settings.val_fraction, settings.seed)
    if settings.pre_p_noise:  # each side's own pre-P segments, so no samples cross the split
        extra_train, extra_val = pre_p_noise(windows, train_index), pre_p_noise(windows, val_index)
        windows, train_index = _append(windows, train_index, extra_train)
        windows, val_index = _append(windows, val_index, extra_val)
    counts = {side: {**windows.counts(index), **windows.pick_counts(index)}
              for side, index in (("train", train_index), ("validation", val_index))}
    warnings = class_warnings(counts)
    results: dict[str, LoopResult] = {}
    trained: dict[str, keras.Model] = {}
    stopped = "done"
    for net in TASKS[task]:
        network = model.networks[net]
        data, train_idx = windows, train_index
        loop = settings.loop_settings(net)
        if net == CLASSIFIER:
            if settings.classifier_input == "normalized" and not _uses_normalization(network):
                network = normalizing_classifier(network, seed_structure=model.descriptor == SEED)
                # its input is no longer the base's: weights fitted to raw counts are nothing to pull back to
                loop = replace(loop, anchor=0.0)
            if settings.quiet_noise:
                data, train_idx = _append(windows, train_index, quiet_segment_noise(windows, train_index, settings.seed))
                counts["train (classifier)"] = data.counts(train_idx)
        try:
            results[net] = train_network(network, net, data, train_idx, val_index, loop,
                                         progress, cancel, model.inputs[net])
        except ValueError as exc:
            raise EqviewerError(", ".join(data_paths) or None, str(exc)) from exc
        trained[net] = network
        if results[net].stopped in ("cancelled", "interrupted"):
            stopped = results[net].stopped
            break
    judgement, unjudged = Judgement({}, {}), _unjudged(stopped, counts, settings)
    if stopped == "done" and counts["validation"]["earthquake"] and (settings.keep_better or settings.fit_thresholds):
        judgement = _judge(model, trained, base, windows.subset(val_index), settings)
    rejected = [net for net, choice in judgement.choices.items() if choice.kept == "base"]
    trained = {net: network for net, network in trained.items() if net not in rejected}
    metadata = {
        "base": model.name,
        "base_version": model.version,
        "task": task,
        "preprocessing": {net: _preprocessing(net, m) for net, m in trained.items()},
        "training_data": {
            "paths": [str(Path(p).resolve()) for p in data_paths],
            "sha256": data_fingerprint(labelled),
            "windows": len(labelled),
            "earthquake_windows": labelled.n_earthquakes,
            "noise_windows": labelled.n_noise,
            "train_windows": int(train_index.size),
            "validation_windows": int(val_index.size),
            "counts": counts,
            "warnings": warnings,
            "split": "by event",
        },
        "settings": {k: v for k, v in asdict(settings).items() if k != "overwrite"},
        "epochs": {net: {"run": r.epochs_run, "best": r.best_epoch, "stopped": r.stopped} for net, r in results.items()},
        "validation_metrics": {net: r.val_metrics for net, r in results.items()},
        "history": {net: r.history for net, r in results.items()},
        "selection": {net: choice.as_dict() for net, choice in judgement.choices.items()},
        "from_base": {net: choice.text() for net, choice in judgement.choices.items() if net in rejected},
        **({"selection_skipped": unjudged} if unjudged else {}),
        "trained": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    if CLASSIFIER in trained:
        metadata[CEILING_KEY] = _noise_ceiling(trained[CLASSIFIER], model.inputs[CLASSIFIER], window)
    entry = register(
        out,
        trained,
        metadata,
        inputs={net: model.inputs[net] for net in trained},
        kind=model.descriptor.kind,
        overwrite=settings.overwrite,
    )
    fitted = _without(judgement.thresholds, [NETWORK_KEYS[net] for net in rejected])
    # every threshold not fitted to a kept tuned network, or not reliably better, is the base's
    thresholds = keep_unfitted(fitted, model.metadata, NETWORKS, model.name)
    if thresholds:
        entry = store_thresholds(entry, thresholds)
    return TrainResult(entry, results, len(labelled), int(train_index.size), int(val_index.size),
                       metadata["training_data"]["sha256"], stopped, counts, warnings, judgement.choices, unjudged)


def _without(thresholds: dict, keys: list[str]) -> dict:
    """A "thresholds" entry with nothing fitted for ``keys`` (networks replaced by the base's) left in it: each of
    them is noted as not fitted, the base's network being kept."""
    if not thresholds:
        return {}
    out = {k: v for k, v in thresholds.items() if k not in keys}
    for part in ("figures", "checked"):
        if part in out:
            out[part] = {k: v for k, v in out[part].items() if k not in keys}
    for key in keys:
        out.setdefault("not_fitted", {})[key] = "the base's network is kept"
    return out


def _unjudged(stopped: str, counts: dict, settings: TrainSettings) -> str | None:
    """Why the tuned networks are not judged against the base's (None: they are)."""
    if not settings.keep_better:
        return "asked to keep every trained network as trained"
    if stopped != "done":
        return f"training was {stopped}: the networks are kept as trained, not compared with the base's"
    if not counts["validation"]["earthquake"]:
        return "the validation split holds no earthquake: the networks are kept as trained, not compared with the base's"
    return None


def _judge(model: SeedModel, trained: dict[str, keras.Model], base: str | os.PathLike | None,
           validation: LabelledWindows, settings: TrainSettings) -> Judgement:
    """The tuned networks (with the base's others) against a fresh copy of the base on the validation windows, run
    as detection runs them (:func:`eqviewer.train.selection.judge`)."""
    from eqviewer.train.window_source import WindowsSource

    tuned = SeedModel(*(trained.get(net, model.networks[net]) for net in NETWORKS), name=model.name,
                      inputs=model.inputs, metadata={}, jit_compile=False, descriptor=model.descriptor)
    return judge([WindowsSource(validation)], tuned, SeedModel.load(base, jit_compile=False), list(trained),
                 settings.fit_thresholds, settings.keep_better, settings.bootstrap_resamples, settings.seed,
                 data=f"validation split ({len(validation)} windows)")


def finetune_paths(
    paths: Sequence[str | os.PathLike],
    base: str | os.PathLike | None,
    task: str,
    out: str,
    settings: TrainSettings = TrainSettings(),
    progress: Callable[[TrainProgress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> TrainResult:
    """Read the labelled archives at ``paths`` and :func:`finetune_windows` on them."""
    windows = read_training_data(paths, base, cancel)
    return finetune_windows(windows, base, task, out, settings, [str(p) for p in paths], progress, cancel)


def read_training_data(paths: Sequence[str | os.PathLike], base: str | os.PathLike | None,
                       cancel: Callable[[], bool] | None = None) -> LabelledWindows:
    """The labelled windows (of model ``base``'s window) of the archives or sessions at ``paths``; EqviewerError
    naming them when they hold none."""
    windows = read_labelled(paths, base_window(base), cancel=cancel)
    if len(windows) == 0:
        raise EqviewerError(", ".join(map(str, paths)), "no labelled windows (reviewed picks or earthquake/noise labels) found")
    return windows
