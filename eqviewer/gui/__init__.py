"""eqviewer.gui: the review window (PyQt6 + pyqtgraph); it only adapts the Qt-free core to the screen.

``app.run(OpenOptions)`` starts it (``eqviewer open``); ``main_window.MainWindow`` wires ``review_queue.ReviewQueue``,
``trace_view.TraceView``, ``model_panel.ModelPanel`` and the review keys (``keymap``, ``pick_editor``) to a
:class:`eqviewer.review.session.Session`; ``worker.Worker`` runs eqviewer.detect off the GUI thread.
"""
