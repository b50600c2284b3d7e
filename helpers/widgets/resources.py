"""CPU and memory of one container from ``docker stats``, against the limit the course set."""

import threading
import time
from html import escape

import ipywidgets as widgets

from ..engine import client, engine_errors
from ..engine.errors import KursusError
from ..host.limits import NOT_ENFORCED, cpu_percent, limits_enforced, memory_bytes
from ..objects.images import human_size
from .plots import png, resources_figure


class ResourceUse(widgets.VBox):
    """CPU (% of one core) and memory of a running container for ``seconds``, with its memory limit.

    Samples arrive about once a second in the background. Where the engine enforces no
    limits (see :func:`helpers.host.limits.limits_enforced`) the widget says so instead of plotting.
    Similar to ``docker stats NAME``.

    Args:
        container: The container (object or name).
        seconds: How long to sample.

    Example:
        ``ResourceUse("kursus-05-web", seconds=5)``
    """

    def __init__(self, container, seconds=5):
        self.name = container if isinstance(container, str) else container.name
        self.seconds = seconds
        self.samples = []
        self._stopped = threading.Event()
        self._line = widgets.HTML("Mengambil sampel <code>docker stats</code> ...")
        self._line.add_class("kursus-resources-line")
        self._chart = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self._chart.add_class("kursus-resources-chart")
        super().__init__([widgets.HTML(f"<b>Pemakaian sumber daya <code>{escape(self.name)}</code></b>"),
                          self._line, self._chart], layout=widgets.Layout(max_width="900px"))
        self.add_class("kursus-resources")
        with engine_errors():
            self.memory_limit = client().api.inspect_container(self.name)["HostConfig"].get("Memory") or 0
        self._thread = None
        if not limits_enforced():
            self._line.value = escape(NOT_ENFORCED)
            return
        self._thread = threading.Thread(target=self._sample, name="kursus-stats", daemon=True)
        self._thread.start()

    def _sample(self):
        start = time.time()
        try:
            with engine_errors():
                for sample in client().api.stats(self.name, stream=True, decode=True):
                    if self._stopped.is_set() or sample.get("read", "").startswith("0001"):
                        break
                    if not (sample.get("precpu_stats") or {}).get("system_cpu_usage"):
                        continue  # the first sample has no earlier reading to measure CPU against
                    seconds = time.time() - start
                    self.samples.append((seconds, cpu_percent(sample), memory_bytes(sample)))
                    self._draw()
                    if seconds >= self.seconds:
                        break
        except KursusError as exc:
            self._line.value = f"⚠ {escape(str(exc))}"

    def _draw(self):
        _, cpu, memory = self.samples[-1]
        limit = f" dari batas {human_size(self.memory_limit, binary=True)} ({memory / self.memory_limit * 100:.1f}%)" \
            if self.memory_limit else " (tanpa batas)"
        self._line.value = f"CPU {cpu:.1f}% · memori {human_size(memory, binary=True)}{limit} · {len(self.samples)} sampel"
        self._chart.value = png(resources_figure(self.samples, self.memory_limit))

    def wait(self):
        """Wait until sampling has ended."""
        if self._thread is not None:
            self._thread.join()

    def close(self):
        """Stop sampling and close the widget."""
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(3)
        super().close()

    def __repr__(self):
        return f"ResourceUse({self.name!r})"
