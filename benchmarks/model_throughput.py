"""Throughput of the seed networks: windows/s per network and combined, and single-window latency.

Usage: python benchmarks/model_throughput.py [--windows 512] [--repeats 3] [--batches 1 64 256] [--jit auto|all|none] [--attention]

Prints windows/s (best of ``--repeats`` warm runs) for each network alone and for the combined call through
``SeedModel.predict`` (preprocessing included), the same for three separate ``keras.Model.predict`` calls
(the baseline the combined call must beat), and the median latency of one window through all three networks.
Needs the seed weights (EQVIEWER_MODELS_DIR or the user cache). Figures on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np


def _best_rate(function, windows: int, repeats: int) -> tuple[float, float]:
    """(windows per wall-clock second, windows per CPU-second of this process), best of ``repeats`` warm runs.

    The CPU-time figure is less sensitive to other processes sharing the cores.
    """
    function()  # warm-up: tracing, compilation, allocator
    runs = [_timed(function) for _ in range(repeats)]
    return windows / min(w for w, _ in runs), windows / min(c for _, c in runs)


def _timed(function) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=512, help="windows per timed run (default 512)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 64, 256])
    parser.add_argument("--jit", choices=["auto", "all", "none"], default="auto",
                        help="XLA: auto (the default: the classifier only, and only on a GPU), every network, or none")
    parser.add_argument("--attention", action="store_true", help="also return the attention maps")
    parser.add_argument("--latency-runs", type=int, default=30)
    args = parser.parse_args()

    import tensorflow as tf

    from eqviewer.model import SeedModel
    from eqviewer.model.preprocess import picker_input
    from eqviewer.model.seed import MAX_BATCH

    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        tf.config.experimental.enable_tensor_float_32_execution(False)
    print(f"TensorFlow {tf.__version__}, device: {'GPU ' + gpus[0].name if gpus else 'CPU'}, "
          f"{os.cpu_count()} CPU cores, oneDNN {'off' if os.environ.get('TF_ENABLE_ONEDNN_OPTS') == '0' else 'on'}, "
          f"XLA={args.jit}, attention={args.attention}")
    model = SeedModel.load(jit_compile={"auto": None, "all": True, "none": False}[args.jit])
    rng = np.random.default_rng(0)
    raw = (rng.standard_normal((args.windows, 6000, 3)) * 1000).astype(np.float32)

    print(f"SeedModel.predict runs batches larger than {MAX_BATCH} (CPU) in sub-batches of {MAX_BATCH}; "
          "'3x predict' is keras.Model.predict at the full batch size")
    print(f"{'batch':>5} {'classifier':>11} {'p':>8} {'s':>8} {'combined':>9} {'3x predict':>11}"
          "   (windows per wall-clock s | per CPU-s)")
    for batch in args.batches:
        n = min(args.windows, max(batch * 4, 64)) if batch == 1 else args.windows
        rates = {}
        for networks in (("classifier",), ("p",), ("s",), ("classifier", "p", "s")):
            rates[networks] = _best_rate(
                lambda: model.predict(raw[:n], networks=networks, attention=args.attention, batch_size=batch),
                n, args.repeats)

        def separate():
            model.classifier.predict(raw[:n], batch_size=batch, verbose=0)
            p_in = picker_input(raw[:n])
            model.p_picker.predict(p_in, batch_size=batch, verbose=0)
            model.s_picker.predict(p_in, batch_size=batch, verbose=0)

        baseline = _best_rate(separate, n, args.repeats)
        for column, label in ((0, "wall"), (1, "cpu")):
            row = [rates[n][column] for n in (("classifier",), ("p",), ("s",), ("classifier", "p", "s"))]
            print(f"{batch:>5} {row[0]:>11.0f} {row[1]:>8.0f} {row[2]:>8.0f} {row[3]:>9.0f} {baseline[column]:>11.0f}"
                  f"   {label}")

    one = raw[:1]
    model.predict(one, attention=args.attention, batch_size=1)
    latencies = [_timed(lambda: model.predict(one, attention=args.attention, batch_size=1))[0]
                 for _ in range(args.latency_runs)]
    print(f"single-window latency, all three networks incl. preprocessing: median {1000 * statistics.median(latencies):.1f} ms, "
          f"min {1000 * min(latencies):.1f} ms ({args.latency_runs} runs)")


if __name__ == "__main__":
    main()
