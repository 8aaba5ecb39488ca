"""The time axis: ticks on round UTC times at every zoom, labelled with the time they mark, also for a record that
starts at a fraction of a second (stead_eqt50) and for a day-long view."""

from __future__ import annotations

import numpy as np
import pytest
from obspy import UTCDateTime

from eqviewer.gui.time_axis import tick_label
from eqviewer.gui.trace_view import TraceView
from eqviewer.io import open_archive


def _ticks(view: TraceView) -> list[tuple[float, list[float]]]:
    axis = view.axes["Z"]
    x0, x1 = view.x_range()
    return axis.tickValues(x0, x1, axis.width() or 1000)


def _check_round(view: TraceView) -> None:
    axis = view.axes["Z"]
    levels = _ticks(view)
    assert levels and levels[0][1], "no ticks drawn"
    for spacing, values in levels:
        for value in values:
            marked = view.start + value
            since_midnight = marked - UTCDateTime(marked.date)
            assert abs(since_midnight / spacing - round(since_midnight / spacing)) < 1e-4, (marked, spacing)
        labels = axis.tickStrings(values, 1.0, spacing)
        for value, label in zip(values, labels):
            assert label == tick_label(view.start + value, spacing)
            marked = view.start + value
            assert marked.strftime("%H:%M") == label[:5]


@pytest.mark.parametrize("span_s", [60.0, 20.0, 3.0, 0.6])
def test_ticks_on_round_times_for_a_subsecond_start(trace_view, shared_data, span_s):
    source = open_archive(str(shared_data / "stead_eqt50" / "waveforms.hdf5"))
    item = source.items()[0]
    record = source.read(item)
    assert record.start.microsecond != 0  # the point of the test: a start at a fraction of a second
    view = trace_view
    view.set_record(record.data, record.start, record.sampling_rate, record.station_id)
    view.set_x_range(10.0, 10.0 + span_s)
    _check_round(view)
    major_spacing, values = _ticks(view)[0]
    if major_spacing >= 1:
        # the label of a whole-second tick is that second, and the tick sits exactly on it
        for value in values:
            marked = view.start + value
            assert abs(marked.microsecond) < 1000 or marked.microsecond > 999_000
    source.close()


def test_day_view_ticks_fall_on_round_hours(trace_view):
    view = trace_view
    start = UTCDateTime(2024, 5, 1, 0, 0, 0.37)
    data = np.zeros((3, 24 * 3600 * 10), dtype=np.float32)
    view.set_record(data, start, 10.0, "XX.DAY..HHZ")
    view.show_all()
    _check_round(view)
    major_spacing, values = _ticks(view)[0]
    assert major_spacing % 3600 == 0
    labels = view.axes["Z"].tickStrings(values, 1.0, major_spacing)
    assert all(label.endswith(":00") for label in labels)


def test_a_pick_label_at_the_left_edge_leaves_the_channel_caption_readable(trace_view, qtbot):
    from eqviewer.labels import Pick

    view = trace_view
    start = UTCDateTime("2024-03-01T00:00:00")
    rng = np.random.default_rng(3)
    view.set_record(rng.standard_normal((3, 3000)).astype(np.float32), start, 100.0, "XX.EDGE..HH")
    view.set_x_range(0.0, 30.0)
    picks = [Pick("XX.EDGE..HH", phase, start + t, probability=0.94, id=i)
             for i, (phase, t) in enumerate((("P", 0.3), ("S", 0.6)), start=1)]
    view.set_picks(picks)
    qtbot.wait(50)
    caption = view.captions["Z"]
    caption_rect = caption.mapRectToScene(caption.boundingRect())
    assert caption.text and caption_rect.width() > 0
    for pick in picks:
        label = next(line.label for line in view.pick_lines(pick.id) if line.getViewBox() is view.plots["Z"].vb)
        label_rect = label.mapRectToScene(label.boundingRect())
        assert label.isVisible() and label_rect.width() > 0
        assert not label_rect.intersects(caption_rect), (pick.phase, label_rect, caption_rect)
