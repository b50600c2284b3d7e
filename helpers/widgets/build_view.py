"""A build shown step by step as the engine runs it: cached or rebuilt, the failed step, then the layers."""

import threading
from html import escape

import ipywidgets as widgets

from ..engine.errors import KursusError
from ..objects.build import build
from ..objects.images import image_layers
from .plots import layers_figure, png

_BADGES = {
    "running": ("berjalan …", "#546e7a"),
    "base": ("image dasar", "#546e7a"),
    "cached": ("dari cache", "#2e7d32"),
    "built": ("dibangun", "#1565c0"),
    "failed": ("gagal", "#c62828"),
}


class BuildView(widgets.VBox):
    """Build an image and watch each step arrive: from the cache or rebuilt, and where it failed.

    The build runs in the background as soon as the widget is made (or when its button is
    clicked with ``autostart=False``); ``.result`` waits for it. Similar to
    ``docker build -t TAG CONTEXT``.

    Args:
        context: A folder or a dict ``{file name: content}`` with a ``Dockerfile``.
        tag: The new image's tag, e.g. ``"kursus/07-app"``.
        owner: The notebook or lab id stored in the image's labels.
        nocache: Rebuild every step, like ``--no-cache``.
        autostart: Start building at once; otherwise wait for the button.

    Example:
        ``BuildView({"Dockerfile": "FROM kursus/busybox\\nRUN echo hai"}, "kursus/07-app", OWNER)``
    """

    def __init__(self, context, tag, owner, nocache=False, buildargs=None, autostart=True):
        self.context, self.tag, self.owner = context, tag, owner
        self._options = {"nocache": nocache, "buildargs": buildargs}
        self.steps, self.error, self._result, self._thread = [], None, None, None
        self._status = {}
        self._button = widgets.Button(description="jalankan build (docker build)", button_style="primary",
                                      layout=widgets.Layout(width="auto"))
        self._button.add_class("kursus-build-run")
        self._button.on_click(lambda _: self.start())
        self._progress = widgets.IntProgress(value=0, min=0, max=1, layout=widgets.Layout(width="50%"))
        self._headline = widgets.HTML()
        self._table = widgets.HTML()
        self._chart = widgets.Image(format="png", layout=widgets.Layout(max_width="900px", display="none"))
        self._headline.add_class("kursus-build-headline")
        self._table.add_class("kursus-build-steps")
        self._chart.add_class("kursus-build-chart")
        super().__init__([widgets.HTML(f"<b>Build image <code>{escape(tag)}</code></b>"),
                          widgets.HBox([self._button, self._progress]), self._headline, self._table, self._chart],
                         layout=widgets.Layout(max_width="900px"))
        self.add_class("kursus-build")
        self._headline.value = "Belum dimulai: klik tombol untuk menjalankan build."
        if autostart:
            self.start()

    def start(self):
        """Start the build in the background (a click on the button does the same)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self.steps, self.error, self._result, self._status = [], None, None, {}
        self._button.disabled = True
        self._progress.value, self._progress.bar_style = 0, "info"
        self._headline.value = "Build berjalan ..."
        self._table.value = ""
        self._chart.layout.display = "none"
        self._thread = threading.Thread(target=self._build, name="kursus-build", daemon=True)
        self._thread.start()

    def _build(self):
        try:
            self._result = build(self.context, self.tag, self.owner, on_step=self._on_step, **self._options)
        except KursusError as exc:
            self.error = exc
            self._failed(exc)
        else:
            self._finished()
        finally:
            self._button.disabled = False
            self._button.description = "build lagi (docker build)"

    def _on_step(self, step):
        if step.number not in self._status:
            self.steps.append(step)
            self._status[step.number] = "running"
        elif step.instruction.upper().startswith("FROM "):
            self._status[step.number] = "base"
        else:
            self._status[step.number] = "cached" if step.cached else "built"
        self._progress.max = step.total
        self._progress.value = sum(status != "running" for status in self._status.values())
        self._draw()

    def _failed(self, exc):
        if self.steps:
            self._status[self.steps[-1].number] = "failed"
        self._progress.bar_style = "danger"
        output = "\n".join(getattr(exc, "output", []) or [])
        self._headline.value = (f"<span style='color:#c62828'><b>{escape(str(exc))}</b></span>"
                                + (f"<div style='font-size:13px'>Keluaran terakhir langkah itu:</div>"
                                   f"<pre style='font-size:12px;margin:2px 0'>{escape(output)}</pre>" if output else ""))
        self._draw()

    def _finished(self):
        self._progress.value, self._progress.bar_style = self._progress.max, "success"
        total, cached, built = len(self.steps), self._result.cached_steps, self._result.built_steps
        self._headline.value = (f"✔ Selesai: {total} langkah ({total - cached - built} image dasar, "
                                f"{cached} dari cache, {built} dibangun).")
        self._draw()
        self._chart.value = png(layers_figure(image_layers(self.tag), title=f"Layer {self.tag}"))
        self._chart.layout.display = None

    def _draw(self):
        rows = []
        for step in self.steps:
            text, color = _BADGES[self._status[step.number]]
            rows.append(f"<tr><td style='white-space:nowrap;padding:2px 8px'>Langkah {step.number}/{step.total}</td>"
                        f"<td style='padding:2px 8px'><code>{escape(step.instruction[:80])}</code></td>"
                        f"<td style='padding:2px 8px'><span style='white-space:nowrap;background:{color};color:#fff;"
                        f"border-radius:9px;padding:1px 8px;font-weight:600'>{text}</span></td></tr>")
        self._table.value = f"<table style='font-size:13px;border-collapse:collapse'>{''.join(rows)}</table>"

    def wait(self, timeout=None):
        """Wait until the build has ended (at most ``timeout`` seconds)."""
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def result(self):
        """The :class:`helpers.objects.build.BuildResult`, once the build has ended; re-raises a failed build's error."""
        self.wait()
        if self.error is not None:
            raise self.error
        return self._result

    def __repr__(self):
        return f"BuildView({self.tag!r})"
