"""The envelope pyramid: amplitude ranges and drawn buckets are the exact minima and maxima of their samples, at
most one bucket per pixel column, and the samples themselves once zoomed in."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.app.envelope_pyramid import COARSEST_BLOCKS, FACTOR, EnvelopePyramid


@pytest.fixture(scope="module")
def data() -> np.ndarray:
    rng = np.random.default_rng(3)
    values = rng.standard_normal((3, 1_234_567)).astype(np.float32)
    values[1, 777_777] = 50.0  # a lone spike every zoom must keep
    return values


def test_levels_shrink_by_the_factor_down_to_a_few_thousand_blocks(data):
    pyramid = EnvelopePyramid(data)
    blocks = [block for block, _, _ in pyramid.levels]
    assert blocks == [FACTOR ** i for i in range(len(blocks))]
    assert pyramid.levels[-1][1].shape[1] <= COARSEST_BLOCKS < pyramid.levels[-2][1].shape[1]


@pytest.mark.parametrize("start, stop", [(0, 1_234_567), (5, 1_000_003), (777_000, 778_000), (123, 130)])
def test_range_is_the_exact_min_and_max(data, start, stop):
    pyramid = EnvelopePyramid(data)
    for row in range(3):
        assert pyramid.range(row, start, stop) == (float(data[row, start:stop].min()),
                                                   float(data[row, start:stop].max()))


def test_range_counts_from_the_arrays_first_sample_and_ignores_samples_outside():
    part = np.arange(1000, dtype=np.float32)[None, :]
    pyramid = EnvelopePyramid(part, first=500)
    assert pyramid.range(0, 0, 510) == (0.0, 9.0)
    assert pyramid.range(0, 0, 400) == (0.0, 0.0)


@pytest.mark.parametrize("start, stop, pixels", [(0, 1_234_567, 1500), (100_000, 400_000, 997), (0, 50_000, 40)])
def test_each_drawn_bucket_holds_the_min_and_max_of_its_samples(data, start, stop, pixels):
    pyramid = EnvelopePyramid(data)
    starts, low, high, size = pyramid.view(1, start, stop, pixels)
    assert size >= (stop - start) / pixels  # no more than one bucket per pixel column...
    assert starts.size <= pixels + 3  # ... plus one either side
    assert starts[0] <= start and starts[-1] + size >= stop
    for first, lo, hi in zip(starts, low, high):
        samples = data[1, first:first + size]
        assert (lo, hi) == (samples.min(), samples.max())
    assert high.max() == 50.0 or not (start <= 777_777 < stop)


def test_zoomed_in_the_samples_themselves_are_drawn(data):
    starts, low, high, size = EnvelopePyramid(data).view(0, 1000, 2000, pixels=1500)
    assert size == 1 and low is high
    np.testing.assert_array_equal(starts, np.arange(999, 2001))
    np.testing.assert_array_equal(high, data[0, 999:2001])
