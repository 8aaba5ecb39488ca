"""Association of picks across stations into located events (PyOcto), and what it needs: station geometry,
velocity models and predicted travel times, location errors, and the session workflow.

``associate_session(session, model, settings)`` is the one entry point the CLI, the detector's ``--associate`` and
the review window's re-associate key share.

Other packages import only the names in ``__all__``: association of picks and of a session, its settings, the
session's station metadata, velocity models, the record section of an event, relocating one reviewed event, and
local magnitudes (Wood-Anderson amplitudes, formulas, the session workflow).
"""

from eqviewer.associate.amplitudes import (AmplitudeSettings, StationSkipped, WoodAndersonTrace, channel_code,
                                           wood_anderson_traces)
from eqviewer.associate.associator import AssociationResult, associate_picks
from eqviewer.associate.locate import relocate
from eqviewer.associate.magnitude import FORMULAS, MEANS, network_magnitude, parse_formula, parse_method
from eqviewer.associate.section import SectionTrace, event_model, event_section
from eqviewer.associate.session_events import (AssociationSummary, StationUpdate, add_station_metadata,
                                               associate_session, association_inputs, read_station_metadata,
                                               relocation_inputs, session_model, store_events,
                                               store_station_metadata)
from eqviewer.associate.session_magnitudes import (EventMagnitude, MagnitudeInputs, MagnitudeSettings,
                                                   magnitude_inputs, measure_magnitudes, measure_origins,
                                                   store_magnitudes, update_magnitude)
from eqviewer.associate.session_model_fit import fit_session_model, session_wadati, stored_model_fit
from eqviewer.associate.settings import AssociationSettings
from eqviewer.associate.velocity import VelocityModel, parse_velocity_model
from eqviewer.associate.velocity_fit import ModelFit, StationDelay, WadatiFit, WadatiPoint
from eqviewer.associate.wood_anderson import ground_motion, peak, response_pre_filter

__all__ = [
    "AssociationResult", "AssociationSettings", "AssociationSummary", "SectionTrace", "StationUpdate",
    "VelocityModel", "add_station_metadata", "associate_picks", "associate_session", "association_inputs",
    "event_model", "event_section", "parse_velocity_model", "read_station_metadata", "relocate",
    "relocation_inputs", "store_events", "store_station_metadata",
    # the velocity model fitted to reviewed events
    "ModelFit", "StationDelay", "WadatiFit", "WadatiPoint", "fit_session_model", "session_model", "session_wadati",
    "stored_model_fit",
    # local magnitudes
    "EventMagnitude", "FORMULAS", "MEANS", "MagnitudeInputs", "MagnitudeSettings", "magnitude_inputs",
    "measure_magnitudes", "measure_origins", "parse_formula", "store_magnitudes", "update_magnitude",
    # ground motion for display
    "channel_code", "ground_motion", "response_pre_filter",
    # the analyst's review of amplitudes
    "AmplitudeSettings", "StationSkipped", "WoodAndersonTrace", "network_magnitude", "parse_method", "peak",
    "wood_anderson_traces",
]
