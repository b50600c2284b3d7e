"""Widgets that show the live engine at work, for the notebooks and labs.

Each one is one line in a cell, e.g. ``Lifecycle("kursus-05-web", OWNER)``; the logic they need
without an engine lives below them, in ``helpers.objects``, ``helpers.host`` and ``helpers.api``.
"""

from ..objects.events import stop_all
from .api import ApiInspector, Architecture
from .build_view import BuildView
from .images import ImageLayers
from .lifecycle import Lifecycle
from .plots import plot_layers, plot_sizes, plot_stacks, resources_figure
from .progress import Progress
from .resources import ResourceUse
from .timeline import EventsTimeline

__all__ = ["ApiInspector", "Architecture", "BuildView", "EventsTimeline", "ImageLayers", "Lifecycle",
           "Progress", "ResourceUse", "plot_layers", "plot_sizes", "plot_stacks", "resources_figure", "stop_all"]
