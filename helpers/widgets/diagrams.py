"""The two pictures of the course as SVG text: a container's lifecycle and Docker's architecture.

Pure functions of their inputs (current state, last move, components at work), so they are
tested without an engine and redrawn in a few microseconds when an event arrives.
"""

from html import escape

from . import apimap, states
from .svg import arrow, box, document

_W, _H = 120, 52
_STATE_AT = {
    states.REMOVED: (10, 120), states.CREATED: (185, 120), states.RUNNING: (360, 120),
    states.EXITED: (555, 120), states.DEAD: (750, 120), states.PAUSED: (360, 12), states.RESTARTING: (555, 12),
}
_EDGE_PATHS = {
    (states.REMOVED, states.CREATED): ("M130,146 L183,146", "create", (157, 138), "middle"),
    (states.CREATED, states.RUNNING): ("M305,146 L358,146", "start", (331, 138), "middle"),
    (states.RUNNING, states.PAUSED): ("M400,120 L400,66", "pause", (394, 98), "end"),
    (states.PAUSED, states.RUNNING): ("M440,64 L440,118", "unpause", (446, 86), "start"),
    (states.RUNNING, states.EXITED): ("M480,136 L553,136", "stop/kill", (517, 129), "middle"),
    (states.EXITED, states.RUNNING): ("M555,158 L482,158", "start", (517, 172), "middle"),
    (states.RUNNING, states.RESTARTING): ("M472,120 L553,36", "die", (512, 62), "end"),
    (states.RESTARTING, states.RUNNING): ("M572,64 L484,124", "start", (538, 102), "start"),
    (states.CREATED, states.REMOVED): ("M245,172 C245,205 70,205 70,174", "rm", (157, 207), "middle"),
    (states.EXITED, states.REMOVED): ("M615,172 C615,245 45,245 45,174", "rm", (330, 240), "middle"),
    (states.EXITED, states.DEAD): ("M675,146 L748,146", "rm gagal", (711, 138), "middle"),
    (states.DEAD, states.REMOVED): ("M810,172 C810,285 25,285 25,174", "rm", (420, 276), "middle"),
}


def lifecycle_svg(current, last=None):
    """Draw the lifecycle diagram with ``current`` highlighted and the ``last`` :class:`Transition` in orange."""
    moved = (last.before, last.after) if last else None
    body = []
    for (before, after), (d, label, at, anchor) in _EDGE_PATHS.items():
        body.append(arrow(d, label, at, on=(before, after) == moved, anchor=anchor))
    for state, (x, y) in _STATE_AT.items():
        body.append(box(x, y, _W, _H, state, states.STATE_LABELS[state].split(" (")[0], on=state == current))
    return document(880, 292, "".join(body), f"Siklus hidup container, status sekarang: {current}")


_PART_AT = {
    apimap.CLIENT: (10, 95), apimap.DAEMON: (235, 95), apimap.IMAGES: (500, 20),
    apimap.CONTAINERS: (500, 170), apimap.REGISTRY: (725, 95),
}
_PART_W, _PART_H = 150, 58
_LINKS = (
    (apimap.CLIENT, apimap.DAEMON, "M160,124 L233,124", "HTTP API", (196, 116)),
    (apimap.DAEMON, apimap.IMAGES, "M385,110 L498,52", "", (0, 0)),
    (apimap.DAEMON, apimap.CONTAINERS, "M385,138 L498,196", "", (0, 0)),
    (apimap.IMAGES, apimap.CONTAINERS, "M575,78 L575,168", "run", (585, 128)),
    (apimap.IMAGES, apimap.REGISTRY, "M650,46 L745,93", "push / pull", (712, 58)),
)


def architecture_svg(active=(), counts=None, caption=""):
    """Draw client → daemon → images / containers ↔ registry, lighting the ``active`` components.

    Args:
        active: Components at work (see :data:`helpers.widgets.apimap.COMPONENTS`).
        counts: Optional ``{component: number of calls}`` written under each box.
        caption: One line under the picture, e.g. the last call.
    """
    counts = counts or {}
    body = []
    for start, end, d, label, at in _LINKS:
        body.append(arrow(d, label, at, on=start in active and end in active, anchor="start" if label == "run" else "middle"))
    for part, (x, y) in _PART_AT.items():
        title, subtitle = apimap.COMPONENT_LABELS[part]
        note = f"{counts[part]} panggilan" if part in counts else ""
        body.append(box(x, y, _PART_W, _PART_H, title, subtitle, on=part in active, note=note))
    if caption:
        body.append(f"<text x='440' y='268' text-anchor='middle' font-size='14' fill='#263238'>{escape(caption)}</text>")
    return document(880, 280, "".join(body), "Arsitektur Docker: client, daemon, images, containers, registry")

