import numpy as np

from eqviewer.train.targets import class_target, pick_target


def test_pick_target_is_gaussian_with_sigma_ten_samples():
    target = pick_target(np.array([1000.0]), 6000)
    assert target.dtype == np.float32 and target.shape == (6000,)
    assert int(np.argmax(target)) == 1000 and target[1000] == 1.0
    np.testing.assert_allclose(target[1010], np.exp(-0.5), rtol=1e-6)
    assert target[1100] < 1e-20


def test_pick_target_handles_none_and_several_arrivals():
    assert not pick_target(np.empty(0), 100).any()
    two = pick_target(np.array([100.0, 400.0]), 600)
    assert two[100] == 1.0 and two[400] == 1.0 and two[250] < 1e-6


def test_class_target_column_one_is_earthquake():
    np.testing.assert_array_equal(class_target(np.array([True, False])), [[0, 1], [1, 0]])
