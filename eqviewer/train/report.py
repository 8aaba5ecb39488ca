"""An HTML evaluation report a person would rather look at than read: one page, figures embedded as PNG.

For each model (side by side when there are several): a table of figures, P and S residual histograms, the
confusion matrix, precision-recall curves over thresholds (classifier and pickers), and the worst misses drawn
with their three components and the model's probability curves. Each model is judged at its own thresholds
(:class:`Thresholds`, carried by its :class:`Predictions`): a fine-tuned model that fitted its thresholds is shown
as detection would run it, not at another model's. The page is written to a temporary file and renamed into
place; nothing else is written.
"""

from __future__ import annotations

import base64
import html
import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from eqviewer.atomic_files import atomic_output
from eqviewer.errors import ExportError
from eqviewer.io import SAMPLING_RATE
from eqviewer.train.metrics import precision_recall_f1
from eqviewer.train.windows import LabelledWindows

TOLERANCE_S = 0.5
"""A pick counts as found when it is within this many seconds of the analyst's pick."""
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")


@dataclass(frozen=True)
class Thresholds:
    """What a model is judged at: the classifier's P(earthquake), and the P and S pickers' peaks."""

    det: float = 0.5
    p: float = 0.5
    s: float = 0.5

    @classmethod
    def of(cls, settings) -> Thresholds:
        """The thresholds of detection settings (:class:`eqviewer.detect.DetectSettings`)."""
        return cls(settings.det_threshold, settings.p_threshold, settings.s_threshold)

    @classmethod
    def own(cls, model) -> Thresholds:
        """The thresholds a loaded model is used with: those fitted to it (stored with it), else its kind's."""
        from eqviewer.detect import DetectSettings

        return cls.of(DetectSettings.for_model(model.descriptor, model.metadata))

    def phase(self, phase: str) -> float:
        """The threshold of picker ``phase`` ("P" or "S")."""
        return self.p if phase == "P" else self.s


@dataclass
class Predictions:
    """One model's outputs on labelled windows: P(earthquake) (N,) and the P and S curves (N, window), and the
    thresholds it is judged at."""

    name: str
    windows: LabelledWindows
    prob_earthquake: np.ndarray
    p_curve: np.ndarray
    s_curve: np.ndarray
    thresholds: Thresholds = Thresholds()


def predict_windows(model, windows: LabelledWindows, name: str | None = None, batch_size: int = 64,
                    progress: Callable[[int, int], None] | None = None,
                    thresholds: Thresholds | None = None) -> Predictions:
    """Run an :class:`eqviewer.model.SeedModel` on every window; judged at ``thresholds`` (default: the model's own,
    :meth:`Thresholds.own`). P(earthquake) is each window's as detection computes it by default: from the pickers'
    curves (:func:`eqviewer.detect.window_features`, the model's pick-detection weights); the classifier network
    does not run."""
    from eqviewer.detect import PickDetectionWeights, window_features

    raw = np.transpose(windows.waveforms, (0, 2, 1))
    out = model.predict(raw, networks=("p", "s"), attention=False, batch_size=batch_size, progress=progress)
    weights = PickDetectionWeights.from_metadata(model.metadata)
    window = raw.shape[1]
    rate = model.descriptor.sampling_rate
    prob = np.array([weights.probability(window_features(p, s, data, np.zeros(1, np.int64), window, rate))[0]
                     for p, s, data in zip(out.p_prob, out.s_prob, windows.waveforms)], dtype=np.float32)
    return Predictions(name or model.name, windows, prob, out.p_prob, out.s_prob, thresholds or Thresholds.own(model))


def _first(samples: list[np.ndarray]) -> np.ndarray:
    return np.array([s.min() if s.size else np.nan for s in samples], dtype=float)


def pick_errors(pred: Predictions, phase: str) -> tuple[np.ndarray, np.ndarray]:
    """Per window with a labelled ``phase`` arrival: residual (analyst minus model, s; NaN when the curve's peak is
    below the model's threshold of that phase) and the window indices."""
    truth = _first(pred.windows.p_samples if phase == "P" else pred.windows.s_samples)
    curve = pred.p_curve if phase == "P" else pred.s_curve
    index = np.flatnonzero(np.isfinite(truth))
    peak = curve[index].max(axis=1)
    residual = (truth[index] - curve[index].argmax(axis=1)) / SAMPLING_RATE
    residual[peak < pred.thresholds.phase(phase)] = np.nan
    return residual, index


def summary(pred: Predictions) -> dict[str, float]:
    """The figures of the report's table, at the model's thresholds: classification precision/recall/F1/accuracy,
    per phase the recall within :data:`TOLERANCE_S`, MAE, bias and spread of the found picks and the share of noise
    windows picked, and the thresholds themselves. A figure with nothing to measure is NaN (precision, recall and
    F1 as :func:`eqviewer.train.metrics.precision_recall_f1` has them undefined)."""
    truth = pred.windows.is_earthquake
    said = pred.prob_earthquake >= pred.thresholds.det
    precision, recall, f1 = _counted(truth, said)
    out = {
        "windows": float(len(truth)),
        "classifier precision": precision,
        "classifier recall": recall,
        "classifier F1": f1,
        "classifier accuracy": float(np.mean(truth == said)) if len(truth) else float("nan"),
    }
    for phase in ("P", "S"):
        residual, _ = pick_errors(pred, phase)
        found = np.isfinite(residual) & (np.abs(residual) <= TOLERANCE_S)
        out[f"{phase} recall"] = float(found.mean()) if residual.size else float("nan")
        out[f"{phase} MAE (s)"] = float(np.abs(residual[found]).mean()) if found.any() else float("nan")
        out[f"{phase} bias (s)"] = float(residual[found].mean()) if found.any() else float("nan")
        out[f"{phase} std (s)"] = float(residual[found].std()) if found.any() else float("nan")
        curve = pred.p_curve if phase == "P" else pred.s_curve
        noise = ~truth
        picked = curve[noise].max(axis=1) >= pred.thresholds.phase(phase)
        out[f"{phase} picks on noise"] = float(np.mean(picked)) if noise.any() else float("nan")
    out.update({"detection threshold": pred.thresholds.det, "P threshold": pred.thresholds.p,
                "S threshold": pred.thresholds.s})
    return out


def _png(fig: Figure) -> str:
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def residual_figure(preds: Sequence[Predictions]) -> Figure:
    """P and S residual histograms (analyst minus model, seconds), one column per model."""
    fig = Figure(figsize=(4 * len(preds), 5.5), layout="constrained")
    axes = fig.subplots(2, len(preds), squeeze=False, sharex=True)
    bins = np.linspace(-2, 2, 81)
    for col, pred in enumerate(preds):
        for row, phase in enumerate(("P", "S")):
            ax = axes[row, col]
            residual, _ = pick_errors(pred, phase)
            finite = residual[np.isfinite(residual)]
            ax.hist(np.clip(finite, -2, 2), bins=bins, color=COLORS[col % len(COLORS)])
            ax.axvspan(-TOLERANCE_S, TOLERANCE_S, color="0.9", zorder=0)
            missed = residual.size - finite.size
            ax.set_title(f"{pred.name}: {phase} ({finite.size} picked, {missed} below threshold)", fontsize=9,
                         parse_math=False)
            ax.set_xlabel("analyst − model (s), clipped to ±2")
            ax.set_ylabel("windows")
    return fig


def confusion_figure(preds: Sequence[Predictions]) -> Figure:
    """Earthquake/noise confusion matrices at each model's detection threshold, one per model."""
    fig = Figure(figsize=(3.4 * len(preds), 3.2), layout="constrained")
    axes = fig.subplots(1, len(preds), squeeze=False)[0]
    for ax, pred in zip(axes, preds):
        truth = pred.windows.is_earthquake
        threshold = pred.thresholds.det
        said = pred.prob_earthquake >= threshold
        matrix = np.array([[np.sum(~truth & ~said), np.sum(~truth & said)], [np.sum(truth & ~said), np.sum(truth & said)]])
        ax.imshow(matrix, cmap="Blues")
        for (i, j), value in np.ndenumerate(matrix):
            ax.text(j, i, str(value), ha="center", va="center", fontsize=14,
                    color="white" if value > matrix.max() / 2 else "black")
        ax.set_xticks([0, 1], ["noise", "earthquake"])
        ax.set_yticks([0, 1], ["noise", "earthquake"])
        ax.set_xlabel("model says")
        ax.set_ylabel("analyst says")
        ax.set_title(f"{pred.name} (P(eq) ≥ {threshold:g})", fontsize=9, parse_math=False)
    return fig


def _counted(positive: np.ndarray, said: np.ndarray, hit: np.ndarray | None = None) -> tuple[float, float, float]:
    """Precision, recall and F1 (:func:`eqviewer.train.metrics.precision_recall_f1`; NaN where undefined) of calls
    ``said`` against ``positive``; a call on a positive counts as found where ``hit`` (default: everywhere)."""
    found = said & positive if hit is None else said & positive & hit
    tp = int(np.sum(found))
    figures = precision_recall_f1(tp, int(np.sum(said)) - tp, int(np.sum(positive)) - tp)
    return tuple(np.nan if value is None else value for value in figures)


def _pr_points(scores: np.ndarray, positive: np.ndarray, thresholds: np.ndarray,
               hit: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Precision and recall of calling ``scores`` at or above each of ``thresholds`` positive (a call on a positive
    found only where ``hit``, if given)."""
    points = [_counted(positive, scores >= t, hit)[:2] for t in thresholds]
    return np.array([p for p, _ in points]), np.array([r for _, r in points])


def _picker_pr_points(pred: Predictions, phase: str, thresholds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Precision and recall of picker ``phase`` at each of ``thresholds`` (see :func:`precision_recall_figure`)."""
    truth = pred.windows.is_earthquake
    curve = pred.p_curve if phase == "P" else pred.s_curve
    arrival = _first(pred.windows.p_samples if phase == "P" else pred.windows.s_samples)
    labelled = np.isfinite(arrival) | ~truth  # windows whose answer is known
    peak = curve[labelled].max(axis=1)
    close = np.abs(curve[labelled].argmax(axis=1) - arrival[labelled]) <= TOLERANCE_S * SAMPLING_RATE
    return _pr_points(peak, np.isfinite(arrival[labelled]), thresholds, hit=close)


def precision_recall_figure(preds: Sequence[Predictions]) -> Figure:
    """Precision against recall as the threshold goes from 0.05 to 0.95: classifier, P picker, S picker; a square
    marks each model's own threshold.

    For a picker, a window with an arrival is a true positive when its peak is above the threshold and within
    :data:`TOLERANCE_S`; any peak above the threshold on a noise window, or too far off, is a false positive.
    """
    thresholds = np.linspace(0.05, 0.95, 19)
    fig = Figure(figsize=(12, 3.8), layout="constrained")
    axes = fig.subplots(1, 3)
    for k, pred in enumerate(preds):
        color = COLORS[k % len(COLORS)]
        own = {"classifier": pred.thresholds.det, "P": pred.thresholds.p, "S": pred.thresholds.s}
        for ax, title in zip(axes, own):
            grid = np.append(thresholds, own[title])  # the last point: the model's own threshold
            precision, recall = (_pr_points(pred.prob_earthquake, pred.windows.is_earthquake, grid)
                                 if title == "classifier" else _picker_pr_points(pred, title, grid))
            ax.plot(recall[:-1], precision[:-1], "-o", ms=3, color=color, label=f"{pred.name} ({own[title]:g})")
            ax.plot(recall[-1:], precision[-1:], "s", ms=8, mfc="none", color=color)
            ax.set_title(f"{title} (square: the model's threshold)", fontsize=9)
    for ax in axes:
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("recall")
        ax.set_ylabel("precision")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower left")
    return fig


def worst_misses(pred: Predictions, count: int) -> list[tuple[int, str]]:
    """The ``count`` windows the model got most wrong at its thresholds, with a reason: large or missing P/S picks
    on earthquakes (largest residual first), then wrong classifications (most confident first)."""
    scored: list[tuple[float, int, str]] = []
    class_threshold = pred.thresholds.det
    for phase in ("P", "S"):
        residual, index = pick_errors(pred, phase)
        for r, i in zip(residual, index):
            if not np.isfinite(r):
                scored.append((10.0, int(i), f"{phase} not picked"))
            elif abs(r) > TOLERANCE_S:
                scored.append((abs(r), int(i), f"{phase} off by {r:+.2f} s"))
    truth = pred.windows.is_earthquake
    for i in np.flatnonzero((pred.prob_earthquake >= class_threshold) != truth):
        p = float(pred.prob_earthquake[i])
        scored.append((5.0 + abs(p - class_threshold), int(i), f"classified {'earthquake' if p >= class_threshold else 'noise'} (P(eq) {p:.2f})"))
    chosen: dict[int, list[str]] = {}
    for _, i, reason in sorted(scored, key=lambda t: -t[0]):
        if i in chosen or len(chosen) < count:
            chosen.setdefault(i, []).append(reason)
    return [(i, "; ".join(reasons)) for i, reasons in chosen.items()]


def miss_figure(pred: Predictions, index: int, reason: str) -> Figure:
    """One window: Z, N, E (each scaled to its own peak) with the analyst's picks, and the model's curves."""
    fig = Figure(figsize=(10, 3.6), layout="constrained")
    wave_ax, prob_ax = fig.subplots(2, 1, sharex=True, height_ratios=[2, 1])
    data = pred.windows.waveforms[index]
    t = np.arange(data.shape[1]) / SAMPLING_RATE
    for k, (channel, name) in enumerate(zip(data, "ZNE")):
        peak = np.abs(channel - channel.mean()).max()
        wave_ax.plot(t, (channel - channel.mean()) / (peak if peak > 0 else 1) * 0.45 + 2 - k, lw=0.5, color="0.2")
        wave_ax.text(t[0], 2 - k + 0.25, name, fontsize=8)
    for samples, color, phase in ((pred.windows.p_samples[index], "tab:blue", "P"), (pred.windows.s_samples[index], "tab:red", "S")):
        for sample in samples:
            wave_ax.axvline(sample / SAMPLING_RATE, color=color, lw=1, label=f"analyst {phase}")
    wave_ax.set_yticks([])
    # names and record ids are drawn as they are: a '$' in them is not matplotlib math text
    wave_ax.set_title(f"{pred.name} · {pred.windows.record_ids[index]} · {reason}", fontsize=8, parse_math=False)
    prob_ax.plot(t, pred.p_curve[index], color="tab:blue", lw=1, label="P")
    prob_ax.plot(t, pred.s_curve[index], color="tab:red", lw=1, label="S")
    prob_ax.axhline(pred.prob_earthquake[index], color="0.4", ls="--", lw=1, label="P(earthquake)")
    prob_ax.set_ylim(0, 1.05)
    prob_ax.set_xlabel("seconds from window start")
    prob_ax.legend(fontsize=7, loc="upper right", ncol=3)
    return fig


def _table(summaries: dict[str, dict[str, float]]) -> str:
    names = list(summaries)
    keys = list(next(iter(summaries.values())))
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    rows = []
    for key in keys:
        values = [summaries[n][key] for n in names]
        cells = "".join(f"<td>{v:.0f}</td>" if key == "windows" else f"<td>{v:.3f}</td>" for v in values)
        rows.append(f"<tr><th>{html.escape(key)}</th>{cells}</tr>")
    return f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def _img(fig: Figure, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{_png(fig)}">'


def write_report(
    directory: str | os.PathLike,
    preds: Sequence[Predictions],
    title: str = "eqviewer evaluation",
    misses: int = 6,
    notes: Sequence[str] = (),
) -> Path:
    """Write ``<directory>/index.html`` comparing ``preds`` (one or more models on the same windows, each at its
    own thresholds); returns it.

    Raises :class:`ExportError` when the folder cannot be created or written.
    """
    if not preds:
        raise ValueError("no predictions to report")
    directory = Path(directory)
    summaries = {p.name: summary(p) for p in preds}
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        *(f"<pre>{html.escape(n)}</pre>" for n in notes),
        f"<p>{len(preds[0].windows)} labelled windows ({preds[0].windows.n_earthquakes} earthquake, "
        f"{preds[0].windows.n_noise} noise). Each model is judged at its own thresholds (the table's last rows); "
        f"a pick is found when within {TOLERANCE_S:g} s of the analyst's.</p>",
        "<h2>Figures</h2>", _table(summaries),
        "<h2>Pick residuals</h2>", _img(residual_figure(preds), "pick residual histograms"),
        "<h2>Classification</h2>", _img(confusion_figure(preds), "confusion matrices"),
        "<h2>Precision and recall over thresholds</h2>", _img(precision_recall_figure(preds), "precision-recall curves"),
        "<h2>Worst misses</h2>",
    ]
    columns = []
    for pred in preds:
        shown = worst_misses(pred, misses)
        items = "".join(_img(miss_figure(pred, i, reason), reason) for i, reason in shown) or "<p>none</p>"
        columns.append(f"<div class='col'><h3>{html.escape(pred.name)}</h3>{items}</div>")
    parts.append(f"<div class='row'>{''.join(columns)}</div>")
    style = ("body{font-family:sans-serif;margin:1em 2em}img{max-width:100%}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}.row{display:flex;gap:1em}"
             ".col{flex:1;min-width:0}")
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body>{''.join(parts)}</body></html>")
    target = directory / "index.html"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(directory, f"cannot write the report ({exc.strerror or exc})") from exc
    with atomic_output(target) as partial, open(partial, "w", encoding="utf-8") as out:
        out.write(page)
    return target


def report_models(
    directory: str | os.PathLike,
    paths: Sequence[str | os.PathLike],
    models: Sequence,
    summaries: Sequence[str] = (),
    progress: Callable[[int, int], None] | None = None,
    thresholds: Sequence[Thresholds] | None = None,
) -> Path:
    """Run each loaded model (:class:`eqviewer.model.SeedModel`) on the labelled windows of ``paths`` and write
    the report comparing them into ``directory``, each model judged at its member of ``thresholds`` (default: its
    own); ``summaries`` (e.g. `eqviewer evaluate`'s text per model) are shown above the figures. Returns the page's
    path."""
    from eqviewer.train.finetune import read_labelled

    lengths = {model.descriptor.window_samples for model in models}
    if len(lengths) != 1:
        raise ExportError(directory, "the models take windows of different lengths; report on them one at a time")
    windows = read_labelled(paths, lengths.pop())
    if len(windows) == 0:
        raise ExportError(", ".join(map(str, paths)), "no labelled windows to report on")
    preds = []
    for k, model in enumerate(models):
        name = model.name if [m.name for m in models].count(model.name) == 1 else f"{model.name} #{k + 1}"
        judged_at = thresholds[k] if thresholds is not None else None
        preds.append(predict_windows(model, windows, name=name, progress=progress, thresholds=judged_at))
    title = "eqviewer evaluation: " + " vs ".join(p.name for p in preds)
    return write_report(directory, preds, title=title,
                        notes=[f"data: {', '.join(map(str, paths))}", *summaries])
