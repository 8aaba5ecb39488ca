"""The training loop of one network: epochs of augmented batches, validation, early stopping, best weights.

It reports through ``progress`` after every batch and epoch and stops when ``cancel()`` returns true or the
user presses Ctrl+C; in every case the network ends with the weights of its best epoch (lowest validation loss,
or training loss when there is no validation set).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import keras
import numpy as np

from eqviewer.io import SAMPLING_RATE
from eqviewer.model import CLASSIFIER
from eqviewer.train.augment import AugmentSettings
from eqviewer.train.metrics import f_beta
from eqviewer.train.settings import LoopSettings
from eqviewer.train.tasks import Batch, eligible, epoch_order, make_batch
from eqviewer.train.windows import LabelledWindows


@dataclass
class TrainProgress:
    """One report from the loop: within an epoch (``step`` of ``steps``) or at its end (``epoch_done``)."""

    network: str
    epoch: int
    epochs: int
    step: int
    steps: int
    loss: float
    epoch_done: bool = False
    metrics: dict = field(default_factory=dict)


@dataclass
class LoopResult:
    """What training one network gave: its history, the chosen epoch and that epoch's validation metrics."""

    network: str
    epochs_run: int
    best_epoch: int
    stopped: str
    """Why it stopped: "epochs", "early stopping", "cancelled" or "interrupted"."""
    history: list[dict]
    val_metrics: dict
    n_train: int
    n_val: int


ENCODER_PREFIXES = ("msff", "attention")


def _set_encoder_trainable(model: keras.Model, trainable: bool) -> None:
    for layer in model.layers:
        if layer.name.startswith(ENCODER_PREFIXES):
            layer.trainable = trainable


def _compile(model: keras.Model, network: str, settings: LoopSettings) -> None:
    loss = "categorical_crossentropy" if network == CLASSIFIER else "binary_crossentropy"
    model.compile(optimizer=keras.optimizers.Adam(settings.learning_rate), loss=loss)


def validation_metrics(network: str, y_true: np.ndarray, y_pred: np.ndarray, threshold: float = 0.5) -> dict:
    """Metrics a person reads during training.

    Classifier: accuracy and earthquake F1 at ``threshold`` (:func:`eqviewer.train.metrics.f_beta`; left out
    when undefined: no earthquake and none called). Picker: on windows with an arrival, the share
    picked within 0.5 s at ``threshold`` (the peak of the curve), their mean absolute error in seconds; on
    noise windows, the share wrongly picked.
    """
    if network == CLASSIFIER:
        truth = y_true[:, 1] > 0.5
        said = y_pred[:, 1] > threshold
        tp = int(np.count_nonzero(truth & said))
        f1 = f_beta(tp, int(np.count_nonzero(said)) - tp, int(np.count_nonzero(truth)) - tp)
        return {"accuracy": float(np.mean(truth == said)), **({} if f1 is None else {"f1": f1})}
    true_curve, curve = y_true[..., 0], y_pred[..., 0]
    has_arrival = true_curve.max(axis=1) > 0.5
    peak_ok = curve.max(axis=1) >= threshold
    error_s = np.abs(curve.argmax(axis=1) - true_curve.argmax(axis=1)) / SAMPLING_RATE
    hits = has_arrival & peak_ok & (error_s <= 0.5)
    metrics = {"recall_0.5s": float(hits.sum() / max(has_arrival.sum(), 1))}
    if hits.any():
        metrics["mae_s"] = float(error_s[hits].mean())
    if (~has_arrival).any():
        metrics["false_pick_rate"] = float(np.mean(peak_ok[~has_arrival]))
    return metrics


def _pull_toward(anchors: list, fraction: float) -> None:
    """Move each trainable weight ``fraction`` of the way back to its value before training (decoupled L2-SP:
    the fine-tuned network stays near the base, which keeps what it learned elsewhere)."""
    for variable, start in anchors:
        value = np.asarray(variable.numpy())
        variable.assign(value + fraction * (start - value))


def _batches(windows, order, network, settings, rng, noise_bank, augment_settings, input_kind):
    for start in range(0, len(order), settings.batch_size):
        part = order[start : start + settings.batch_size]
        yield make_batch(windows, part, network, rng, augment_settings, noise_bank, input_kind)


def _evaluate(model, batches: list[Batch], network: str) -> tuple[float, dict]:
    losses, sizes, truths, preds = [], [], [], []
    for batch in batches:
        losses.append(float(model.test_on_batch(batch.x, batch.y)))
        sizes.append(len(batch.x))
        truths.append(batch.y)
        preds.append(np.asarray(model.predict_on_batch(batch.x)))
    loss = float(np.average(losses, weights=sizes))
    return loss, validation_metrics(network, np.concatenate(truths), np.concatenate(preds))


def train_network(
    model: keras.Model,
    network: str,
    windows: LabelledWindows,
    train_index: np.ndarray,
    val_index: np.ndarray,
    settings: LoopSettings,
    progress: Callable[[TrainProgress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    input_kind: str | None = None,
) -> LoopResult:
    """Fine-tune ``model`` (in place) as ``network`` ("classifier", "p" or "s"), fed the input ``input_kind``
    (default the seed's for ``network``); returns what happened.

    Noise windows of the training split are the noise bank mixed into training windows. Validation windows are
    not augmented. Ctrl+C (KeyboardInterrupt) and ``cancel()`` end training early with the best weights kept.
    """
    keras.utils.set_random_seed(settings.seed)
    train_index = eligible(windows, network, train_index)
    val_index = eligible(windows, network, val_index)
    if train_index.size == 0:
        raise ValueError(f"no training windows for the {network} network")
    noise_bank = windows.waveforms[np.asarray(train_index)[~windows.is_earthquake[train_index]]]
    _set_encoder_trainable(model, not settings.freeze_encoder)
    _compile(model, network, settings)
    anchors = [(v, np.array(v.numpy())) for v in model.trainable_weights] if settings.anchor > 0 else []
    val_batches = list(
        _batches(windows, val_index, network, settings, np.random.default_rng(0), None, AugmentSettings.off(),
                 input_kind)
    )
    best_loss, best_weights, best_epoch, since_best = np.inf, model.get_weights(), 0, 0
    history: list[dict] = []
    stopped = "epochs"
    epoch_size = len(epoch_order(windows, network, train_index, np.random.default_rng(0), settings.picker_noise_ratio))
    steps = int(np.ceil(epoch_size / settings.batch_size))
    try:
        for epoch in range(1, settings.epochs + 1):
            rng = np.random.default_rng([settings.seed, epoch])
            order = epoch_order(windows, network, train_index, rng, settings.picker_noise_ratio)
            losses, sizes = [], []
            batches = _batches(windows, order, network, settings, rng, noise_bank, settings.augment, input_kind)
            for step, batch in enumerate(batches, 1):
                losses.append(float(model.train_on_batch(batch.x, batch.y)))
                _pull_toward(anchors, settings.anchor)
                sizes.append(len(batch.x))
                if progress is not None:
                    progress(TrainProgress(network, epoch, settings.epochs, step, steps, float(np.average(losses, weights=sizes))))
                if cancel is not None and cancel():
                    stopped = "cancelled"
                    break
            if stopped == "cancelled":
                break
            record = {"epoch": epoch, "loss": float(np.average(losses, weights=sizes))}
            if val_batches:
                record["val_loss"], metrics = _evaluate(model, val_batches, network)
                record.update({f"val_{k}": v for k, v in metrics.items()})
            history.append(record)
            monitored = record.get("val_loss", record["loss"])
            if monitored < best_loss:
                best_loss, best_weights, best_epoch, since_best = monitored, model.get_weights(), epoch, 0
            else:
                since_best += 1
            if progress is not None:
                shown = {k: v for k, v in record.items() if k != "epoch"}
                progress(TrainProgress(network, epoch, settings.epochs, steps, steps, record["loss"], True, shown))
            if since_best >= settings.patience:
                stopped = "early stopping"
                break
    except KeyboardInterrupt:
        stopped = "interrupted"
    model.set_weights(best_weights)
    _set_encoder_trainable(model, True)
    best = next((h for h in history if h["epoch"] == best_epoch), {})
    return LoopResult(
        network=network,
        epochs_run=len(history),
        best_epoch=best_epoch,
        stopped=stopped,
        history=history,
        val_metrics={k: v for k, v in best.items() if k.startswith("val_")},
        n_train=int(train_index.size),
        n_val=int(val_index.size),
    )
