"""The engine's events for one notebook's containers, drawn as a timeline while they happen."""

import threading
import time

import ipywidgets as widgets

from ..engine.labels import OWNER_LABEL
from ..objects.events import EventListener
from .plots import events_figure, png

REDRAW_EVERY = 0.3
"""Seconds between redraws at most: a burst of events (``stop`` = kill, die, stop) is drawn once."""


class EventsTimeline(widgets.VBox):
    """Every container event of a notebook (its ``owner`` label), one row per container, as it happens.

    Similar to ``docker events --filter label=org.kursus-docker.owner=OWNER``.

    Args:
        owner: The notebook or lab id whose containers to follow.
        since: Also replay earlier events from this time (``datetime`` or Unix seconds).

    Example:
        ``EventsTimeline(OWNER)``
    """

    def __init__(self, owner, since=None):
        self.owner = owner
        self.start = time.time() if since is None else getattr(since, "timestamp", lambda: since)()
        self.events = []
        self._dirty = threading.Condition()
        self._pending = False
        self._closed = False
        self._chart = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self._chart.add_class("kursus-events-chart")
        self._summary = widgets.HTML("Menunggu event dari engine ...")
        self._summary.add_class("kursus-events-summary")
        super().__init__([widgets.HTML(f"<b>Event container milik <code>{owner}</code></b>"), self._summary,
                          self._chart], layout=widgets.Layout(max_width="900px"))
        self.add_class("kursus-events-timeline")
        self._painter = threading.Thread(target=self._paint, name="kursus-timeline", daemon=True)
        self._painter.start()
        self._listener = EventListener({"type": "container", "label": f"{OWNER_LABEL}={owner}"},
                                       self._on_event, since=since, on_error=self._on_error)

    def _on_error(self, message):
        self._summary.value = f"⚠️ {message}"

    def _on_event(self, event):
        name = (event.get("Actor", {}).get("Attributes") or {}).get("name", event.get("id", "?")[:12])
        when = event.get("timeNano", time.time_ns()) / 1e9
        with self._dirty:
            self.events.append((when, name, event.get("Action", "").split(":", 1)[0]))
            self._pending = True
            self._dirty.notify()

    def _paint(self):
        while True:
            with self._dirty:
                self._dirty.wait_for(lambda: self._pending or self._closed)
                if self._closed:
                    return
                self._pending = False
                events = list(self.events)
            self._chart.value = png(events_figure(events, self.start))
            names = sorted({name for _, name, _ in events})
            self._summary.value = f"{len(events)} event dari {len(names)} container: {', '.join(names)}"
            time.sleep(REDRAW_EVERY)

    def close(self):
        """Stop listening to the engine and close the widget."""
        self._listener.stop()
        with self._dirty:
            self._closed = True
            self._dirty.notify()
        self._painter.join(2)
        super().close()

    def __repr__(self):
        return f"EventsTimeline({self.owner!r})"
