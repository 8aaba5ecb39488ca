"""`eqviewer evaluate --report DIR` with several `--model` values: one figure set per model, side by side."""

import json

import h5py
import pytest

from eqviewer.cli import main


@pytest.fixture(scope="module")
def small_archive(shared_data, tmp_path_factory):
    """Four earthquake and two noise traces of obstransformer56, copied to a temporary STEAD-like file."""
    src = shared_data / "obstransformer56" / "sample.hdf5"
    target = tmp_path_factory.mktemp("archive") / "small.hdf5"
    with h5py.File(src, "r") as f, h5py.File(target, "w") as g:
        names = sorted(f["data"])
        chosen = [n for n in names if n.endswith("_EV")][:4] + [n for n in names if n.endswith("_NO")][:2]
        group = g.create_group("data")
        for name in chosen:
            f.copy(f["data"][name], group, name)
    return target


def test_two_models_give_two_evaluations_and_one_report(small_archive, seed_models_dir, tmp_path, capsys, monkeypatch):
    import eqviewer.app.evaluation as evaluation
    from eqviewer.model import SeedModel

    seed = SeedModel.load(seed_models_dir)
    asked = []
    monkeypatch.setattr(evaluation, "load_model", lambda spec, device=None: asked.append(spec) or seed)
    out = tmp_path / "metrics.json"
    status = main(["evaluate", str(small_archive), "--model", "seed", "--model", "other", "--p-threshold", "0.27",
                   "--json", str(out), "--report", str(tmp_path / "report")])
    assert status == 0 and asked == ["seed", "other"]
    results = json.loads(out.read_text())
    assert isinstance(results, list) and len(results) == 2 and results[0]["n_traces"] == 6
    printed = capsys.readouterr().out
    assert printed.count("labelled traces") == 2 and "report:" in printed
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "<th>seed #1</th><th>seed #2</th>" in page  # the same model twice is told apart
    assert page.count("<pre>") == 3 and "found within 0.5 s" in page  # data line + one evaluate summary per model
    # residuals, confusion, precision-recall; then each model's worst misses (as figures, or "none")
    misses = page.split("<h2>Worst misses</h2>")[1]
    assert page.count("data:image/png;base64,") >= 3 and misses.count("<h3>seed #") == 2
    assert misses.count("data:image/png;base64,") + misses.count("<p>none</p>") >= 2
    # the report judges each model at the thresholds its evaluation used
    assert "<tr><th>P threshold</th><td>0.270</td><td>0.270</td></tr>" in page
