"""Fuzzed association inputs through the command line: generated velocity-model strings and files (huge, tiny,
negative, nan and inf values, many layers, depths out of order, garbage bytes, huge files) and option values
(--max-depth, the pick counts, --tolerance), each run as `eqviewer associate SESSION ...` on a small session. Every
case ends in a result (status 0) or one ``eqviewer: error:`` line (status 2); never a traceback, never a hang. The
cases are seeded, so a failure names a case that reproduces."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from eqviewer.cli import main
from eqviewer.review.session import Session
from tests.associate.network import random_events, ring_stations, synthetic_picks
from tests.fuzz_harness import run_cases

SEED = 20240611
WHOLE_RUN_S = 120  # the whole corpus on a 2-core machine

NUMBERS = ["6", "3.5", "0.1", "15", "0.0999", "15.001", "0", "-6", "1e-9", "1e-300", "1e300", "1e400", "-1e300",
           "inf", "nan", "-0", "6e0", "1.2.3", "", "e", "+-1"]
DEPTHS = ["0", "-10", "-10.5", "800", "800.1", "-1e300", "1e300", "inf", "-inf", "nan", "5", "1e-300"]
MAX_DEPTHS = ["inf", "-inf", "nan", "1e300", "1e7", "100000", "800", "800.001", "0", "1e-300", "-1", "40", "1",
              "fifty"]
COUNTS = ["18446744073709551616", "9" * 5000, "0", "-1", "1", "2", "1000000", "1000001", "6", "1.5", "1e3", "x"]
TOLERANCES = ["0", "1e-300", "0.01", "30", "30.1", "1e300", "nan", "inf", "-1.5", "1.5"]
GARBAGE_STRINGS = ["vp=", "vp=6,vs=3.5,vp=7", "vp=6\nvs=3.5", "\x00", "vp=6;vs=3.5", "VP=6,VS=3.5", "vs=3.5",
                   "vp=6,vs=3.5" * 1000, "vp==6,vs=3.5", "vp=6,vs=3.5\x1b[31m", " vp = 6 , vs = 3.5 "]


def _session(path: Path) -> Path:
    """A session of six stations on a ring with the P and S picks of two events and four false picks."""
    rng = np.random.default_rng(SEED)
    stations = ring_stations(6)
    picks = synthetic_picks(stations, random_events(2, 1200, rng), rng, n_false=4, span_s=1200)
    with Session.create(path) as session:
        session.set_stations(stations, source="ring")
        session.add_automatic([p.with_changes(id=None) for p in picks])
    return path


def _layer_lines(rng: np.random.Generator, n: int, ordered: bool) -> str:
    """``n`` 'depth vp vs' lines: ordered depths with plausible velocities, or values drawn from the pools."""
    if ordered:
        depths = np.sort(rng.uniform(-10, 800, n))
        depths[0] = min(depths[0], 0.0)
        vp = rng.uniform(0.2, 14.0, n)
        return "".join(f"{d:.6f} {p:.3f} {p * rng.uniform(0.4, 0.9):.3f}\n" for d, p in zip(depths, vp))
    return "".join(f"{rng.choice(DEPTHS)} {rng.choice(NUMBERS)} {rng.choice(NUMBERS)}\n" for _ in range(n))


def _model_files(rng: np.random.Generator, folder: Path) -> Iterator[tuple[str, bytes]]:
    """(name, content) of fuzzed velocity-model files."""
    yield "empty", b""
    yield "comments only", b"# depth vp vs\n\n# nothing\n"
    yield "one good layer", b"0 6.0 3.5\n"
    yield "crust and mantle", b"0 5.5 3.2\n15 6.3 3.6\n30 8.0 4.5\n"
    yield "a slow top layer", b"0 19.999 0.00001\n"
    yield "slowest allowed", b"-10 0.2 0.1\n0 0.3 0.15\n"
    yield "depths out of order", b"0 6 3.5\n20 7 4\n10 8 4.5\n"
    yield "two equal depths", b"0 6 3.5\n0 7 4\n"
    yield "first layer below 0", b"5 6 3.5\n"
    yield "four numbers", b"0 6 3.5 1\n"
    yield "commas", b"0,6,3.5\n10,7,4\n"
    yield "500 layers", _layer_lines(rng, 500, ordered=True).encode()
    yield "501 layers", _layer_lines(rng, 501, ordered=True).encode()
    yield "200,000 layers (3.4 MB)", "".join(f"{i * 0.004:.3f} 6 3.5\n" for i in range(200_000)).encode()
    yield "2 MB of zeros", bytes(2_000_000)
    yield "garbage bytes", rng.integers(0, 256, 4096, dtype=np.uint8).tobytes()
    yield "latin-1 text", "0 6 3.5 # Zürich\n".encode("latin-1")
    yield "one 900 kB line", b"0 " + b"6" * 900_000 + b" 3.5\n"
    for index in range(12):
        yield f"ordered layers {index}", _layer_lines(rng, int(rng.integers(1, 40)), ordered=True).encode()
    for index in range(24):
        yield f"pooled layers {index}", _layer_lines(rng, int(rng.integers(1, 6)), ordered=False).encode()


def _cases(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """(name, options after `associate SESSION`) of every case."""
    rng = np.random.default_rng(SEED)
    for index in range(40):
        text = f"vp={rng.choice(NUMBERS)},vs={rng.choice(NUMBERS)}"
        yield f"model {text!r}", ["--velocity-model", text]
    for text in GARBAGE_STRINGS:
        yield f"model {text[:40]!r}", ["--velocity-model", text]
    for index, (name, content) in enumerate(_model_files(rng, folder)):
        path = folder / f"model{index:03d}.txt"
        path.write_bytes(content)
        yield f"model file {name}", ["--velocity-model", str(path)]
    yield "model file that is a folder", ["--velocity-model", str(folder)]
    for value in MAX_DEPTHS:
        yield f"--max-depth {value}", [f"--max-depth={value}"]
    for option in ("--min-picks", "--min-p-picks", "--min-s-picks", "--min-p-and-s"):
        for value in COUNTS:
            yield f"{option} {value[:30]}", [f"{option}={value}"]
    for value in TOLERANCES:
        yield f"--tolerance {value}", [f"--tolerance={value}"]
    layered = folder / "layered.txt"
    layered.write_bytes(b"0 5.5 3.2\n15 6.3 3.6\n30 8.0 4.5\n")
    for index in range(30):  # mixed options, mostly within the limits, so that many cases associate
        options = ["--velocity-model", str(rng.choice(["vp=6,vs=3.5", "vp=0.2,vs=0.1", "vp=15,vs=8", str(layered)]))]
        options += [f"--max-depth={rng.choice(['1', '40', '800', '1e300'])}",
                    f"--min-picks={rng.choice(['1', '4', '6', '0'])}", f"--min-s-picks={rng.choice(['1', '2'])}",
                    f"--tolerance={rng.choice(['0.01', '1.5', '30', 'nan'])}"]
        yield f"mixed {' '.join(options)}", options


def test_fuzzed_association_inputs_give_results_or_one_line_errors(tmp_path, capsys):
    session = _session(tmp_path / "s.eqreview")
    models = tmp_path / "models"
    models.mkdir()
    refused, associated = 0, 0
    started = time.monotonic()

    def check(name: str, options: list[str]) -> str | None:
        nonlocal refused, associated
        status = main(["associate", str(session), *options])
        out, err = capsys.readouterr()
        if status == 0 and "events from" in out:
            associated += 1
        elif status == 2 and len(err.splitlines()) == 1 and err.startswith("eqviewer: error: "):
            refused += 1
        else:
            return f"{name}: status {status}, stdout {out[:200]!r}, stderr {err[:300]!r}"
        return None

    cases = list(_cases(models))
    failures = run_cases(cases, check)
    elapsed = time.monotonic() - started
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures[:20])
    assert len(cases) > 200 and associated >= 20 and refused > 100  # both kinds of case in the corpus
    assert elapsed < WHOLE_RUN_S, f"{len(cases)} cases took {elapsed:.0f} s"
