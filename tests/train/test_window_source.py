import numpy as np

from eqviewer.model.descriptor import SEED
from eqviewer.train.window_source import WindowsSource
from eqviewer.train.windows import collect_windows
from tests.train.synthetic import synthetic_record


def test_windows_serve_as_items_with_their_picks_and_class():
    rng = np.random.default_rng(0)
    windows = collect_windows([synthetic_record("e", rng, p=812.5, s=1500.0),
                               synthetic_record("n", rng, p=None, s=None, category="noise")], SEED.window_samples)
    source = WindowsSource(windows)
    quake, noise = source.items()
    assert (quake.category, noise.category) == ("earthquake", "noise") and noise.labels == []
    assert [(p.phase, p.status) for p in quake.labels] == [("P", "manual"), ("S", "manual")]
    record = source.read(quake)
    assert record.sample_of(quake.labels[0].time) == 812.5 and record.category == "earthquake"
    np.testing.assert_array_equal(record.data, windows.waveforms[0])
    assert str(record.ref) == str(source.ref(quake))
