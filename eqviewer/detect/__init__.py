"""Detection and picking on records of any length with the 60 s seed networks (Qt-free).

``Detector(model, settings).run(record)`` returns :class:`Annotations`; :func:`detect_source` runs over whole
archives slice by slice in bounded memory. See eqviewer/detect/README.md for the defaults and how they were chosen.

Other packages import only the names in ``__all__``: the detector and its settings (with the threshold fields
each network's threshold lives in, and where P(eq) comes from), the annotations and the names of their curves, the
pick-file writer, the window padding the training windows share, and the pick detection's features and weights
(which training fits).
"""

from eqviewer.detect.annotations import ATTENTION_PREFIX, DETECTION_CURVE, P_CURVE, S_CURVE, Annotations, Detection
from eqviewer.detect.archive import detect_source
from eqviewer.detect.detector import Detector
from eqviewer.detect.pick_detection import FEATURES as PICK_DETECTION_FEATURES
from eqviewer.detect.pick_detection import PickDetectionWeights, window_features
from eqviewer.detect.settings import DETECTION_SOURCES, FITTED_DETECTION_KEY, THRESHOLD_FIELDS, DetectSettings
from eqviewer.detect.windows import MIN_DATA, classifier_starts, pad_to
from eqviewer.detect.writers import PickWriter

__all__ = [
    "ATTENTION_PREFIX", "Annotations", "DETECTION_CURVE", "DETECTION_SOURCES", "Detection", "DetectSettings",
    "Detector", "FITTED_DETECTION_KEY", "MIN_DATA", "PICK_DETECTION_FEATURES", "P_CURVE", "PickDetectionWeights",
    "PickWriter", "S_CURVE", "THRESHOLD_FIELDS", "classifier_starts", "detect_source", "pad_to", "window_features",
]
