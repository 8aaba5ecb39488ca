"""The thresholds a model is run and judged at, resolved the same way for the window and the command line.

The rule (:meth:`eqviewer.detect.DetectSettings.for_model`): the model kind's defaults, then the values fitted to
the model (stored in its metadata by ``eqviewer calibrate`` or ``eqviewer train``), then what the user sets. A model
is named as :func:`eqviewer.model.registry.resolve` takes it; its metadata is read without loading its weights.
"""

from __future__ import annotations

from eqviewer.detect import DETECTION_SOURCES, THRESHOLD_FIELDS, DetectSettings
from eqviewer.errors import EqviewerError
from eqviewer.model import SEED, resolve

__all__ = ["DEFAULTS", "DETECTION_SOURCES", "detect_settings", "model_thresholds"]

DEFAULTS = DetectSettings()
"""The detector's defaults (for the command line's help)."""


def detect_settings(model: str | None, stride_s: float | None = None, **overrides) -> DetectSettings:
    """The detection settings for ``model``: its own thresholds (kind defaults, then fitted values), the strides
    that follow from ``stride_s`` (default: the detector's), then ``overrides`` (None values are left out).

    An unknown model gets the seed kind's defaults (loading it then says what is wrong); settings out of range
    raise :class:`EqviewerError` with the reason.
    """
    try:
        entry = resolve(model)
        descriptor, metadata = entry.descriptor, entry.metadata
    except EqviewerError:
        descriptor, metadata = SEED, {}
    changes = {key: value for key, value in overrides.items() if value is not None}
    try:
        own = DetectSettings.for_model(descriptor, metadata, **{k: v for k, v in changes.items() if k == "detection"})
        stride = own.stride_s if stride_s is None else stride_s
        thresholds = {name: getattr(own, name) for name in THRESHOLD_FIELDS.values()}
        return DetectSettings.for_stride(stride, **(thresholds | changes))
    except ValueError as exc:
        raise EqviewerError(None, str(exc)) from None


def model_thresholds(model: str | None, detection: str | None = None) -> dict[str, float]:
    """The thresholds ``model`` is used with by default (P(eq) from ``detection``, default the pickers), as
    detection settings (``det_threshold``, ``p_threshold``, ``s_threshold``)."""
    settings = detect_settings(model, detection=detection)
    return {name: getattr(settings, name) for name in THRESHOLD_FIELDS.values()}
