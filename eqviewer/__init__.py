"""eqviewer: review and correct what a deep-learning earthquake detector found in seismic waveforms."""

__version__ = "0.1.0"
