"""What the SDK sends to the daemon: a table of HTTP calls, and the architecture picture lighting up."""

import threading
from html import escape

import ipywidgets as widgets
from IPython.display import display

from ..api import endpoints
from ..api.recorder import ApiRecorder
from ..engine.errors import InvalidInputError
from .diagrams import architecture_svg

_CELL = "padding:2px 8px;white-space:nowrap"


class ApiInspector(widgets.VBox):
    """A table of the HTTP calls the client sends to the daemon while the ``with`` block runs.

    Only the calls of the thread that entered the block are listed (not those of other widgets'
    background threads). The table shows itself when the block starts and fills as calls pass.
    Similar to watching the CLI's traffic with ``docker --log-level debug`` or ``dockerd --debug``.

    Example:
        ``with ApiInspector() as inspector: containers.run(...)``
    """

    def __init__(self, show=True):
        self.show = show
        self.calls = []
        self._thread = None
        self._recorder = ApiRecorder(self._record)
        self._table = widgets.HTML("<i>Belum ada panggilan.</i>")
        self._table.add_class("kursus-api-calls")
        super().__init__([self._table], layout=widgets.Layout(max_width="900px"))
        self.add_class("kursus-api-inspector")

    def _record(self, call):
        if threading.get_ident() != self._thread:
            return
        self.calls.append(call)
        self._draw()

    def _draw(self):
        rows = "".join(
            f"<tr><td style='{_CELL}'>{number}</td><td style='{_CELL}'><b>{call.method}</b></td>"
            f"<td style='padding:2px 8px;word-break:break-all'><code>{escape(endpoints.short_path(call.path, 60))}</code></td>"
            f"<td style='{_CELL}'>{call.status}</td><td style='{_CELL};text-align:right'>{call.seconds * 1000:.0f} ms</td>"
            f"<td style='{_CELL}'>{endpoints.operation(call.method, call.path)}</td></tr>"
            for number, call in enumerate(self.calls, 1))
        head = "".join(f"<th style='{_CELL};text-align:left'>{title}</th>"
                       for title in ("#", "metode", "path", "status", "waktu", "artinya"))
        self._table.value = (f"<div style='font-size:13px'>Panggilan HTTP dari client ke daemon "
                             f"({len(self.calls)}):</div><table style='font-size:13px;border-collapse:collapse'>"
                             f"<tr>{head}</tr>{rows}</table>")

    def lines(self):
        """The calls as stable text lines, e.g. ``POST /containers/create 201``."""
        return [f"{call.method} {endpoints.endpoint(call.path)} {call.status}" for call in self.calls]

    def __enter__(self):
        self._thread = threading.get_ident()
        self._recorder.start()
        if self.show:
            display(self)
        return self

    def __exit__(self, *exc):
        self._recorder.stop()
        self._draw()
        return False

    def __repr__(self):
        return "ApiInspector()"


class Architecture(widgets.VBox):
    """The picture client → daemon → images / containers ↔ registry, optionally lit by live calls.

    ``Architecture().highlight("registry")`` is a still picture; ``Architecture.live()`` lights up,
    for every HTTP call the SDK sends, the parts it passes (e.g. ``docker run`` → images, containers;
    ``docker push`` → images, registry) and counts the calls per part.

    Example:
        ``with Architecture.live(): containers.run(...)``
    """

    def __init__(self):
        self.counts, self.calls, self.active = {}, [], ()
        self._recorder = None
        self._picture = widgets.HTML(layout=widgets.Layout(width="100%"))
        self._picture.add_class("kursus-architecture-picture")
        self._log = widgets.HTML()
        self._log.add_class("kursus-architecture-log")
        super().__init__([self._picture, self._log], layout=widgets.Layout(max_width="900px"))
        self.add_class("kursus-architecture")
        self._caption = ""
        self._draw()

    @classmethod
    def live(cls):
        """Return a picture that lights up as the SDK's calls pass, until :meth:`stop` or the ``with`` ends."""
        picture = cls()
        picture._recorder = ApiRecorder(picture._record).start()
        picture._caption = "Menunggu panggilan API ..."
        picture._draw()
        return picture

    def highlight(self, *components):
        """Light up ``components`` (e.g. ``"daemon"``, ``"registry"``) and return the picture."""
        unknown = set(components) - set(endpoints.COMPONENTS)
        if unknown:
            raise InvalidInputError(f"Komponen {', '.join(sorted(unknown))} tidak ada di gambar; pilih dari: "
                                    f"{', '.join(endpoints.COMPONENTS)}.")
        self.active = tuple(components)
        self._draw()
        return self

    def _record(self, call):
        self.active = endpoints.components(call.path)
        for part in self.active:
            self.counts[part] = self.counts.get(part, 0) + 1
        self.calls.append(call)
        self._caption = (f"Terakhir: {call.method} {endpoints.short_path(endpoints.endpoint(call.path), 60)} → {call.status} "
                         f"({endpoints.operation(call.method, call.path)})")
        self._draw()

    def _draw(self):
        self._picture.value = architecture_svg(self.active, self.counts, self._caption)
        recent = "\n".join(f"{call.method:6} {endpoints.short_path(call.path, 64):64} {call.status}"
                           for call in self.calls[-6:])
        self._log.value = f"<pre style='font-size:12px;margin:0'>{escape(recent)}</pre>" if recent else ""

    def stop(self):
        """Stop listening to the SDK's calls (the picture keeps its last state)."""
        if self._recorder is not None:
            self._recorder.stop()
            self._recorder = None

    def __enter__(self):
        display(self)
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def close(self):
        """Stop listening and close the widget."""
        self.stop()
        super().close()

    def __repr__(self):
        return "Architecture()"
