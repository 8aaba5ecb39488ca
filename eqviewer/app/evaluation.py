"""Scoring models against labelled data (``eqviewer evaluate``): each model runs through the detection engine on
every labelled record (:func:`eqviewer.train.evaluate.evaluate_sources`), and the figures are shown as text, written as
JSON, or drawn in an HTML report comparing the models (:mod:`eqviewer.train.report`)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eqviewer.app.detection import close_sources, load_model, open_sources
from eqviewer.atomic_files import atomic_output

if TYPE_CHECKING:
    from obspy import UTCDateTime

    from eqviewer.detect import DetectSettings
    from eqviewer.model import SeedModel


@dataclass
class ModelEvaluation:
    """One model's evaluation: the loaded model, the detection settings it ran with and its figures (the JSON
    shape of :meth:`eqviewer.train.evaluate.Evaluation.as_dict`)."""

    model: SeedModel
    settings: DetectSettings
    figures: dict


def evaluate_models(paths: Sequence[str], models: Sequence[str], settings: Sequence[DetectSettings],
                    device: str | None = None, format: str | None = None, start: UTCDateTime | None = None,
                    end: UTCDateTime | None = None,
                    progress: Callable[[str, int, int], None] | None = None,
                    on_result: Callable[[ModelEvaluation], None] | None = None) -> list[ModelEvaluation]:
    """Evaluate each of ``models`` (as :func:`eqviewer.app.detection.load_model` takes them) with its member of
    ``settings`` (:func:`eqviewer.app.thresholds.detect_settings`) on the labelled records of ``paths`` (opened
    once, with ``format``, ``start`` and ``end``). ``progress(model, done, total)`` counts records;
    ``on_result`` gets each evaluation as soon as it is done."""
    from eqviewer.train import evaluate_sources

    sources = open_sources(paths, format, start, end)
    done: list[ModelEvaluation] = []
    try:
        for name, model_settings in zip(models, settings):
            model = load_model(name, device)
            report = (lambda count, total, name=name: progress(name, count, total)) if progress else None
            result = ModelEvaluation(model, model_settings,
                                     evaluate_sources(sources, model, model_settings, progress=report).as_dict())
            if on_result is not None:
                on_result(result)
            done.append(result)
    finally:
        close_sources(sources)
    return done


def format_figures(figures: dict) -> str:
    """One evaluation's figures as readable lines (printed by ``eqviewer evaluate``, shown atop its report)."""
    lines = [f"model {figures['model']} on {', '.join(figures['datasets'])}: {figures['n_traces']} labelled traces"]
    for name in ("classification", "classification_by_picks"):
        c = figures.get(name)
        if c:
            source = (figures.get("settings") or {}).get("detection", "classifier")
            what = f"detection P(eq) from the {source}" if name == "classification" else "pickers as detector (any pick)"
            lines.append(
                f"{what}: accuracy {_f(c['accuracy'])}  precision {_f(c['precision'])}  recall {_f(c['recall'])}"
                f"  F1 {_f(c['f1'])}  (earthquakes {c['n_earthquake']}, noise {c['n_noise']};"
                f" confusion [[TN FP] [FN TP]] = {c['confusion']})"
            )
    for phase in ("P", "S"):
        m = figures[phase]
        lines.append(
            f"{phase}: {m['n_picked']}/{m['n_labelled']} found within 0.5 s (recall {_f(m['recall'])})"
            f"  MAE {_f(m['mae_s'])} s  median |err| {_f(m['median_abs_s'])} s  bias {_f(m['bias_s'])} s"
            f"  std {_f(m['std_s'])} s  hits 0.1/0.5/1.0 s {_f(m['hit_0.1s'])}/{_f(m['hit_0.5s'])}/{_f(m['hit_1.0s'])}"
            f"  false picks/h on noise {_f(m['false_picks_per_hour_noise'], 1)}"
            + (f"  ({m['n_outside_record']} labels outside their traces not counted)" if m.get("n_outside_record") else "")
        )
    lines.append(f"speed: {figures['windows_per_s']:.1f} windows/s")
    return "\n".join(lines)


def _f(value, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def write_json(path: str | os.PathLike, result: dict | list) -> None:
    """Write ``result`` as JSON through a temporary file renamed into place."""
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=2)


def write_figures(path: str | os.PathLike, evaluations: Sequence[ModelEvaluation]) -> None:
    """Write the figures as JSON: one model's object, or a list of them for several."""
    figures = [e.figures for e in evaluations]
    write_json(path, figures[0] if len(figures) == 1 else figures)


def write_report(directory: str | os.PathLike, paths: Sequence[str],
                 evaluations: Sequence[ModelEvaluation]) -> Path:
    """The HTML report comparing the evaluated models on the labelled windows of ``paths``, each judged at the
    thresholds its evaluation ran with and headed by its figures as text, into ``directory``; the page's path."""
    from eqviewer.train import Thresholds, report_models

    return report_models(directory, paths, [e.model for e in evaluations],
                         summaries=[format_figures(e.figures) for e in evaluations],
                         thresholds=[Thresholds.of(e.settings) for e in evaluations])
