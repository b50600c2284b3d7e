"""Widgets that show the live engine at work, for the notebooks and labs.

Each one is one line in a cell, e.g. ``Lifecycle("kursus-05-web", OWNER)``; the logic they need
without an engine lives in small pure modules (``states``, ``layers``, ``apimap``, ``usage``).
"""

from .api import ApiInspector, Architecture
from .build_view import BuildView
from .events import stop_all
from .images import ImageLayers
from .lifecycle import Lifecycle
from .plots import plot_layers
from .progress import Progress
from .resources import ResourceUse
from .timeline import EventsTimeline

__all__ = ["ApiInspector", "Architecture", "BuildView", "EventsTimeline", "ImageLayers", "Lifecycle",
           "Progress", "ResourceUse", "plot_layers", "stop_all"]
