"""Start-time strings as archives store them."""

from __future__ import annotations

import pytest
from obspy import UTCDateTime

from eqviewer.io.timeparse import parse_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2006-07-23 15:59:00.960000", "2006-07-23T15:59:00.96"),
        ("2009-02-09T00:26:57.220800Z", "2009-02-09T00:26:57.2208"),
        ("2007/01/01 01:42:45.08", "2007-01-01T01:42:45.08"),
        (b"2010-08-01 00:58:56", "2010-08-01T00:58:56"),
        ("2020-01-01T01:00:00+01:00", "2020-01-01T00:00:00"),
    ],
)
def test_accepted_formats(text, expected):
    assert parse_time(text) == UTCDateTime(expected)


@pytest.mark.parametrize("text", ["", "None", "nan", "27/10/2016 19:12", "2016-10-27 19:12", "garbage text here!!", None, 3.0])
def test_rejected_or_imprecise(text):
    assert parse_time(text) is None
