"""eqviewer.gui: the review window (PyQt6 + pyqtgraph); it only adapts the Qt-free core to the screen.

``app.run(OpenOptions)`` starts it (``eqviewer open``); ``main_window.MainWindow`` wires ``review_queue.ReviewQueue``,
``trace_view.TraceView``, ``model_panel.ModelPanel`` and the review keys (``keymap``, ``pick_editor``) to a
:class:`eqviewer.review.session.Session`; ``worker.Worker`` runs eqviewer.detect (and reads long records) off the
GUI thread, with loaded models kept in ``model_cache.ModelCache``; ``retrain`` (the job) and ``retrain_dialogs`` are
Model ▸ Retrain on this session (export, fine-tune, before/after on a held-out part).
"""
