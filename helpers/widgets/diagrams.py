"""The two pictures of the course as SVG text: a container's lifecycle and Docker's architecture.

Pure functions of their inputs (current state, last move, components at work), so they are
tested without an engine and redrawn in a few microseconds when an event arrives.
"""

from html import escape

from ..api import endpoints
from ..objects import lifecycle
from .svg import arrow, box, document

_W, _H = 120, 52
_STATE_AT = {
    lifecycle.REMOVED: (10, 120), lifecycle.CREATED: (185, 120), lifecycle.RUNNING: (360, 120),
    lifecycle.EXITED: (555, 120), lifecycle.DEAD: (750, 120), lifecycle.PAUSED: (360, 12), lifecycle.RESTARTING: (555, 12),
}
_EDGE_PATHS = {
    (lifecycle.REMOVED, lifecycle.CREATED): ("M130,146 L183,146", "create", (157, 138), "middle"),
    (lifecycle.CREATED, lifecycle.RUNNING): ("M305,146 L358,146", "start", (331, 138), "middle"),
    (lifecycle.RUNNING, lifecycle.PAUSED): ("M400,120 L400,66", "pause", (394, 98), "end"),
    (lifecycle.PAUSED, lifecycle.RUNNING): ("M440,64 L440,118", "unpause", (446, 86), "start"),
    (lifecycle.RUNNING, lifecycle.EXITED): ("M480,136 L553,136", "stop/kill", (517, 129), "middle"),
    (lifecycle.EXITED, lifecycle.RUNNING): ("M555,158 L482,158", "start", (517, 172), "middle"),
    (lifecycle.RUNNING, lifecycle.RESTARTING): ("M472,120 L553,36", "die", (512, 62), "end"),
    (lifecycle.RESTARTING, lifecycle.RUNNING): ("M572,64 L484,124", "start", (538, 102), "start"),
    (lifecycle.CREATED, lifecycle.REMOVED): ("M245,172 C245,205 70,205 70,174", "rm", (157, 207), "middle"),
    (lifecycle.EXITED, lifecycle.REMOVED): ("M615,172 C615,245 45,245 45,174", "rm", (330, 240), "middle"),
    (lifecycle.EXITED, lifecycle.DEAD): ("M675,146 L748,146", "rm gagal", (711, 138), "middle"),
    (lifecycle.DEAD, lifecycle.REMOVED): ("M810,172 C810,285 25,285 25,174", "rm", (420, 276), "middle"),
}


def lifecycle_svg(current, last=None):
    """Draw the lifecycle diagram with ``current`` highlighted and the ``last`` :class:`Transition` in orange."""
    moved = (last.before, last.after) if last else None
    body = []
    for (before, after), (d, label, at, anchor) in _EDGE_PATHS.items():
        body.append(arrow(d, label, at, on=(before, after) == moved, anchor=anchor))
    for state, (x, y) in _STATE_AT.items():
        body.append(box(x, y, _W, _H, state, lifecycle.STATE_LABELS[state].split(" (")[0], on=state == current))
    return document(880, 292, "".join(body), f"Siklus hidup container, status sekarang: {current}")


_PART_AT = {
    endpoints.CLIENT: (10, 95), endpoints.DAEMON: (235, 95), endpoints.IMAGES: (500, 20),
    endpoints.CONTAINERS: (500, 170), endpoints.REGISTRY: (725, 95),
}
_PART_W, _PART_H = 150, 58
_LINKS = (
    (endpoints.CLIENT, endpoints.DAEMON, "M160,124 L233,124", "HTTP API", (196, 116)),
    (endpoints.DAEMON, endpoints.IMAGES, "M385,110 L498,52", "", (0, 0)),
    (endpoints.DAEMON, endpoints.CONTAINERS, "M385,138 L498,196", "", (0, 0)),
    (endpoints.IMAGES, endpoints.CONTAINERS, "M575,78 L575,168", "run", (585, 128)),
    (endpoints.IMAGES, endpoints.REGISTRY, "M650,46 L745,93", "push / pull", (712, 58)),
)


def architecture_svg(active=(), counts=None, caption=""):
    """Draw client → daemon → images / containers ↔ registry, lighting the ``active`` components.

    Args:
        active: Components at work (see :data:`helpers.widgets.endpoints.COMPONENTS`).
        counts: Optional ``{component: number of calls}`` written under each box.
        caption: One line under the picture, e.g. the last call.
    """
    counts = counts or {}
    body = []
    for start, end, d, label, at in _LINKS:
        body.append(arrow(d, label, at, on=start in active and end in active, anchor="start" if label == "run" else "middle"))
    for part, (x, y) in _PART_AT.items():
        title, subtitle = endpoints.COMPONENT_LABELS[part]
        note = f"{counts[part]} panggilan" if part in counts else ""
        body.append(box(x, y, _PART_W, _PART_H, title, subtitle, on=part in active, note=note))
    if caption:
        body.append(f"<text x='440' y='268' text-anchor='middle' font-size='14' fill='#263238'>{escape(caption)}</text>")
    return document(880, 280, "".join(body), "Arsitektur Docker: client, daemon, images, containers, registry")

