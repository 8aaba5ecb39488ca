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
- :mod:`eqviewer.app.section_filter`: :class:`SectionFilter`, a long record filtered section by section where the
  view needs it (kept per section and filter); :mod:`eqviewer.app.envelope_pyramid` the min/max envelopes of a
  long record at every zoom level, which the trace view draws and scales from.
- :mod:`eqviewer.app.runs`: :class:`RunState` (the one job in progress, whatever its kind: a model run, a Dask run,
  a retraining, a re-association; ``started``, ``finished``, ``model_changed``) and the model run's job;
  :mod:`eqviewer.app.model_cache` keeps loaded models between runs; :mod:`eqviewer.app.dask_run` the window's
  Run-on-all job on a local Dask cluster.

Workflows the command line and the window share, each written once here (the command line imports nothing else
of eqviewer, and an import-linter contract in pyproject.toml says so):

- :mod:`eqviewer.app.thresholds`: the thresholds a model runs and is judged at (its kind's, then those fitted to
  it, then the user's) and the detection settings that carry them.
- :mod:`eqviewer.app.detection`: detect into a session and/or a pick file, in this process or on Dask; the record
  loop the window's model run shares.
- :mod:`eqviewer.app.sessions`: open or create a session under one :class:`SessionPolicy`;
  :mod:`eqviewer.app.session_paths` where default sessions live and retrained models' names;
  :mod:`eqviewer.app.session_setup` (a new session with its stations; archive-label import),
  :mod:`eqviewer.app.session_stats`, :mod:`eqviewer.app.session_files` (copy, check, recover a session file).
- :mod:`eqviewer.app.association`: store inventories' stations, associate a session's picks into events,
  re-associate from the window; :mod:`eqviewer.app.magnitudes` the local magnitudes of its events;
  :mod:`eqviewer.app.location` relocation, :mod:`eqviewer.app.event_operations` merge, split and moving arrivals,
  :mod:`eqviewer.app.model_fit` the fitted vp/vs and station delays and the Wadati diagram.
- :mod:`eqviewer.app.exports`: export a session's labels.
- :mod:`eqviewer.app.training` (a session's labelled windows, read in memory; fine-tuning),
  :mod:`eqviewer.app.retrain` (the window's Retrain and ``eqviewer train --session``),
  :mod:`eqviewer.app.evaluation` (evaluate models and report), :mod:`eqviewer.app.calibration` (fit thresholds).
- :mod:`eqviewer.app.archives` (what an archive holds), :mod:`eqviewer.app.models` (list, fetch, verify, locate
  models), :mod:`eqviewer.app.versions`, :mod:`eqviewer.app.window_options` (what ``eqviewer open`` asks of the
  window, which it finds through an entry point).
"""
