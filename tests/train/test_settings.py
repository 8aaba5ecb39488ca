from eqviewer.cli import build_parser
from eqviewer.train.settings import TrainSettings


def test_every_network_trains_whole_unless_frozen():
    for network in ("classifier", "p", "s"):
        assert not TrainSettings().loop_settings(network).freeze_encoder
        assert TrainSettings(freeze_encoder=True).loop_settings(network).freeze_encoder


def test_cli_flags_map_to_settings():
    parser = build_parser()
    base = ["train", "--data", "x.h5", "--task", "all", "--out", "m"]
    assert parser.parse_args(base).freeze_encoder is False
    assert parser.parse_args(base + ["--freeze-encoder"]).freeze_encoder is True
    args = parser.parse_args(base + ["--epochs", "3", "--batch", "8", "--lr", "1e-4", "--val-fraction", "0.3", "--seed", "9"])
    assert (args.epochs, args.batch, args.lr, args.val_fraction, args.seed) == (3, 8, 1e-4, 0.3, 9)


def test_events_are_held_out_of_a_sessions_training_by_default_and_of_files_only_when_asked():
    from eqviewer.app.retrain import RetrainOptions
    from eqviewer.cli import build_parser
    from eqviewer.cli.train import holdout_share

    parse = build_parser().parse_args
    assert holdout_share(parse(["train", "--data", "x.h5", "--task", "all", "--out", "m"])) == 0.0
    assert holdout_share(parse(["train", "--data", "x.h5", "--task", "all", "--out", "m", "--holdout", "0.3"])) == 0.3
    session = parse(["train", "--session", "s.eqreview", "--task", "all", "--out", "m"])
    assert holdout_share(session) == RetrainOptions.holdout_fraction > 0
    assert holdout_share(parse(["train", "--session", "s.eqreview", "--task", "all", "--out", "m", "--holdout",
                                "0"])) == 0.0
