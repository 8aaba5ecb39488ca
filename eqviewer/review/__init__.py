"""The review session (picks, labels, events, stations, detector results; SQLite file or PostgreSQL) and what
reads and writes it: detector results in, archive labels in, label exports and training windows out, the pick
view's rules, and checking, copying and recovering session files (Qt-free).

Other packages import only the names in ``__all__``.
"""

from eqviewer.review.backend_postgres import redacted
from eqviewer.review.detection_results import DetectionBatch, StoredBatch, batch_from_annotations, store_detections
from eqviewer.review.pick_doubt import DOUBT_WINDOW_S, doubt_text, doubtful_picks
from eqviewer.review.export import EXPORTERS, TRAINING_FORMATS, export_session, export_summary
from eqviewer.review.import_labels import ImportSummary, import_archive_labels
from eqviewer.review.pick_view import (ZOOM_FACTOR, ViewThresholds, carried_span, centred_span, in_view, paged_span,
                                       shown_picks, source_models, step_pick, zoomed_span)
from eqviewer.review.session import Session
from eqviewer.review.session_file import SessionCheck, TableCheck, check_session, copy_session, recover_session
from eqviewer.review.session_path import SESSION_SUFFIX, is_database_url, is_session_path
from eqviewer.review.session_sqlite import NOT_WRITABLE
from eqviewer.review.training_windows import TrainingWindow, WINDOW_SAMPLES, plan_windows, read_window, trace_name

__all__ = [
    # the session and its files
    "NOT_WRITABLE", "SESSION_SUFFIX", "Session", "SessionCheck", "TableCheck", "check_session", "copy_session",
    "is_database_url", "is_session_path", "recover_session", "redacted",
    # detector results and archive labels in
    "DetectionBatch", "ImportSummary", "StoredBatch", "batch_from_annotations", "import_archive_labels",
    "store_detections",
    # labels out: exports and training windows
    "EXPORTERS", "TRAINING_FORMATS", "TrainingWindow", "WINDOW_SAMPLES", "export_session", "export_summary",
    "plan_windows", "read_window", "trace_name",
    # the pick view
    "DOUBT_WINDOW_S", "ViewThresholds", "ZOOM_FACTOR", "carried_span", "centred_span", "doubt_text",
    "doubtful_picks", "in_view", "paged_span", "shown_picks", "source_models", "step_pick", "zoomed_span",
]
