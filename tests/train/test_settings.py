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
