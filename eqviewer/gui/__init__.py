"""eqviewer.gui: the review window (PyQt6 + pyqtgraph); it only adapts the Qt-free core and application layer
(:mod:`eqviewer.app`) to the screen.

``app.run(OpenOptions)`` starts it (``eqviewer open``). ``main_window.MainWindow`` holds the widgets
(``review_queue.ReviewQueue``, ``trace_view.TraceView``, ``model_panel.ModelPanel``, ``pick_list.PickList``) and
the parts that act on them (``opening``, ``record_reader``, ``pick_review``, ``view_actions``, ``label_files``,
``model_runs``, ``retrain_actions``, ``event_tab``); each part declares its menu items and review keys in the
window's ``actions.ActionRegistry``, and every background job runs in the one ``run_control.RunControl``
(``worker.Worker`` threads).
"""
