"""`eqviewer train --data PATH...|--session S --base seed|MODEL --task T --out NAME`: fine-tune on labelled archives
or straight on a review session's reviewed labels, and say what it learned from, which networks and thresholds it
kept (each only where it beats the base's) and what it gained on held-out labels (:func:`eqviewer.app.retrain.train_and_compare`)."""

from __future__ import annotations

import argparse
import sys

from eqviewer.app.retrain import RetrainOptions, check_options, summary_lines, train_and_compare
from eqviewer.app.training import (CLASSIFIER_INPUTS, TASKS, TrainSettings, labelled_windows, session_data_paths,
                                   train_settings)
from eqviewer.cli.arguments import count, fraction, positive_float, positive_int, probability


def register(subparsers) -> None:
    """Add `train`."""
    defaults = TrainSettings()
    parser = subparsers.add_parser(
        "train",
        help="fine-tune the classifier and/or pickers on labelled archives and register the new model",
        description="Fine-tune a model on labelled archives (session exports in seisbench/stead format, STEAD or "
        "TXED files) or on a review session's reviewed labels (--session), split by event, with augmentation; the result is registered in the user's model folder "
        "($XDG_DATA_HOME/eqviewer/models). Each network is kept only where it beats the base's on the validation "
        "split, each fitted threshold only where reliably better than the base's; the gain over the base is measured "
        "on held-out events (--holdout). Ctrl+C stops and keeps the best model so far.",
    )
    data = parser.add_mutually_exclusive_group(required=True)
    data.add_argument("--data", nargs="+", metavar="PATH", help="labelled archives to train on")
    data.add_argument("--session", metavar="S.eqreview",
                      help="train on the reviewed labels of this review session (opened read-only)")
    parser.add_argument("--base", default="seed", help="model to start from: seed, a registered name or a folder")
    parser.add_argument("--task", required=True, choices=sorted(TASKS), help="which networks to train")
    parser.add_argument("--out", required=True, metavar="NAME", help="name to register the new model under")
    parser.add_argument("--epochs", type=positive_int, default=defaults.epochs, help="most epochs per network (default %(default)s)")
    parser.add_argument("--batch", type=positive_int, default=defaults.batch_size, help="batch size (default %(default)s)")
    parser.add_argument("--lr", type=positive_float, default=defaults.learning_rate, help="Adam learning rate (default %(default)s)")
    parser.add_argument("--patience", type=count, default=defaults.patience,
                        help="stop after this many epochs without a better validation loss (default %(default)s)")
    parser.add_argument("--freeze-encoder", action="store_true",
                        help="train only the decoder/GRU layers and the head of every network (default: every layer, "
                             "pulled toward the base by --anchor)")
    parser.add_argument("--val-fraction", type=fraction, default=defaults.val_fraction,
                        help="share of events held out for validation (default %(default)s)")
    parser.add_argument("--seed", type=count, default=defaults.seed, help="random seed, for a reproducible run")
    parser.add_argument("--classifier-input", choices=CLASSIFIER_INPUTS, default=defaults.classifier_input,
                        help="normalized: the classifier normalises its input (other instruments); raw: keep the "
                             "base's input (the seed reads raw TXED-like counts) (default %(default)s)")
    parser.add_argument("--no-augment", action="store_true", help="train on the windows as they are")
    parser.add_argument("--anchor", type=float, default=defaults.anchor,
                        help="after each step pull every weight this fraction back toward the base model's, so that a "
                             "small set does not make it forget (default %(default)s)")
    parser.add_argument("--holdout", type=probability, default=None,
                        help="share of the labelled events kept out of training, to measure the gain over the base "
                             f"on unseen labels (0: none; default {RetrainOptions.holdout_fraction:g} of a --session's "
                             "events, as the window's Retrain; 0 with --data, whose files are usually a training set: "
                             "judge the result on your own test set with eqviewer evaluate)")
    parser.add_argument("--report", metavar="DIR", help="write an HTML report comparing the base and the new model "
                                                        "on the held-out labels into DIR")
    parser.add_argument("--overwrite", action="store_true", help="replace a registered model of the same name")
    parser.set_defaults(func=_train)


class _Bars:
    """One tqdm bar per network, with the running loss, and a line of validation metrics per epoch."""

    def __init__(self):
        self.bar = None
        self.network = None

    def __call__(self, report) -> None:
        from tqdm import tqdm

        if report.network != self.network:
            self.close()
            self.network = report.network
            self.bar = tqdm(total=report.epochs * report.steps, desc=f"train {report.network}", unit="batch",
                            dynamic_ncols=True, file=sys.stderr)
        done = (report.epoch - 1) * report.steps + report.step
        self.bar.update(done - self.bar.n)
        shown = {"epoch": report.epoch, "loss": f"{report.loss:.4f}"}
        shown.update({k: f"{v:.3f}" for k, v in report.metrics.items() if k.startswith("val_")})
        self.bar.set_postfix(shown, refresh=False)
        if report.epoch_done:
            metrics = "  ".join(f"{k} {v:.4f}" for k, v in report.metrics.items())
            self.bar.write(f"{report.network} epoch {report.epoch}: {metrics}", file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def holdout_share(args: argparse.Namespace) -> float:
    """The share of events held out of training: ``--holdout`` where given, else the Retrain dialog's for a
    ``--session`` and none for ``--data`` (a training set: every event goes into training)."""
    if args.holdout is not None:
        return args.holdout
    return RetrainOptions.holdout_fraction if args.session else 0.0


def _train(args: argparse.Namespace) -> int:
    settings = train_settings(
        augment=not args.no_augment,
        epochs=args.epochs,
        batch_size=args.batch,
        learning_rate=args.lr,
        freeze_encoder=args.freeze_encoder,
        val_fraction=args.val_fraction,
        seed=args.seed,
        patience=args.patience,
        classifier_input=args.classifier_input,
        anchor=args.anchor,
        overwrite=args.overwrite,
    )
    options = RetrainOptions(name=args.out, base=args.base, task=args.task, holdout_fraction=holdout_share(args),
                             train=settings)
    check_options(options)
    windows = labelled_windows(args.base, args.data or (), args.session)
    paths = session_data_paths(args.session) if args.session else list(args.data)
    bars = _Bars()
    try:
        outcome = train_and_compare(windows, paths, options, args.report, train_progress=bars)
    finally:
        bars.close()
    result = outcome.training
    print(f"{result.entry.name}: registered in {result.entry.path} ({result.n_train} training and {result.n_val} "
          f"validation windows, split by event; {outcome.n_holdout} held out; {result.stopped})")
    for net, loop in result.networks.items():
        metrics = ", ".join(f"{k} {v:.4f}" for k, v in loop.val_metrics.items()) or "no validation set"
        print(f"  {net}: best epoch {loop.best_epoch} of {loop.epochs_run} ({loop.stopped}); {metrics}")
    for line in summary_lines(outcome):
        print(f"  {line}")
    if outcome.report is not None:
        print(f"  report: {outcome.report}")
    for warning in result.warnings or []:
        print(f"eqviewer train: warning: {warning}", file=sys.stderr)
    return 130 if result.stopped == "interrupted" else 0
