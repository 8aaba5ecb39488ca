"""The application layer: the review's state and workflows as plain Python objects, with no Qt.

The window (:mod:`eqviewer.gui`) holds widgets and wiring only; everything it shows or changes lives here, so
another front end (a pick list, an event view, a script, a test) can drive the same review. Each stateful object
tells observers what changed through :class:`~eqviewer.app.observers.Callbacks` (``obj.some_event.connect(fn)``);
callbacks run in the thread that made the change (the GUI thread in the window).

Where each responsibility lives:

- :mod:`eqviewer.app.review_state`: :class:`ReviewState`: the session, the open archives and their records (queue
  entries), the current record and its pick editor; edits, undo/redo, storing detector results, archive-label
  import, polling a shared session. Callbacks ``session_changed``, ``entries_added``, ``record_changed``,
  ``labels_changed``.
- :mod:`eqviewer.app.pick_editor`: :class:`PickEditor`: what the review keys do to one record's picks.
- :mod:`eqviewer.app.queue_ranking`: the queue's records (:class:`QueueEntry`) and their orders (time, station,
  model uncertainty, model-vs-archive disagreement).
- :mod:`eqviewer.app.view_filter`: view-only filters and :class:`FilterChoice` (which filter, on/off; ``changed``).
- :mod:`eqviewer.app.runs`: :class:`RunState` (the job in progress; ``started``, ``finished``, ``model_changed``)
  and the model run's job; :mod:`eqviewer.app.model_cache` keeps loaded models between runs;
  :mod:`eqviewer.app.dask_run` the Run-on-all job on a local Dask cluster.
- :mod:`eqviewer.app.retrain`: retraining on a session's reviewed labels (the window's Retrain and
  ``eqviewer train --session``).
- :mod:`eqviewer.app.session_paths`: what counts as a session, where default sessions live, retrained model names.
- Workflows the command line and the window share: :mod:`eqviewer.app.association` (store inventories' stations,
  associate a session's picks into events, re-associate from the window), :mod:`eqviewer.app.exports` (export a
  session's labels), :mod:`eqviewer.app.session_setup` (a new session with its stations; archive-label import),
  :mod:`eqviewer.app.session_stats`, :mod:`eqviewer.app.session_files` (copy, check, recover a session file),
  :mod:`eqviewer.app.archives` (what an archive holds), :mod:`eqviewer.app.models` (list, fetch, verify, locate
  models), :mod:`eqviewer.app.versions`.

Storing detection results in a session is :func:`eqviewer.review.detection_results.store_detections`, shared by
the window, ``eqviewer detect --session`` and the Dask runner; consistent detector strides come from
:meth:`eqviewer.detect.settings.DetectSettings.for_stride`.
"""
