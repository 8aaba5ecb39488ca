from eqviewer.cli import build_parser
from eqviewer.train.settings import TrainSettings


def test_encoder_policy_per_network():
    auto = TrainSettings()
    assert auto.loop_settings("p").freeze_encoder and auto.loop_settings("s").freeze_encoder
    assert not auto.loop_settings("classifier").freeze_encoder
    assert TrainSettings(freeze_encoder=True).loop_settings("classifier").freeze_encoder
    assert not TrainSettings(freeze_encoder=False).loop_settings("p").freeze_encoder


def test_cli_flags_map_to_settings():
    parser = build_parser()
    base = ["train", "--data", "x.h5", "--task", "all", "--out", "m"]
    assert parser.parse_args(base).freeze_encoder is None
    assert parser.parse_args(base + ["--freeze-encoder"]).freeze_encoder is True
    assert parser.parse_args(base + ["--train-encoder"]).freeze_encoder is False
    args = parser.parse_args(base + ["--epochs", "3", "--batch", "8", "--lr", "1e-4", "--val-fraction", "0.3", "--seed", "9"])
    assert (args.epochs, args.batch, args.lr, args.val_fraction, args.seed) == (3, 8, 1e-4, 0.3, 9)
