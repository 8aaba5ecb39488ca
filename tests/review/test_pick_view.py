"""Where the view goes when a pick is selected: centred at a working width, kept inside the record."""

from __future__ import annotations

import pytest

from eqviewer.review.pick_view import DEFAULT_WORKING_SPAN_S, centred_span


def test_a_pick_is_centred_at_a_working_width():
    assert centred_span(500.0, (0.0, 40.0)) == (480.0, 520.0)
    assert centred_span(500.0, (0.0, 3600.0)) == (500.0 - DEFAULT_WORKING_SPAN_S / 2, 500.0 + DEFAULT_WORKING_SPAN_S / 2)


@pytest.mark.parametrize("at, expected", [(4.0, (0.0, 40.0)), (86_390.0, (86_360.0, 86_400.0)), (500.0, (480.0, 520.0))])
def test_the_view_stays_inside_the_record_without_narrowing(at, expected):
    assert centred_span(at, (0.0, 40.0), record_s=86_400.0) == expected


def test_a_record_shorter_than_the_view_is_shown_whole():
    assert centred_span(7.7, (0.0, 40.0), record_s=30.0) == (0.0, 30.0)  # no empty time before a short file's pick
