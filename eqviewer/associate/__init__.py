"""Association of picks across stations into located events (PyOcto), and what it needs: station geometry,
velocity models and predicted travel times, location errors, and the session workflow.

``associate_session(session, model, settings)`` is the one entry point the CLI, the detector's ``--associate`` and
the review window's re-associate key share.
"""
