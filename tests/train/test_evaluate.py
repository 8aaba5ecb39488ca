"""`evaluate` and `eqviewer evaluate` on real labelled records (a few of them, to keep the run short)."""

import json

import pytest

from eqviewer.cli import main
from eqviewer.io import open_archive
from eqviewer.train.evaluate import evaluate_sources

PHASE_KEYS = {"n_labelled", "n_picked", "recall", "mae_s", "median_abs_s", "bias_s", "std_s", "hit_0.1s", "hit_0.5s",
              "hit_1.0s"}


class FirstItems:
    """The first earthquake and noise items of a source (evaluate needs items(), read(), ref(), path)."""

    def __init__(self, source, n_earthquake, n_noise):
        self.source, self.path = source, source.path
        items = source.items()
        self._items = [i for i in items if i.category == "earthquake"][:n_earthquake]
        self._items += [i for i in items if i.category == "noise"][:n_noise]

    def items(self):
        return self._items

    def read(self, item, starttime=None, endtime=None):
        return self.source.read(item, starttime, endtime)

    def ref(self, item):
        return self.source.ref(item)

    def close(self):
        self.source.close()


@pytest.fixture(scope="module")
def seed_model(seed_models_dir):
    from eqviewer.model import SeedModel

    return SeedModel.load(seed_models_dir)


def test_evaluate_on_obs_records(seed_model, shared_data):
    source = FirstItems(open_archive(shared_data / "obstransformer56"), 6, 4)
    result = evaluate_sources([source], seed_model).as_dict()
    assert result["n_traces"] == 10 and result["model"].startswith("seed:")
    assert set(result["P"]) >= PHASE_KEYS and set(result["S"]) >= PHASE_KEYS
    assert result["P"]["n_labelled"] == 6 and result["S"]["n_labelled"] == 6
    assert 0 <= result["P"]["n_picked"] <= 6
    assert result["P"]["hit_0.1s"] <= result["P"]["hit_0.5s"] == result["P"]["recall"] <= result["P"]["hit_1.0s"]
    c = result["classification"]
    assert (c["n_earthquake"], c["n_noise"]) == (6, 4)
    assert sum(map(sum, c["confusion"])) == 10
    assert result["P"]["false_picks_per_hour_noise"] is not None
    assert result["windows_per_s"] > 0


def test_cli_evaluate_writes_the_json_shape(seed_model, shared_data, tmp_path, capsys, monkeypatch):
    import eqviewer.app.evaluation as evaluation

    monkeypatch.setattr(evaluation, "load_model", lambda spec, device=None: seed_model)
    real_open = evaluation.open_sources
    monkeypatch.setattr(evaluation, "open_sources",
                        lambda *args, **kwargs: [FirstItems(s, 5, 0) for s in real_open(*args, **kwargs)])
    out = tmp_path / "metrics.json"
    assert main(["evaluate", str(shared_data / "stead_eqt50"), "--model", "seed", "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert {"model", "datasets", "n_traces", "classification", "P", "S", "windows_per_s"} <= set(result)
    assert result["classification"] is None  # earthquakes only
    assert result["n_traces"] == 5 and result["datasets"][0].endswith("waveforms.hdf5")
    assert result["P"]["n_labelled"] == 5
    assert isinstance(result["P"]["recall"], float)
    printed = capsys.readouterr().out
    assert "P:" in printed and "found within 0.5 s" in printed
