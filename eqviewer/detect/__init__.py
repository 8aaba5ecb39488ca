"""Detection and picking on records of any length with the 60 s seed networks (Qt-free).

``Detector(model, settings).run(record)`` returns :class:`Annotations`; :func:`detect_source` runs over whole
archives slice by slice in bounded memory. See eqviewer/detect/README.md for the defaults and how they were chosen.
"""

from eqviewer.detect.annotations import Annotations, Detection
from eqviewer.detect.archive import detect_source
from eqviewer.detect.detector import Detector
from eqviewer.detect.settings import DetectSettings

__all__ = ["Annotations", "Detection", "DetectSettings", "Detector", "detect_source"]
