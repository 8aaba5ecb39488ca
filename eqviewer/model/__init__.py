"""The seed networks (Cui et al., GJI 2024): classifier and P/S pickers, preprocessing, weights registry.

``SeedModel.load()`` gives the model object the app uses; ``SeedModel.predict(raw)`` runs it on raw
(N, 6000, 3) Z,N,E windows. Nothing here imports Qt.
"""

from eqviewer.model.networks import build_classifier, build_picker, with_attention
from eqviewer.model.output import WindowOutput
from eqviewer.model.seed import SeedModel

__all__ = ["SeedModel", "WindowOutput", "build_classifier", "build_picker", "with_attention"]
