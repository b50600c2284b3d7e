"""Small SVG drawing helpers shared by the diagrams (lifecycle, architecture); pure text, no engine."""

from html import escape

IDLE_FILL, IDLE_STROKE, IDLE_TEXT = "#f4f6f8", "#90a4ae", "#263238"
ON_FILL, ON_STROKE, ON_TEXT = "#1565c0", "#0d47a1", "#ffffff"
EDGE, EDGE_ON = "#90a4ae", "#ef6c00"
FONT = "font-family='system-ui, -apple-system, Segoe UI, Roboto, sans-serif'"

_DEFS = (
    "<defs>"
    f"<marker id='kd-arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' markerHeight='7' orient='auto'>"
    f"<path d='M0,0 L10,5 L0,10 z' fill='{EDGE}'/></marker>"
    f"<marker id='kd-arrow-on' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='6' markerHeight='6' orient='auto'>"
    f"<path d='M0,0 L10,5 L0,10 z' fill='{EDGE_ON}'/></marker>"
    "</defs>"
)


def document(width, height, body, label):
    """Wrap SVG ``body`` in a scalable ``<svg>`` at most ``width`` px wide, with an accessible ``label``."""
    return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' role='img' "
            f"aria-label='{escape(label)}' style='width:100%;max-width:{width}px;height:auto' {FONT}>"
            f"{_DEFS}{body}</svg>")


def box(x, y, width, height, title, subtitle="", on=False, note=""):
    """A rounded box with a bold ``title``, a smaller ``subtitle`` and an optional ``note`` below it."""
    fill, stroke, color = (ON_FILL, ON_STROKE, ON_TEXT) if on else (IDLE_FILL, IDLE_STROKE, IDLE_TEXT)
    middle = x + width / 2
    parts = [f"<rect x='{x}' y='{y}' width='{width}' height='{height}' rx='10' fill='{fill}' "
             f"stroke='{stroke}' stroke-width='{3 if on else 1.5}'/>",
             f"<text x='{middle}' y='{y + height / 2 - (3 if subtitle else -5)}' text-anchor='middle' "
             f"font-size='15' font-weight='600' fill='{color}'>{escape(title)}</text>"]
    if subtitle:
        parts.append(f"<text x='{middle}' y='{y + height / 2 + 15}' text-anchor='middle' font-size='11.5' "
                     f"fill='{color}'>{escape(subtitle)}</text>")
    if note:
        parts.append(f"<text x='{middle}' y='{y + height + 16}' text-anchor='middle' font-size='12' "
                     f"fill='{IDLE_TEXT}'>{escape(note)}</text>")
    return "".join(parts)


def arrow(d, label="", at=(0, 0), on=False, anchor="middle"):
    """An arrow along SVG path ``d`` with ``label`` written at ``at``; orange and thick when ``on``."""
    color, marker, width = (EDGE_ON, "kd-arrow-on", 3.5) if on else (EDGE, "kd-arrow", 1.6)
    parts = [f"<path d='{d}' fill='none' stroke='{color}' stroke-width='{width}' marker-end='url(#{marker})'/>"]
    if label:
        weight = "700" if on else "400"
        parts.append(f"<text x='{at[0]}' y='{at[1]}' text-anchor='{anchor}' font-size='12' font-weight='{weight}' "
                     f"fill='{EDGE_ON if on else IDLE_TEXT}'>{escape(label)}</text>")
    return "".join(parts)
