import numpy as np
import pytest

from eqviewer.train.split import split_by_event


def test_split_never_puts_an_event_on_both_sides():
    rng = np.random.default_rng(0)
    events = [f"ev{i}" for i in rng.integers(0, 15, size=60)] + [f"noise{i}" for i in range(20)]
    is_eq = np.array([True] * 60 + [False] * 20)
    train, val = split_by_event(events, is_eq, 0.25, seed=1)
    assert set(train).isdisjoint(val) and len(train) + len(val) == 80
    assert {events[i] for i in train}.isdisjoint({events[i] for i in val})
    assert 0 < np.count_nonzero(is_eq[val]) and 0 < np.count_nonzero(~is_eq[val])
    assert 0.2 <= len(val) / 80 <= 0.45


def test_split_is_reproducible_and_depends_on_seed():
    events = [f"ev{i}" for i in range(40)]
    is_eq = np.ones(40, bool)
    a = split_by_event(events, is_eq, 0.3, seed=7)[1]
    b = split_by_event(events, is_eq, 0.3, seed=7)[1]
    c = split_by_event(events, is_eq, 0.3, seed=8)[1]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_single_event_stays_in_training_and_bad_fraction_is_refused():
    train, val = split_by_event(["one"] * 5, np.ones(5, bool), 0.5)
    assert len(train) == 5 and len(val) == 0
    with pytest.raises(ValueError):
        split_by_event(["a", "b"], np.ones(2, bool), 1.0)
