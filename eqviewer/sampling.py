"""The one sampling rate of the application: every reader resamples records to it (eqviewer.io), every model kind
runs at it (eqviewer.model checks a kind's descriptor against it), and stored curves and picks' sample times use it."""

SAMPLING_RATE = 100.0
"""Samples per second of every record, window and probability curve."""
