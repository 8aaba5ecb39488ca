"""DetectSettings.for_stride: the S and classifier strides follow the P stride, for every stride allowed."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.detect.settings import DetectSettings


def test_every_stride_gives_consistent_settings():
    for stride in np.round(np.arange(0.5, 60.01, 0.1), 1):  # every value the window's stride box offers
        settings = DetectSettings.for_stride(float(stride))
        ratio = settings.s_stride_s / settings.stride_s
        assert ratio >= 1 and abs(ratio - round(ratio)) < 1e-6, stride
        assert settings.classifier_stride_s >= settings.stride_s
    assert DetectSettings.for_stride(DetectSettings().stride_s) == DetectSettings()  # the defaults are unchanged
    assert (DetectSettings.for_stride(7).s_stride_s, DetectSettings.for_stride(10).s_stride_s) == (14, 20)
    assert DetectSettings.for_stride(45).classifier_stride_s == 45
    assert DetectSettings.for_stride(9, p_threshold=0.4).p_threshold == 0.4


@pytest.mark.parametrize("stride", [0, -1, 0.001, 61])
def test_a_stride_out_of_range_is_refused(stride):
    with pytest.raises(ValueError, match="stride must be between"):
        DetectSettings.for_stride(stride)
