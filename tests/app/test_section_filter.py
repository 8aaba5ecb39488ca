"""Filtering a long record by sections: joined sections match the whole record filtered, and are kept."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.app.section_filter import SectionFilter
from eqviewer.app.view_filter import PRESETS, FilterSpec, apply_filter

RATE = 100.0


@pytest.fixture(scope="module")
def record() -> np.ndarray:
    rng = np.random.default_rng(3)
    data = np.cumsum(rng.standard_normal((3, 40 * 60 * 100)), axis=1) * 0.05 + rng.standard_normal((3, 240_000))
    return (data + 500.0).astype(np.float32)  # a DC offset, as counts have


@pytest.mark.parametrize("spec", [FilterSpec("bandpass", 1.0, 10.0), FilterSpec("highpass", 1.0, zerophase=False),
                                  FilterSpec("lowpass", freqmax=2.0, zerophase=False)])
def test_joined_sections_match_the_whole_record_filtered(record, spec):
    sections = SectionFilter(record, RATE)
    wanted = sections.sections(130_000, 200_000)  # inside the record: no record edge effects in either
    for index in sections.missing(spec, wanted):
        sections.store(spec, index, sections.compute(spec, index))
    joined = sections.assemble(spec, wanted)
    start = wanted.start * sections.section
    whole = apply_filter(record, RATE, spec)[:, start:start + joined.shape[1]]
    assert joined.dtype == np.float32 and joined.shape[0] == 3
    scale = np.abs(whole).max()
    assert np.abs(joined - whole).max() < 1e-3 * scale  # no steps or ringing where sections meet


def test_sections_are_kept_per_filter_and_only_the_view_is_filtered(record):
    sections = SectionFilter(record, RATE)
    causal = next(spec for spec in PRESETS if not spec.zerophase)
    wanted = sections.sections(0, 70_000)
    assert list(wanted) == [0, 1] and sections.count == 4
    for index in sections.missing(causal, wanted):
        sections.store(causal, index, sections.compute(causal, index))
    assert sections.missing(causal, wanted) == [] and sections.missing(PRESETS[0], wanted) == [0, 1]
    assert sections.missing(causal, sections.sections(0, 240_000)) == [2, 3]


def test_causal_presets_are_offered_beside_zero_phase_ones():
    assert any(spec.zerophase for spec in PRESETS) and any(not spec.zerophase for spec in PRESETS)
